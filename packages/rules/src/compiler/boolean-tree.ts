import type { Instruction } from '../plan/types.js';

/**
 * The boolean structure of a condition between the AST and a postfix program: small
 * enough to fold constants and reorder conjuncts without touching the AST.
 */
export type BooleanTree =
  | { kind: 'const'; value: boolean }
  | { kind: 'predicate'; index: number }
  | { kind: 'not'; operand: BooleanTree }
  | { kind: 'and'; operands: BooleanTree[] }
  | { kind: 'or'; operands: BooleanTree[] };

export const TRUE: BooleanTree = { kind: 'const', value: true };
export const FALSE: BooleanTree = { kind: 'const', value: false };

export function not(operand: BooleanTree): BooleanTree {
  if (operand.kind === 'const') return { kind: 'const', value: !operand.value };
  if (operand.kind === 'not') return operand.operand;
  return { kind: 'not', operand };
}

/** `and` with constants folded and nested `and`s flattened. */
export function and(operands: BooleanTree[]): BooleanTree {
  const kept: BooleanTree[] = [];
  for (const operand of operands) {
    if (operand.kind === 'const') {
      if (!operand.value) return FALSE;
      continue;
    }
    if (operand.kind === 'and') kept.push(...operand.operands);
    else kept.push(operand);
  }
  if (kept.length === 0) return TRUE;
  return kept.length === 1 ? kept[0] : { kind: 'and', operands: kept };
}

/** `or` with constants folded and nested `or`s flattened. */
export function or(operands: BooleanTree[]): BooleanTree {
  const kept: BooleanTree[] = [];
  for (const operand of operands) {
    if (operand.kind === 'const') {
      if (operand.value) return TRUE;
      continue;
    }
    if (operand.kind === 'or') kept.push(...operand.operands);
    else kept.push(operand);
  }
  if (kept.length === 0) return FALSE;
  return kept.length === 1 ? kept[0] : { kind: 'or', operands: kept };
}

/** Postfix program for the stack machine of PLAN.md. */
export function toProgram(tree: BooleanTree): Instruction[] {
  const program: Instruction[] = [];
  // Iterative post-order walk: rules can nest deeply and executors avoid recursion too.
  const stack: { tree: BooleanTree; expanded: boolean }[] = [{ tree, expanded: false }];
  while (stack.length > 0) {
    const top = stack.pop() as { tree: BooleanTree; expanded: boolean };
    const node = top.tree;
    if (node.kind === 'const') program.push({ op: 'const', value: node.value });
    else if (node.kind === 'predicate') program.push({ op: 'predicate', index: node.index });
    else if (top.expanded) {
      if (node.kind === 'not') program.push({ op: 'not' });
      else for (let i = 1; i < node.operands.length; i++) program.push({ op: node.kind });
    } else {
      stack.push({ tree: node, expanded: true });
      const children = node.kind === 'not' ? [node.operand] : node.operands;
      for (let i = children.length - 1; i >= 0; i--) stack.push({ tree: children[i], expanded: false });
    }
  }
  return program;
}
