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
export {
  eventNoise,
  type JsonLineStyle,
  jsonLine,
  jsonLineStyle,
  type MalformedLine,
  malformedJsonLine,
  RawJsonNumber,
  serializeJsonLine,
  withNoise,
} from './arbitraries/json-lines.js';
export { nearValue, type RuleVocabulary, ruleEvent, ruleEventFacts, shapeEvent } from './arbitraries/rule-events.js';
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
  loadRealEventFile,
  loadRealEvents,
  type RealEvent,
  type RealEventShape,
  realEventFiles,
  realEventsDir,
} from './fixtures/real-events.js';
export {
  codePointsOf,
  foldAscii,
  type ReferenceGroup,
  type ReferenceMatch,
  type ReferenceMode,
  referenceLiteralMatch,
  referenceMatchGroups,
  referencePatternMatch,
  referenceWildcardMatch,
} from './reference-matcher.js';
export { hasShared, SHARED_MISSING_MESSAGE, sharedDir, sharedPath } from './shared.js';
