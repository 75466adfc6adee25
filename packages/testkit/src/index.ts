export { sharedDir, sharedPath, hasShared, SHARED_MISSING_MESSAGE } from './shared.js';
export {
  codePointsOf,
  foldAscii,
  referenceLiteralMatch,
  referenceMatchGroups,
  referencePatternMatch,
  referenceWildcardMatch,
  type ReferenceGroup,
  type ReferenceMatch,
  type ReferenceMode,
} from './reference-matcher.js';
export {
  groupArbitrary,
  groupsWithValuesArbitrary,
  patternArbitrary,
  REFERENCE_MODES,
  STRING_SET_ALPHABET,
  valueArbitrary,
  valueFromPatternArbitrary,
} from './arbitraries/strings.js';
export {
  EQL_CATEGORIES,
  EQL_FIELDS,
  EQL_TEXT_CHARACTERS,
  type EqlFieldSpec,
  eqlCase,
  eqlEvent,
  eqlQuery,
  eqlSyntaxQuery,
  eqlText,
  eqlTextPool,
  eqlTokenSoup,
} from './arbitraries/eql.js';
export { type RuleVocabulary, nearValue, ruleEvent, ruleEventFacts, shapeEvent } from './arbitraries/rule-events.js';
export { type RealEvent, type RealEventShape, loadRealEventFile, loadRealEvents, realEventFiles, realEventsDir } from './fixtures/real-events.js';
export {
  type JsonLineStyle,
  type MalformedLine,
  RawJsonNumber,
  eventNoise,
  jsonLine,
  jsonLineStyle,
  malformedJsonLine,
  serializeJsonLine,
  withNoise,
} from './arbitraries/json-lines.js';
