/**
 * The checker: which parsed EQL llm-egress can evaluate. Everything else fails closed
 * here, with a coded diagnostic naming the construct and its position, so that no rule is
 * ever run partially. A query with no diagnostic uses only these shapes:
 *
 * - conditions: `and`, `or`, `not`, `true`, `false`, and the predicates below;
 * - `field op literal` or `literal op field` (`==`, `!=` with a string, number, boolean or
 *   null; `<`, `<=`, `>`, `>=` with a string or number);
 * - `field : patterns`, `like`, `like~` (string patterns, guaranteed by the parser);
 * - `field [not] in (literals)` (strings, numbers, booleans; `in~`: strings only);
 * - `startsWith`, `endsWith`, `stringContains` (± `~`) as `f(field, "text")`;
 *   `cidrMatch(field, "cidr", …)` with valid IPv4/IPv6 blocks.
 */

import { parseCidr } from '../interpreter/ip.js';
import {
  assertNever,
  type CallExpr,
  type ComparisonExpr,
  comparisonOperands,
  type Expr,
  type InExpr,
  isLiteral,
  type Query,
  type QuerySource,
} from './ast.js';
import { type Diagnostic, type DiagnosticCode, SourceLocator } from './errors.js';
import { isStringFunction, resolveFunction, SUPPORTED_FUNCTIONS_TEXT } from './functions.js';
import { printExpression } from './printer.js';

/** Every unsupported construct of the query; an empty list means it can be evaluated. */
export function checkQuery(query: Query): Diagnostic[] {
  const checker = new Checker(query.source);
  checker.condition(query.where);
  for (const pipe of query.pipes) {
    checker.report('unsupported-pipe', `pipes are not supported (\`| ${pipe.name}\`): a rule is a condition on one event`, pipe);
  }
  return checker.diagnostics;
}

/**
 * The same checks for a bare condition (an allowlist item, say), whose spans point into
 * `source`. Check trees before combining them: spans only make sense in their own source.
 */
export function checkExpression(expression: Expr, source: QuerySource): Diagnostic[] {
  const checker = new Checker(source);
  checker.condition(expression);
  return checker.diagnostics;
}

class Checker {
  readonly diagnostics: Diagnostic[] = [];
  private readonly locator: SourceLocator;

  constructor(source: QuerySource) {
    this.locator = new SourceLocator(source);
  }

  report(code: DiagnosticCode, message: string, node: { span: { start: number; end: number } }): void {
    this.diagnostics.push(this.locator.diagnostic(code, message, node.span.start, node.span.end));
  }

  /** `expr` where a true/false condition is expected. */
  condition(expr: Expr): void {
    switch (expr.kind) {
      case 'and':
      case 'or':
        for (const operand of expr.operands) this.condition(operand);
        return;
      case 'not':
        this.condition(expr.operand);
        return;
      case 'boolean':
      case 'wildcard':
        return;
      case 'comparison':
        this.comparison(expr);
        return;
      case 'in':
        this.inList(expr);
        return;
      case 'call':
        this.call(expr);
        return;
      case 'regex':
        this.report(
          'unsupported-regex',
          `${expr.op} is not supported (Lucene regular expressions are not implemented): use : or like with * and ? wildcards`,
          expr,
        );
        return;
      case 'field':
        this.report(
          'unsupported-condition',
          `the field ${printExpression(expr)} alone is not a condition: compare it, e.g. \`${printExpression(expr)} == true\` or \`${printExpression(expr)} != null\``,
          expr,
        );
        return;
      case 'string':
      case 'number':
      case 'null':
        this.report('unsupported-condition', `${printExpression(expr)} alone is not a condition (only true and false are)`, expr);
        return;
      case 'arithmetic':
      case 'negate':
        this.report('unsupported-arithmetic', `arithmetic is not supported (\`${printExpression(expr)}\`)`, expr);
        return;
      default:
        assertNever(expr, 'expression');
    }
  }

  /** A comparison operand that is neither a field nor a literal: say what it is. */
  private value(expr: Expr): void {
    switch (expr.kind) {
      case 'call':
        if (!resolveFunction(expr.name)) this.unsupportedFunction(expr);
        else
          this.report(
            'unsupported-comparison',
            `the result of ${expr.name}(…) cannot be compared: use the call itself as a condition`,
            expr,
          );
        return;
      case 'arithmetic':
      case 'negate':
        this.report('unsupported-arithmetic', `arithmetic is not supported (\`${printExpression(expr)}\`)`, expr);
        return;
      case 'regex':
        this.report('unsupported-regex', `${expr.op} is not supported (Lucene regular expressions are not implemented)`, expr);
        return;
      case 'and':
      case 'or':
      case 'not':
      case 'comparison':
      case 'wildcard':
      case 'in':
        this.report('unsupported-comparison', 'comparing the result of a condition is not supported: compare a field with a literal', expr);
        return;
      case 'field':
      case 'string':
      case 'number':
      case 'boolean':
      case 'null':
        return;
      default:
        assertNever(expr, 'expression');
    }
  }

  private comparison(expr: ComparisonExpr): void {
    const operands = comparisonOperands(expr);
    if (!operands) {
      const complex = [expr.left, expr.right].filter((side) => side.kind !== 'field' && !isLiteral(side));
      if (complex.length > 0) {
        for (const side of complex) this.value(side);
      } else if (expr.left.kind === 'field') {
        this.report(
          'unsupported-comparison',
          `comparing two fields is not supported (\`${printExpression(expr)}\`): compare a field with a literal`,
          expr,
        );
      } else {
        this.report(
          'unsupported-comparison',
          `comparing two literals is not supported (\`${printExpression(expr)}\`): compare a field with a literal`,
          expr,
        );
      }
      return;
    }
    const { op, literal } = operands;
    if (op !== '==' && op !== '!=' && (literal.kind === 'null' || literal.kind === 'boolean')) {
      this.report('unsupported-comparison', `${op} orders numbers and strings only, not ${printExpression(literal)}`, expr);
    }
  }

  private inList(expr: InExpr): void {
    const operator = expr.negated ? `not ${expr.op}` : expr.op;
    for (const value of expr.values) {
      if (value.kind === 'null') {
        this.report(
          'unsupported-in-value',
          `null in an ${operator} list is not supported: test \`${printExpression(expr.field)} == null\` instead`,
          value,
        );
      } else if (!isLiteral(value)) {
        this.report('unsupported-in-value', `only literals can appear in an ${operator} list, not \`${printExpression(value)}\``, value);
      } else if (expr.op === 'in~' && value.kind !== 'string') {
        this.report('unsupported-in-value', `in~ compares strings only, not ${printExpression(value)}`, value);
      }
    }
  }

  private unsupportedFunction(expr: CallExpr): void {
    this.report(
      'unsupported-function',
      `the function ${expr.name}${expr.caseInsensitive ? '~' : ''} is not supported (supported: ${SUPPORTED_FUNCTIONS_TEXT})`,
      expr,
    );
  }

  private call(expr: CallExpr): void {
    const name = resolveFunction(expr.name);
    if (!name) {
      this.unsupportedFunction(expr);
      return;
    }
    if (isStringFunction(name)) {
      const [field, text] = expr.args;
      if (expr.args.length !== 2 || field.kind !== 'field' || text.kind !== 'string') {
        this.report('unsupported-argument', `${name} takes a field and a string, as in ${name}(process.name, "text")`, expr);
      }
      return;
    }
    if (expr.caseInsensitive) {
      this.report('unsupported-function', 'cidrMatch has no case-insensitive (~) variant', expr);
      return;
    }
    const [field, ...blocks] = expr.args;
    if (field?.kind !== 'field' || blocks.length === 0) {
      this.report(
        'unsupported-argument',
        'cidrMatch takes a field and one or more CIDR blocks, as in cidrMatch(destination.ip, "10.0.0.0/8")',
        expr,
      );
      return;
    }
    for (const block of blocks) {
      if (block.kind !== 'string') {
        this.report(
          'unsupported-argument',
          `a cidrMatch block must be a string such as "10.0.0.0/8", not \`${printExpression(block)}\``,
          block,
        );
      } else if (!parseCidr(block.value)) {
        this.report(
          'invalid-cidr',
          `${printExpression(block)} is not an IPv4 or IPv6 address or CIDR block such as "10.0.0.0/8" or "fe80::/10"`,
          block,
        );
      }
    }
  }
}
