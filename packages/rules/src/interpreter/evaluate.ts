/**
 * The reference interpreter: the oracle every faster executor is tested against. It walks
 * the AST over a JS object and says what Elasticsearch would say, following
 * ../shared/SEMANTICS.md line by line. Simple and slow on purpose: no caching, no
 * cleverness, every rule written where it is used.
 */

import {
  assertNever,
  type CallExpr,
  type ComparisonExpr,
  type ComparisonOperator,
  comparisonOperands,
  type Expr,
  type InExpr,
  type Literal,
  type Query,
  type WildcardExpr,
} from '../eql/ast.js';
import { checkQuery } from '../eql/checker.js';
import { EqlError } from '../eql/errors.js';
import { resolveFunction } from '../eql/functions.js';
import { cidrContains, parseCidr, parseIpAddress } from './ip.js';
import { asciiFold, compareCodePoints } from './text.js';
import { type FieldValue, fieldValues } from './values.js';
import { wildcardMatch } from './wildcard.js';

/** Queries already checked: checking builds excerpts, too slow to repeat per event. */
const checked = new WeakSet<Query>();

/**
 * Elastic's verdict for one event: does `query` match it? Throws `EqlError` when the query
 * uses a construct `checkQuery` rejects, and `TypeError` when the event is not an object.
 */
export function evaluateReference(query: Query, event: unknown): boolean {
  if (!checked.has(query)) {
    const diagnostics = checkQuery(query);
    if (diagnostics.length > 0) throw new EqlError(diagnostics);
    checked.add(query);
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new TypeError(
      `an event must be a JSON object, not ${event === null ? 'null' : Array.isArray(event) ? 'an array' : typeof event}`,
    );
  }
  // `network where C`: "network" must be one of the values of event.category, exactly
  if (query.category !== null && !fieldValues(event, ['event', 'category']).includes(query.category)) return false;
  return evaluate(query.where, event);
}

function evaluate(expr: Expr, event: object): boolean {
  switch (expr.kind) {
    case 'and':
      return expr.operands.every((operand) => evaluate(operand, event));
    case 'or':
      return expr.operands.some((operand) => evaluate(operand, event));
    case 'not':
      return !evaluate(expr.operand, event);
    case 'boolean':
      return expr.value;
    case 'comparison':
      return evaluateComparison(expr, event);
    case 'wildcard':
      return evaluateWildcard(expr, event);
    case 'in':
      return evaluateIn(expr, event);
    case 'call':
      return evaluateCall(expr, event);
    case 'regex':
    case 'field':
    case 'string':
    case 'number':
    case 'null':
    case 'arithmetic':
    case 'negate':
      throw new Error(`unreachable: checkQuery accepted a ${expr.kind} as a condition`);
    default:
      return assertNever(expr, 'expression');
  }
}

function evaluateComparison(expr: ComparisonExpr, event: object): boolean {
  const operands = comparisonOperands(expr);
  if (!operands) throw new Error('unreachable: checkQuery accepted a comparison without a field and a literal');
  const { field, op, literal } = operands;
  const values = fieldValues(event, field.path);
  if (literal.kind === 'null') {
    // `f == null`: no value at all; `f != null`: some value ("" counts)
    if (op === '==') return values.length === 0;
    if (op === '!=') return values.length > 0;
    throw new Error('unreachable: checkQuery accepted an ordering against null');
  }
  if (op === '==') return values.some((value) => equalsLiteral(value, literal));
  // two-valued logic: `f != v` is `not (f == v)`, true when f is missing
  if (op === '!=') return !values.some((value) => equalsLiteral(value, literal));
  return values.some((value) => ordersAs(value, op, literal));
}

/**
 * `value == literal` for one value. Strings match strings exactly; a number matches an
 * equal JSON number or a string whose text is that number; `true` matches true and
 * "true"; `false` matches false, "false" and "".
 */
function equalsLiteral(value: FieldValue, literal: Literal): boolean {
  switch (literal.kind) {
    case 'string':
      return typeof value === 'string' && value === literal.value;
    case 'number':
      if (typeof value === 'number') return value === literal.value;
      return typeof value === 'string' && isNumberText(value) && Number(value) === literal.value;
    case 'boolean':
      if (literal.value) return value === true || value === 'true';
      return value === false || value === 'false' || value === '';
    case 'null':
      return false;
    default:
      return assertNever(literal, 'literal');
  }
}

/** A JSON number's text: `-12`, `0.5`, `1e3` (not `01`, `.5`, ` 1`, `0x10`, `Infinity`). */
function isNumberText(text: string): boolean {
  return /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(text);
}

/** `value op literal` for an ordering operator: numbers numerically, strings in UTF-8 byte order, mixed never. */
function ordersAs(value: FieldValue, op: ComparisonOperator, literal: Literal): boolean {
  let order: number;
  if (literal.kind === 'number' && typeof value === 'number')
    order = value < literal.value ? -1 : value > literal.value ? 1 : value === literal.value ? 0 : Number.NaN;
  else if (literal.kind === 'string' && typeof value === 'string') order = compareCodePoints(value, literal.value);
  else return false;
  switch (op) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '==':
    case '!=':
      throw new Error('unreachable: equality is not an ordering');
    default:
      return assertNever(op, 'comparison operator');
  }
}

/** Some string value matches some pattern; `:` and `like~` fold ASCII case, `like` does not. */
function evaluateWildcard(expr: WildcardExpr, event: object): boolean {
  const caseInsensitive = expr.op !== 'like';
  return fieldValues(event, expr.field.path).some(
    (value) => typeof value === 'string' && expr.patterns.some((pattern) => wildcardMatch(value, pattern, caseInsensitive)),
  );
}

/** `f in (a, b)` is `f == a or f == b`; `in~` compares strings with ASCII folding; `not in` negates. */
function evaluateIn(expr: InExpr, event: object): boolean {
  const literals = expr.values as Literal[];
  const found = fieldValues(event, expr.field.path).some((value) =>
    literals.some((literal) => {
      if (expr.op === 'in') return equalsLiteral(value, literal);
      return typeof value === 'string' && literal.kind === 'string' && asciiFold(value) === asciiFold(literal.value);
    }),
  );
  return expr.negated ? !found : found;
}

function evaluateCall(expr: CallExpr, event: object): boolean {
  const name = resolveFunction(expr.name);
  const [field, ...rest] = expr.args;
  if (!name || field.kind !== 'field') throw new Error(`unreachable: checkQuery accepted the call ${expr.name}`);
  const values = fieldValues(event, field.path).filter((value): value is string => typeof value === 'string');
  const texts = rest.map((argument) => (argument.kind === 'string' ? argument.value : ''));
  if (name === 'cidrMatch') {
    const blocks = texts.map((text) => parseCidr(text));
    return values.some((value) => {
      const address = parseIpAddress(value);
      return address !== undefined && blocks.some((block) => block !== undefined && cidrContains(block, address));
    });
  }
  const fold = (text: string) => (expr.caseInsensitive ? asciiFold(text) : text);
  const needle = fold(texts[0]);
  return values.some((value) => {
    const haystack = fold(value);
    switch (name) {
      case 'startsWith':
        return haystack.startsWith(needle);
      case 'endsWith':
        return haystack.endsWith(needle);
      case 'stringContains':
        return haystack.includes(needle);
      default:
        return assertNever(name, 'function');
    }
  });
}
