/**
 * The EQL abstract syntax tree: a discriminated union on `kind`, every node with the
 * source span it was parsed from. It holds everything that *parses* (arithmetic, regex,
 * any function, pipes), so that `checkQuery` can reject unsupported constructs with a
 * precise location; a query that passes `checkQuery` only uses the shapes documented as
 * "supported" below.
 *
 * Parentheses leave no node: `(a)` is `a`. Literal values are decoded (escapes applied).
 */

/** Where a node came from in the query text. */
export interface Span {
  /** offset of the first character in the query text (UTF-16 index, as `String.prototype.slice`) */
  start: number;
  /** offset just past the last character */
  end: number;
  /** 1-based line of `start`, with `lineOffset` applied */
  line: number;
  /** 1-based column of `start` in code points, with `columnOffset` applied on the query's first line */
  column: number;
}

/** The text a query was parsed from: kept so that later passes can show located excerpts. */
export interface QuerySource {
  text: string;
  file?: string;
  /** added to every line number (a query starting on line 12 of its file has lineOffset 11) */
  lineOffset: number;
  /** added to column numbers on the query's first line */
  columnOffset: number;
}

/** `<category> where <where> | pipe | …` — a single-event query. */
export interface Query {
  kind: 'query';
  /** the event category; `null` for `any` */
  category: string | null;
  where: Expr;
  /** `| head 5` and friends: parsed so they can be reported, never supported */
  pipes: Pipe[];
  span: Span;
  source: QuerySource;
}

/** `| name arg, arg` — unsupported: `checkQuery` reports every pipe. */
export interface Pipe {
  kind: 'pipe';
  name: string;
  args: Expr[];
  span: Span;
}

/** `a and b and c`: a chain written without parentheses is one node with every operand. */
export interface AndExpr {
  kind: 'and';
  operands: Expr[];
  span: Span;
}

/** `a or b or c`, same shape as `and`. */
export interface OrExpr {
  kind: 'or';
  operands: Expr[];
  span: Span;
}

export interface NotExpr {
  kind: 'not';
  operand: Expr;
  span: Span;
}

export type ComparisonOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * `left op right`. Supported when one side is a field and the other a literal, in either
 * order (`0 <= exit_code` is supported); ordering operators take number or string
 * literals only. `comparisonOperands` normalises the two orders.
 */
export interface ComparisonExpr {
  kind: 'comparison';
  op: ComparisonOperator;
  left: Expr;
  right: Expr;
  span: Span;
}

export type WildcardOperator = ':' | 'like' | 'like~';

/**
 * `field : "p"`, `field like ("p1", "p2")`: some string value of the field matches some
 * pattern (`*`, `?` wildcards, anchored). `:` and `like~` fold ASCII case, `like` does not.
 */
export interface WildcardExpr {
  kind: 'wildcard';
  op: WildcardOperator;
  field: FieldExpr;
  /** decoded pattern texts, at least one */
  patterns: string[];
  /** span of each pattern literal, parallel to `patterns` */
  patternSpans: Span[];
  /** true when written as a parenthesised list, even of one pattern (kept for the printer) */
  writtenAsList: boolean;
  span: Span;
}

export type RegexOperator = 'regex' | 'regex~';

/** `field regex "…"`: parsed, never supported (Lucene regular expressions are not implemented). */
export interface RegexExpr {
  kind: 'regex';
  op: RegexOperator;
  field: FieldExpr;
  patterns: string[];
  patternSpans: Span[];
  writtenAsList: boolean;
  span: Span;
}

export type InOperator = 'in' | 'in~';

/**
 * `field in (v1, v2)`, `field in~ (…)`, and with `negated`, `field not in (…)`.
 * Supported when every value is a string, number or boolean literal (`in~`: strings only).
 * `f not in (…)` means `not (f in (…))`: true when the field is missing.
 */
export interface InExpr {
  kind: 'in';
  op: InOperator;
  negated: boolean;
  field: FieldExpr;
  values: Expr[];
  span: Span;
}

/** A field reference: `process.name`, `?process.code_signature.trusted`, `` `a b`.c ``. */
export interface FieldExpr {
  kind: 'field';
  /**
   * The name's segments as written (backquoted segments may themselves contain dots:
   * Elasticsearch field names are dotted strings, so `` `a.b` `` and `a.b` name the same field).
   */
  path: string[];
  /** written with a leading `?` (optional field): evaluates exactly like the plain field */
  optional: boolean;
  span: Span;
}

export interface StringLiteral {
  kind: 'string';
  value: string;
  span: Span;
}

export interface NumberLiteral {
  kind: 'number';
  value: number;
  /** the literal as written, with a leading `-` when negated: `"3"`, `"-1"`, `"4.5"`, `"1e3"` */
  text: string;
  /** true for integer literals (`3`), false for decimal ones (`3.0`, `1e3`, `.5`) */
  integer: boolean;
  span: Span;
}

export interface BooleanLiteral {
  kind: 'boolean';
  value: boolean;
  span: Span;
}

export interface NullLiteral {
  kind: 'null';
  span: Span;
}

/**
 * `name(args)` or `name~(args)`. Supported: `startsWith`, `endsWith`, `stringContains`
 * (with or without `~`) as `f(field, "text")`, and `cidrMatch(field, "cidr", …)`.
 * Function names resolve ASCII-case-insensitively, as in Elasticsearch.
 */
export interface CallExpr {
  kind: 'call';
  /** the name as written, without the `~` */
  name: string;
  caseInsensitive: boolean;
  args: Expr[];
  span: Span;
}

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';

/** `a + b` and friends: parsed, never supported. */
export interface ArithmeticExpr {
  kind: 'arithmetic';
  op: ArithmeticOperator;
  left: Expr;
  right: Expr;
  span: Span;
}

/** `-expr` where `expr` is not a number literal (`-1` is a number literal): never supported. */
export interface NegateExpr {
  kind: 'negate';
  operand: Expr;
  span: Span;
}

export type Literal = StringLiteral | NumberLiteral | BooleanLiteral | NullLiteral;

export type Expr =
  | AndExpr
  | OrExpr
  | NotExpr
  | ComparisonExpr
  | WildcardExpr
  | RegexExpr
  | InExpr
  | FieldExpr
  | StringLiteral
  | NumberLiteral
  | BooleanLiteral
  | NullLiteral
  | CallExpr
  | ArithmeticExpr
  | NegateExpr;

export type ExprKind = Expr['kind'];

export type Node = Query | Pipe | Expr;

/** For exhaustive `switch (node.kind)`: a compile error when a kind is forgotten. */
export function assertNever(value: never, context = 'node'): never {
  const kind = typeof value === 'object' && value !== null && 'kind' in value ? String((value as { kind: unknown }).kind) : String(value);
  throw new Error(`unhandled ${context} kind: ${kind}`);
}

export function isLiteral(expr: Expr): expr is Literal {
  return expr.kind === 'string' || expr.kind === 'number' || expr.kind === 'boolean' || expr.kind === 'null';
}

/** The direct sub-expressions of an expression, in source order. */
export function childExpressions(expr: Expr): Expr[] {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return expr.operands;
    case 'not':
    case 'negate':
      return [expr.operand];
    case 'comparison':
    case 'arithmetic':
      return [expr.left, expr.right];
    case 'wildcard':
    case 'regex':
      return [expr.field];
    case 'in':
      return [expr.field, ...expr.values];
    case 'call':
      return expr.args;
    case 'field':
    case 'string':
    case 'number':
    case 'boolean':
    case 'null':
      return [];
    default:
      return assertNever(expr, 'expression');
  }
}

/** The mirror of an ordering operator: `a < b` ⇔ `b > a`. */
export function flipComparisonOperator(op: ComparisonOperator): ComparisonOperator {
  switch (op) {
    case '==':
    case '!=':
      return op;
    case '<':
      return '>';
    case '<=':
      return '>=';
    case '>':
      return '<';
    case '>=':
      return '<=';
    default:
      return assertNever(op, 'comparison operator');
  }
}

/**
 * A field-versus-literal comparison in the field-first orientation (`0 <= exit_code`
 * becomes `exit_code >= 0`), or `undefined` when the comparison is not of that shape.
 */
export function comparisonOperands(comparison: ComparisonExpr): { field: FieldExpr; op: ComparisonOperator; literal: Literal } | undefined {
  const { left, right, op } = comparison;
  if (left.kind === 'field' && isLiteral(right)) return { field: left, op, literal: right };
  if (right.kind === 'field' && isLiteral(left)) return { field: right, op: flipComparisonOperator(op), literal: left };
  return undefined;
}

/** The field's name as Elasticsearch sees it: segments joined with dots. */
export function fieldName(field: FieldExpr): string {
  return field.path.join('.');
}

/**
 * A deep copy without location data (`span`, `patternSpans`, `source`): two queries that
 * differ only in layout, comments or quoting compare equal after this.
 */
export function stripLocations<T>(node: T): T {
  if (Array.isArray(node)) return node.map((item) => stripLocations(item)) as T;
  if (typeof node !== 'object' || node === null) return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'span' || key === 'patternSpans' || key === 'source') continue;
    copy[key] = stripLocations(value);
  }
  return copy as T;
}
