// Corpus generator: realistic ECS endpoint events with the expected alerts of each rule.

export { main } from './cli.js';
export { wildcardMatches } from './domains.js';
export { EXPECTED_FORMAT, type ExpectedDocument, formatExpected, type RuleExpectation } from './expected.js';
export {
  type CorpusContext,
  type CorpusLine,
  corpusContext,
  type EventKind,
  generateCorpus,
  generateSegment,
  SEGMENT_LINES,
} from './generator.js';
export { MALFORMED_KINDS, type MalformedKind } from './malformed.js';
export { CorpusOptionError, type CorpusOptions, DEFAULT_OPTIONS, parseSize, parseSourceMix, resolveOptions } from './options.js';
export { Random } from './random.js';
export {
  BUNDLED_RULE_NAMES,
  bundledRuleFiles,
  type CorpusRule,
  conjunctEvaluator,
  type EvaluationStatistics,
  evaluateRules,
  FieldReader,
  loadCorpusRules,
  projectedFieldValues,
} from './rules.js';
export { CURRENT_RULE, SCENARIOS, type ScenarioKind, V2_RULE } from './scenarios.js';
export { type EscapeStyle, exactLargeIntegers, type KeyOrder, type SerializeStyle, serializeEvent } from './serialize.js';
export { type WriteCorpusOptions, type WriteCorpusResult, writeCorpus } from './writer.js';
