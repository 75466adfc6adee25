/**
 * The EQL printer: source text for an AST such that parsing it gives the same tree
 * (modulo locations). It adds parentheses wherever the grammar's precedence would
 * otherwise regroup the tree, and only there.
 */

import { assertNever, type Expr, type FieldExpr, type Pipe, type Query } from './ast.js';
import { isBareIdentifier } from './tokens.js';

export function printQuery(query: Query): string {
  const category = query.category === null ? 'any' : isBareIdentifier(query.category) ? query.category : printString(query.category);
  const pipes = query.pipes.map((pipe) => ` ${printPipe(pipe)}`).join('');
  return `${category} where ${printExpression(query.where)}${pipes}`;
}

function printPipe(pipe: Pipe): string {
  const args = pipe.args.map(printExpression).join(', ');
  return args ? `| ${pipe.name} ${args}` : `| ${pipe.name}`;
}

/** Binding strength of each kind: a child binding more loosely than its context needs parentheses. */
enum Level {
  Or = 1,
  And = 2,
  Not = 3,
  Comparison = 4,
  Additive = 5,
  Multiplicative = 6,
  Unary = 7,
  Primary = 8,
}

function level(expr: Expr): Level {
  switch (expr.kind) {
    case 'or':
      return Level.Or;
    case 'and':
      return Level.And;
    case 'not':
      return Level.Not;
    case 'comparison':
      return Level.Comparison;
    case 'arithmetic':
      return expr.op === '+' || expr.op === '-' ? Level.Additive : Level.Multiplicative;
    case 'negate':
      return Level.Unary;
    // a predicate binds to one primary expression, and a negative number prints as `-1`
    case 'wildcard':
    case 'regex':
    case 'in':
      return Level.Unary;
    case 'number':
      return expr.text.startsWith('-') ? Level.Unary : Level.Primary;
    case 'field':
    case 'string':
    case 'boolean':
    case 'null':
    case 'call':
      return Level.Primary;
    default:
      return assertNever(expr, 'expression');
  }
}

/** `expr` printed where the grammar expects at least `minimum`. */
function printAt(expr: Expr, minimum: Level): string {
  const text = printExpression(expr);
  return level(expr) < minimum ? `(${text})` : text;
}

export function printExpression(expr: Expr): string {
  switch (expr.kind) {
    case 'or':
      // a nested `or` keeps its own node only inside parentheses
      return expr.operands.map((operand) => printAt(operand, Level.And)).join(' or ');
    case 'and':
      return expr.operands.map((operand) => printAt(operand, Level.Not)).join(' and ');
    case 'not':
      return `not ${printAt(expr.operand, Level.Not)}`;
    case 'comparison':
      return `${printAt(expr.left, Level.Additive)} ${expr.op} ${printAt(expr.right, Level.Additive)}`;
    case 'arithmetic': {
      const own = level(expr);
      // left-associative: the right operand needs parentheses at the same level
      return `${printAt(expr.left, own)} ${expr.op} ${printAt(expr.right, own + 1)}`;
    }
    case 'negate':
      // `- -x` rather than `--x`, and `-(-1)` rather than `--1`, which would fold differently
      return expr.operand.kind === 'number' ? `-(${printExpression(expr.operand)})` : `-${printAt(expr.operand, Level.Unary)}`;
    case 'wildcard':
    case 'regex': {
      const patterns = expr.patterns.map(printString);
      const right = expr.writtenAsList ? `(${patterns.join(', ')})` : patterns[0];
      return `${printField(expr.field)} ${expr.op} ${right}`;
    }
    case 'in':
      return `${printField(expr.field)} ${expr.negated ? 'not ' : ''}${expr.op} (${expr.values.map(printExpression).join(', ')})`;
    case 'field':
      return printField(expr);
    case 'string':
      return printString(expr.value);
    case 'number':
      return expr.text;
    case 'boolean':
      return expr.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'call':
      return `${expr.name}${expr.caseInsensitive ? '~' : ''}(${expr.args.map(printExpression).join(', ')})`;
    default:
      return assertNever(expr, 'expression');
  }
}

export function printField(field: FieldExpr): string {
  const path = field.path.map((segment) => (isBareIdentifier(segment) ? segment : `\`${segment.replaceAll('`', '``')}\``)).join('.');
  return field.optional ? `?${path}` : path;
}

const STRING_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A double-quoted EQL string literal for `value` (control characters as `\u{XX}`). */
export function printString(value: string): string {
  let text = '"';
  for (const character of value) {
    const escaped = STRING_ESCAPES[character];
    if (escaped !== undefined) {
      text += escaped;
      continue;
    }
    const code = character.codePointAt(0) ?? 0;
    if (code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029) text += `\\u{${code.toString(16).padStart(2, '0')}}`;
    else text += character;
  }
  return `${text}"`;
}
