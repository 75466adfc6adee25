import type { Instruction } from '@llm-egress/rules';
import { LlmEgressError } from '../errors.js';

/**
 * A rule's postfix program (PLAN.md "Programs") rebuilt as a tree once, at load time, so
 * that evaluation short-circuits: the compiler puts the most selective test first in
 * each `and`, and on the 99.9 % of events that do not match only that test runs.
 */
export type ProgramNode =
  | { kind: 'const'; value: boolean }
  | { kind: 'predicate'; index: number }
  | { kind: 'not'; operand: ProgramNode }
  | { kind: 'and'; operands: ProgramNode[] }
  | { kind: 'or'; operands: ProgramNode[] };

/** Rebuilds the tree of a postfix program, flattening nested `and`/`or` chains. */
export function programTree(program: readonly Instruction[], predicateCount: number, what: string): ProgramNode {
  const stack: ProgramNode[] = [];
  const malformed = (reason: string): never => {
    throw new LlmEgressError('PLAN_PROGRAM', `${what}: malformed program (${reason})`);
  };
  for (const instruction of program) {
    switch (instruction.op) {
      case 'const':
        stack.push({ kind: 'const', value: instruction.value });
        break;
      case 'predicate':
        if (!Number.isInteger(instruction.index) || instruction.index < 0 || instruction.index >= predicateCount) {
          malformed(`predicate ${instruction.index} out of range`);
        }
        stack.push({ kind: 'predicate', index: instruction.index });
        break;
      case 'not': {
        const operand = stack.pop() ?? malformed('not on an empty stack');
        stack.push({ kind: 'not', operand });
        break;
      }
      case 'and':
      case 'or': {
        const right = stack.pop() ?? malformed(`${instruction.op} on an empty stack`);
        const left = stack.pop() ?? malformed(`${instruction.op} needs two operands`);
        const operands: ProgramNode[] = [];
        for (const operand of [left, right]) {
          if (operand.kind === instruction.op) operands.push(...operand.operands);
          else operands.push(operand);
        }
        stack.push({ kind: instruction.op, operands });
        break;
      }
      default:
        malformed(`unknown instruction ${JSON.stringify(instruction)}`);
    }
  }
  if (stack.length !== 1) malformed(`${stack.length} values left on the stack`);
  return stack[0];
}

/** Evaluates a tree, asking `predicate(i)` only for the predicates it needs (left to right). */
export function evaluateTree(node: ProgramNode, predicate: (index: number) => boolean): boolean {
  switch (node.kind) {
    case 'const':
      return node.value;
    case 'predicate':
      return predicate(node.index);
    case 'not':
      return !evaluateTree(node.operand, predicate);
    case 'and':
      for (const operand of node.operands) if (!evaluateTree(operand, predicate)) return false;
      return true;
    case 'or':
      for (const operand of node.operands) if (evaluateTree(operand, predicate)) return true;
      return false;
  }
}

/**
 * The predicates that made a true tree true, in positive position: every operand of a
 * true `and`, the true operands of an `or`, nothing under a `not` (a test that failed
 * and was negated says nothing about what matched). Used for `llm_egress.matched`.
 */
export function firedPredicates(node: ProgramNode, predicate: (index: number) => boolean): number[] {
  const fired: number[] = [];
  const pending: ProgramNode[] = [node];
  while (pending.length > 0) {
    const current = pending.pop() as ProgramNode;
    switch (current.kind) {
      case 'predicate':
        if (predicate(current.index)) fired.push(current.index);
        break;
      case 'and':
      case 'or':
        for (let index = current.operands.length - 1; index >= 0; index--) {
          const operand = current.operands[index];
          if (evaluateTree(operand, predicate)) pending.push(operand);
        }
        break;
      case 'const':
      case 'not':
        break;
    }
  }
  return fired;
}
