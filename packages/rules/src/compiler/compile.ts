import {
  assertNever,
  type CallExpr,
  type ComparisonExpr,
  comparisonOperands,
  type Expr,
  type FieldExpr,
  fieldName,
  type InExpr,
  type Literal,
  type Query,
  type WildcardExpr,
} from '../eql/ast.js';
import { parseCidr } from '../interpreter/ip.js';
import type { LoadedRule } from '../loaders/types.js';
import { PlanBuilder } from '../plan/builder.js';
import type { CidrBlock, Plan, PlanGroup, RuleMetadata } from '../plan/types.js';
import { and, type BooleanTree, FALSE, not, or, toProgram } from './boolean-tree.js';
import { chooseRequiredLiterals } from './literals.js';

/** A rule ready to compile: its loaded file data and its checked query. */
export interface CompilableRule {
  rule: LoadedRule;
  query: Query;
}

export class CompileError extends Error {
  readonly code = 'COMPILE';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${line}:${column}: ${message}`);
    this.name = 'CompileError';
  }
}

/** Groups that every match of a rule needs, collected while compiling its top-level `and`. */
interface RuleContext {
  builder: PlanBuilder;
  rule: number;
  query: Query;
  providers: LoadedRule['providers'];
  /** predicate index → group, for the group predicates of this rule */
  groupOfPredicate: Map<number, PlanGroup>;
}

function clauseFor(context: RuleContext, expr: Expr): number {
  const text = context.query.source.text.slice(expr.span.start, expr.span.end).replace(/\s+/g, ' ');
  return context.builder.clause({ rule: context.rule, text, line: expr.span.line, column: expr.span.column });
}

function groupPredicate(context: RuleContext, field: FieldExpr, group: PlanGroup, clause: number): BooleanTree {
  const name = fieldName(field);
  const index = context.builder.groupPredicate(name, group, clause);
  context.groupOfPredicate.set(index, group);
  const predicate = context.builder.predicateAt(index);
  if (predicate.kind === 'group') {
    group.patterns.forEach((pattern, patternIndex) => {
      const provider = context.providers[pattern];
      if (provider) context.builder.patternProvider(predicate.set, predicate.group, patternIndex, provider);
    });
  }
  return { kind: 'predicate', index };
}

/** `f == literal` as a tree (`!=` is its negation, applied by the caller). */
function equals(context: RuleContext, field: FieldExpr, literal: Literal, clause: number, caseInsensitive = false): BooleanTree {
  switch (literal.kind) {
    case 'null':
      return not({ kind: 'predicate', index: context.builder.existsPredicate(fieldName(field), clause) });
    case 'string':
      return groupPredicate(context, field, { mode: 'exact', caseInsensitive, patterns: [literal.value] }, clause);
    case 'number':
    case 'boolean':
      return { kind: 'predicate', index: context.builder.comparePredicate(fieldName(field), '==', literal.value, clause) };
    default:
      return assertNever(literal, 'literal');
  }
}

function compileComparison(context: RuleContext, expr: ComparisonExpr): BooleanTree {
  const operands = comparisonOperands(expr);
  if (!operands) throw new CompileError('a comparison must be between a field and a literal', expr.span.line, expr.span.column);
  const { field, op, literal } = operands;
  const clause = clauseFor(context, expr);
  if (op === '==') return equals(context, field, literal, clause);
  if (op === '!=') return not(equals(context, field, literal, clause));
  // Ordering: numbers numerically, strings by UTF-8 byte order; null and booleans never order.
  if (literal.kind !== 'number' && literal.kind !== 'string') return FALSE;
  return { kind: 'predicate', index: context.builder.comparePredicate(fieldName(field), op, literal.value, clause) };
}

function compileWildcard(context: RuleContext, expr: WildcardExpr): BooleanTree {
  const group: PlanGroup = { mode: 'wildcard', caseInsensitive: expr.op !== 'like', patterns: expr.patterns };
  return groupPredicate(context, expr.field, group, clauseFor(context, expr));
}

function compileIn(context: RuleContext, expr: InExpr): BooleanTree {
  const clause = clauseFor(context, expr);
  const caseInsensitive = expr.op === 'in~';
  const strings: string[] = [];
  const others: BooleanTree[] = [];
  for (const value of expr.values) {
    if (value.kind === 'string') strings.push(value.value);
    else if (value.kind === 'number' || value.kind === 'boolean' || value.kind === 'null')
      others.push(equals(context, expr.field, value, clause));
    else throw new CompileError(`${value.kind} is not a literal`, value.span.line, value.span.column);
  }
  const anyOf = or([
    ...(strings.length > 0 ? [groupPredicate(context, expr.field, { mode: 'exact', caseInsensitive, patterns: strings }, clause)] : []),
    ...others,
  ]);
  return expr.negated ? not(anyOf) : anyOf;
}

const STRING_FUNCTIONS: Record<string, PlanGroup['mode']> = { startswith: 'prefix', endswith: 'suffix', stringcontains: 'contains' };

function compileCall(context: RuleContext, expr: CallExpr): BooleanTree {
  const name = expr.name.toLowerCase();
  const [first, ...rest] = expr.args;
  if (first?.kind !== 'field') throw new CompileError(`${expr.name} needs a field as its first argument`, expr.span.line, expr.span.column);
  const clause = clauseFor(context, expr);
  const mode = STRING_FUNCTIONS[name];
  if (mode) {
    const patterns = rest.map((argument) => {
      if (argument.kind !== 'string')
        throw new CompileError(`${expr.name} takes string literals after the field`, argument.span.line, argument.span.column);
      return argument.value;
    });
    return groupPredicate(context, first, { mode, caseInsensitive: expr.caseInsensitive, patterns }, clause);
  }
  if (name === 'cidrmatch') {
    const blocks: CidrBlock[] = rest.map((argument) => {
      const block = argument.kind === 'string' ? parseCidr(argument.value) : null;
      if (!block) throw new CompileError('cidrMatch takes CIDR string literals after the field', argument.span.line, argument.span.column);
      return block;
    });
    return { kind: 'predicate', index: context.builder.cidrPredicate(fieldName(first), blocks, clause) };
  }
  throw new CompileError(`unsupported function ${expr.name}`, expr.span.line, expr.span.column);
}

function compileExpr(context: RuleContext, expr: Expr): BooleanTree {
  switch (expr.kind) {
    case 'and':
      return and(expr.operands.map((operand) => compileExpr(context, operand)));
    case 'or':
      return or(expr.operands.map((operand) => compileExpr(context, operand)));
    case 'not':
      return not(compileExpr(context, expr.operand));
    case 'comparison':
      return compileComparison(context, expr);
    case 'wildcard':
      return compileWildcard(context, expr);
    case 'in':
      return compileIn(context, expr);
    case 'call':
      return compileCall(context, expr);
    case 'boolean':
      return { kind: 'const', value: expr.value };
    case 'regex':
    case 'field':
    case 'string':
    case 'number':
    case 'null':
    case 'arithmetic':
    case 'negate':
      throw new CompileError(`unsupported ${expr.kind} expression as a condition`, expr.span.line, expr.span.column);
    default:
      return assertNever(expr, 'expression');
  }
}

/**
 * The prefilter group: among the top-level conjuncts that are group predicates, the
 * rule's long pattern list (the most patterns, e.g. the DNS names), not a categorical
 * filter such as `event.category == "network"` or `host.os.type == "windows"` whose
 * literal occurs in almost every line. Ties go to the longest shortest literal.
 */
function requiredLiterals(context: RuleContext, tree: BooleanTree): string[] | null {
  const conjuncts = tree.kind === 'and' ? tree.operands : [tree];
  const candidates = conjuncts
    .filter((conjunct): conjunct is { kind: 'predicate'; index: number } => conjunct.kind === 'predicate')
    .map((conjunct) => context.groupOfPredicate.get(conjunct.index))
    .filter((group): group is PlanGroup => group !== undefined);
  const withLiterals = candidates
    .map((group) => ({ group, literals: chooseRequiredLiterals([group]) }))
    .filter((candidate): candidate is { group: PlanGroup; literals: string[] } => candidate.literals !== null);
  if (withLiterals.length === 0) return null;
  withLiterals.sort(
    (a, b) =>
      b.group.patterns.length - a.group.patterns.length ||
      Math.min(...b.literals.map((l) => l.length)) - Math.min(...a.literals.map((l) => l.length)),
  );
  return withLiterals[0].literals;
}

/** Puts the prefilter's group first in the top-level `and`: executors evaluate in order. */
function selectiveFirst(context: RuleContext, tree: BooleanTree, literals: string[] | null): BooleanTree {
  if (tree.kind !== 'and' || literals === null) return tree;
  const isSelective = (operand: BooleanTree) => {
    if (operand.kind !== 'predicate') return false;
    const group = context.groupOfPredicate.get(operand.index);
    return group !== undefined && JSON.stringify(chooseRequiredLiterals([group])) === JSON.stringify(literals);
  };
  const first = tree.operands.findIndex(isSelective);
  if (first <= 0) return tree;
  return { kind: 'and', operands: [tree.operands[first], ...tree.operands.filter((_, index) => index !== first)] };
}

/** The part of a loaded rule that travels into the Plan. */
function metadataOf({
  source,
  ruleId,
  name,
  description,
  severity,
  riskScore,
  version,
  threat,
  references,
  tags,
  index,
  query,
}: LoadedRule): RuleMetadata {
  return { source, ruleId, name, description, severity, riskScore, version, threat, references, tags, index, query };
}

/** Compiles checked rules into one Plan (PLAN.md); the rule order is kept. */
export function compileRules(rules: CompilableRule[]): Plan {
  const builder = new PlanBuilder();
  rules.forEach(({ rule, query }, ruleIndex) => {
    const context: RuleContext = { builder, rule: ruleIndex, query, providers: rule.providers, groupOfPredicate: new Map() };
    const category =
      query.category === null
        ? []
        : [
            groupPredicate(
              context,
              { kind: 'field', path: ['event', 'category'], optional: false, span: query.span },
              { mode: 'exact', caseInsensitive: false, patterns: [query.category] },
              builder.clause({ rule: ruleIndex, text: `${query.category} where`, line: query.span.line, column: query.span.column }),
            ),
          ];
    const tree = and([...category, compileExpr(context, query.where)]);
    const literals = requiredLiterals(context, tree);
    builder.rule(metadataOf(rule), toProgram(selectiveFirst(context, tree, literals)), literals);
  });
  return builder.build();
}
