// The EQL language: parse, check, print, and the reference interpreter (the oracle).
export type {
  AndExpr,
  ArithmeticExpr,
  ArithmeticOperator,
  BooleanLiteral,
  CallExpr,
  ComparisonExpr,
  ComparisonOperator,
  Expr,
  ExprKind,
  FieldExpr,
  InExpr,
  InOperator,
  Literal,
  NegateExpr,
  Node,
  NotExpr,
  NullLiteral,
  NumberLiteral,
  OrExpr,
  Pipe,
  Query,
  QuerySource,
  RegexExpr,
  RegexOperator,
  Span,
  StringLiteral,
  WildcardExpr,
  WildcardOperator,
} from './eql/ast.js';
export { assertNever, childExpressions, comparisonOperands, fieldName, flipComparisonOperator, isLiteral, stripLocations } from './eql/ast.js';
export { parseExpression, parseQuery, type ParseExpressionResult, type ParseOptions, type ParseResult } from './eql/parser.js';
export { checkExpression, checkQuery } from './eql/checker.js';
export { printExpression, printQuery, printString } from './eql/printer.js';
export { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode, EqlError, formatDiagnostic } from './eql/errors.js';
export { resolveFunction, type SupportedFunction } from './eql/functions.js';
export { evaluateReference } from './interpreter/evaluate.js';
export { type FieldValue, fieldValues } from './interpreter/values.js';
export { wildcardMatch } from './interpreter/wildcard.js';
export { asciiFold, compareCodePoints } from './interpreter/text.js';
export { cidrContains, parseCidr, parseIpAddress } from './interpreter/ip.js';
