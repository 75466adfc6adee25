// Corpus generator: realistic ECS endpoint events with the expected alerts of each rule.
export { type CorpusContext, type CorpusLine, type EventKind, SEGMENT_LINES, corpusContext, generateCorpus, generateSegment } from './generator.js';
export { writeCorpus, type WriteCorpusOptions, type WriteCorpusResult } from './writer.js';
export { EXPECTED_FORMAT, type ExpectedDocument, type RuleExpectation, formatExpected } from './expected.js';
export { CorpusOptionError, type CorpusOptions, DEFAULT_OPTIONS, parseSize, parseSourceMix, resolveOptions } from './options.js';
export { BUNDLED_RULE_NAMES, type CorpusRule, type GatedEvaluator, bundledRuleFiles, evaluateRules, gatedEvaluator, loadCorpusRules, projectedFieldValues } from './rules.js';
export { type ScenarioKind, CURRENT_RULE, V2_RULE, SCENARIOS } from './scenarios.js';
export { type EscapeStyle, type KeyOrder, type SerializeStyle, exactLargeIntegers, serializeEvent } from './serialize.js';
export { type MalformedKind, MALFORMED_KINDS } from './malformed.js';
export { Random } from './random.js';
export { wildcardMatches } from './domains.js';
export { main } from './cli.js';
