// The executor's view of the string-set automaton: its AS-internal contract
// (assembly/automaton/string-set.ts): compile a Plan string set from its spec bytes, match
// a value, read which groups matched and their first patterns.
export {
  compileStringSet,
  freeStringSet,
  lastCompileErrorGroup,
  lastCompileErrorPattern,
  matchStringSet,
  resultMatchesPtr,
  stringSetGroupCount,
} from '../automaton/string-set';
