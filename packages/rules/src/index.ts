// The EQL language: parse, check, print, and the reference interpreter (the oracle).

export { type CompilableRule, CompileError, compileRules } from './compiler/compile.js';
export { compileLoadedRules } from './compiler/compile-loaded.js';
export { patternLiteral } from './compiler/literals.js';
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
export {
  assertNever,
  childExpressions,
  comparisonOperands,
  fieldName,
  flipComparisonOperator,
  isLiteral,
  stripLocations,
} from './eql/ast.js';
export { checkExpression, checkQuery } from './eql/checker.js';
export { DIAGNOSTIC_CODES, type Diagnostic, type DiagnosticCode, EqlError, formatDiagnostic } from './eql/errors.js';
export { resolveFunction, type SupportedFunction } from './eql/functions.js';
export { type ParseExpressionResult, type ParseOptions, type ParseResult, parseExpression, parseQuery } from './eql/parser.js';
export { printExpression, printQuery, printString } from './eql/printer.js';
export { evaluateReference } from './interpreter/evaluate.js';
export { cidrContains, parseCidr, parseIpAddress } from './interpreter/ip.js';
export { asciiFold, compareCodePoints } from './interpreter/text.js';
export { type FieldValue, fieldValues } from './interpreter/values.js';
export { wildcardMatch } from './interpreter/wildcard.js';
export {
  type BundledRuleInfo,
  bundledRuleIds,
  DEFAULT_RULE_ID,
  isBundledRuleId,
  listBundledRules,
  loadBundledRule,
} from './loaders/bundled.js';
export { loadEqlFile } from './loaders/eql-file.js';
export { loadKibanaExport } from './loaders/kibana.js';
export { loadRuleFile, loadRules } from './loaders/load.js';
export { ruleQuery } from './loaders/query.js';
export { loadTomlRule } from './loaders/toml.js';
// Rule files, the bundled rule pack, and the compiler to a Plan (PLAN.md).
export type { LoadedRule, RuleExample, RuleFileDiagnostic } from './loaders/types.js';
export { RuleFileError } from './loaders/types.js';
export { PlanBuilder } from './plan/builder.js';
export { decodePlan, encodeGroupsSpec, encodePlan, OPCODES, PLAN_MAGIC, PlanFormatError, programStackDepth } from './plan/codec.js';
export type * from './plan/types.js';
export { COMPARE_OPERATOR_CODES, GROUP_MODE_CODES, PLAN_FORMAT_VERSION, PREDICATE_KIND_CODES } from './plan/types.js';
