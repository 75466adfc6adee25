import { ruleQuery } from '../loaders/query.js';
import type { LoadedRule } from '../loaders/types.js';
import type { Plan } from '../plan/types.js';
import { compileRules } from './compile.js';

/** Compiles rules returned by the loaders (their queries are already parsed and checked). */
export function compileLoadedRules(rules: LoadedRule[]): Plan {
  return compileRules(rules.map((rule) => ({ rule, query: ruleQuery(rule) })));
}
