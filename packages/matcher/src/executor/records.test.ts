// What a match record says (rule, suppressing allowlist item, predicate truths, first
// patterns), and that a full output area never loses anything.

import type { Plan } from '@llm-egress/rules';
import { describe, expect, it } from 'vitest';
import { encodePlan, moduleOf, planOf, rules, VARIANTS } from './executor.test-helper.js';
import { loadPlan } from './raw-executor.js';

const encoder = new TextEncoder();
const RULE = 'network where dns.question.name : ("api.openai.com", "*.openai.azure.com") and process.name : ("node.exe", "python*")';

/** RULE with two allowlist items: python3.exe (exact), then any *.openai.azure.com name. */
function planWithExceptions(): { plan: Plan; dnsGroup: number; processGroup: number; pythonItem: number; azureItem: number } {
  const builder = rules.PlanBuilder.from(planOf([RULE]));
  const clause = builder.clause({ rule: -1, text: 'allowlist', line: 1, column: 1, exception: 0 });
  const pythonItem = builder.groupPredicate('process.name', { mode: 'exact', caseInsensitive: false, patterns: ['python3.exe'] }, clause);
  const azureItem = builder.groupPredicate(
    'dns.question.name',
    { mode: 'wildcard', caseInsensitive: true, patterns: ['*.openai.azure.com'] },
    clause,
  );
  builder.exception(0, { id: 'python3' }, [{ op: 'predicate', index: pythonItem }]);
  builder.exception(0, { id: 'azure' }, [{ op: 'predicate', index: azureItem }]);
  const plan = builder.build();
  const indexOf = (field: string, first: string) =>
    plan.predicates.findIndex(
      (predicate) =>
        predicate.kind === 'group' &&
        plan.fields[predicate.field] === field &&
        plan.stringSets[predicate.set].groups[predicate.group].patterns[0] === first,
    );
  return {
    plan,
    dnsGroup: indexOf('dns.question.name', 'api.openai.com'),
    processGroup: indexOf('process.name', 'node.exe'),
    pythonItem,
    azureItem,
  };
}

const line = (name: string, process: string) =>
  `{"event":{"category":["network"]},"dns":{"question":{"name":"${name}"}},"process":{"name":"${process}"}}`;

describe('match records', () => {
  for (const variant of VARIANTS) {
    it(`${variant}: rule, suppressing item, predicate truths and first patterns`, () => {
      const { plan, dnsGroup, processGroup, pythonItem, azureItem } = planWithExceptions();
      const executor = loadPlan(moduleOf(variant), encodePlan(plan));
      try {
        const lines = [
          line('api.openai.com', 'python.exe'),
          line('x.OpenAI.azure.com', 'Node.exe'),
          line('api.openai.com', 'python3.exe'),
          line('example.com', 'node.exe'),
        ];
        const result = executor.scan(encoder.encode(lines.join('\n')));
        expect(result.matches.map((match) => [match.line, match.rule, match.suppressedBy])).toEqual([
          [0, 0, -1],
          [1, 0, 1],
          [2, 0, 0],
        ]);
        const [first, second, third] = result.matches;
        expect(first.predicates[dnsGroup]).toBe(1);
        expect(first.firstPatterns[dnsGroup]).toBe(0);
        expect(first.predicates[processGroup]).toBe(1);
        expect(first.firstPatterns[processGroup]).toBe(1); // "python*"
        expect(first.predicates[pythonItem]).toBe(0);
        expect(first.firstPatterns[pythonItem]).toBe(-1);
        expect(second.firstPatterns[dnsGroup]).toBe(1); // "*.openai.azure.com"
        expect(second.firstPatterns[processGroup]).toBe(0); // "node.exe", case-insensitively
        expect(second.predicates[azureItem]).toBe(1);
        expect(third.predicates[pythonItem]).toBe(1);
        // the category predicate was evaluated too; nothing is left unevaluated for a match
        expect([...first.predicates].every((truth) => truth !== -1)).toBe(true);
        expect(result.lines).toBe(4);
        expect(result.evaluated + result.prefilterRejected).toBe(4);
      } finally {
        executor.free();
      }
    });

    it(`${variant}: a tiny output area gives the same records, over several calls`, () => {
      const plan = planOf([RULE, 'network where process.name : "node.exe"']);
      const lines: string[] = [];
      for (let index = 0; index < 40; index++) {
        if (index % 3 === 0) lines.push(line('api.openai.com', 'node.exe'));
        else if (index % 3 === 1)
          lines.push('{"dns":{"question":{"name":"api.openai.com"'); // truncated: an error
        else lines.push(line('example.com', 'chrome.exe'));
      }
      const chunk = encoder.encode(lines.join('\n'));
      const roomy = loadPlan(moduleOf(variant), encodePlan(plan));
      const tiny = loadPlan(moduleOf(variant), encodePlan(plan), { matchRecords: 2, errorRecords: 1 });
      try {
        const expected = roomy.scan(chunk);
        expect(expected.matches).toHaveLength(28);
        expect(expected.errors).toHaveLength(13);
        expect(tiny.scan(chunk)).toEqual(expected);
        expect(() => loadPlan(moduleOf(variant), encodePlan(plan), { matchRecords: 1 })).toThrow(/at least 2/);
      } finally {
        roomy.free();
        tiny.free();
      }
    });
  }
});
