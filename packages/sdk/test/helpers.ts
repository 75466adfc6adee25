import { compileStringSet, type MatcherModule } from '@llm-egress/matcher';
import { checkQuery, compileRules, formatDiagnostic, type LoadedRule, type Plan, parseQuery, type Query } from '@llm-egress/rules';
import type { SetMatcher } from '../src/executor/object-executor.js';

/** A checked query from EQL text; throws with the diagnostics when it does not parse or check. */
export function query(text: string): Query {
  const { query: parsed, diagnostics } = parseQuery(text);
  const problems = parsed ? [...diagnostics, ...checkQuery(parsed)] : diagnostics;
  if (!parsed || problems.length > 0)
    throw new Error(`bad test query ${JSON.stringify(text)}:\n${problems.map(formatDiagnostic).join('\n')}`);
  return parsed;
}

/** A LoadedRule around a query text, for compiling test plans. */
export function testRule(text: string, index = 0): LoadedRule {
  return {
    source: `test-rule-${index}`,
    file: `test-rule-${index}.eql`,
    indexInFile: 0,
    ruleId: `test-${index}`,
    name: `Test rule ${index}`,
    description: '',
    severity: 'low',
    riskScore: 21,
    version: 1,
    threat: [],
    references: [],
    tags: [],
    index: [],
    query: text,
    queryLine: 1,
    queryColumn: 1,
    providers: {},
    examples: [],
  };
}

/** One Plan holding every query text, in order. */
export function planOf(texts: readonly string[]): { plan: Plan; queries: Query[] } {
  const queries = texts.map(query);
  return { plan: compileRules(texts.map((text, index) => ({ rule: testRule(text, index), query: queries[index] }))), queries };
}

/** The WASM string-set matcher as the object executor uses it. */
export function wasmMatchers(module: MatcherModule): (groups: Plan['stringSets'][number]['groups']) => SetMatcher {
  return (groups) => {
    const set = compileStringSet(module, groups);
    return {
      match(value) {
        const { groups: matched, firstPattern } = set.match(value);
        return { groups: matched, firstPatterns: firstPattern };
      },
    };
  };
}
