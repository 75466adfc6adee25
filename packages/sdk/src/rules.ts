import {
  CompileError,
  compileLoadedRules,
  DEFAULT_RULE_ID,
  type LoadedRule,
  loadRules,
  type Plan,
  type Query,
  RuleFileError,
  ruleQuery,
} from '@llm-egress/rules';
import { RuleError } from './errors.js';

export interface LoadedRuleSet {
  rules: LoadedRule[];
  queries: Query[];
  plan: Plan;
}

/** Loads bundled ids and rule files, and compiles them into one Plan; failures become located RuleErrors. */
export function loadRuleSet(references: readonly string[] | undefined): LoadedRuleSet {
  const wanted = references ?? [DEFAULT_RULE_ID];
  if (wanted.length === 0)
    throw new RuleError('RULES_EMPTY', 'no rules: pass bundled rule ids or rule files (or omit `rules` for the default llm-endpoints)');
  const rules: LoadedRule[] = [];
  for (const reference of wanted) {
    try {
      rules.push(...loadRules(reference));
    } catch (error) {
      if (error instanceof RuleFileError) {
        // The first problem gives the location; every other one follows, fully located.
        const [first, ...others] = error.diagnostics;
        const message = [
          `${first?.message ?? 'invalid rule file'}${first?.excerpt ? `\n${first.excerpt}` : ''}`,
          ...others.map(
            (other) =>
              `${other.file}:${other.line}:${other.column}: ${other.code}: ${other.message}${other.excerpt ? `\n${other.excerpt}` : ''}`,
          ),
        ].join('\n');
        throw new RuleError(
          error.code,
          message,
          first ? { file: first.file, line: first.line, column: first.column } : { file: reference },
          { cause: error },
        );
      }
      throw new RuleError(
        'RULE_LOAD',
        `cannot load rule ${JSON.stringify(reference)}: ${(error as Error).message}`,
        { file: reference },
        { cause: error },
      );
    }
  }
  const queries = rules.map((rule) => ruleQuery(rule));
  let plan: Plan;
  try {
    plan = compileLoadedRules(rules);
  } catch (error) {
    if (error instanceof CompileError)
      throw new RuleError('RULE_COMPILE', error.message, { line: error.line, column: error.column }, { cause: error });
    throw error;
  }
  return { rules, queries, plan };
}
