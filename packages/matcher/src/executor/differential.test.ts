// Differential properties: the raw executor (both builds) against the reference
// interpreter on JSON.parse of the very same line, for generated queries and for the
// bundled rules, with lines serialised in many styles (key order, whitespace, escapes,
// duplicate keys, dotted keys, number forms) and buried in ECS-like noise.

import type { Query } from '@llm-egress/rules';
import { eqlCase, jsonLine, ruleEvent, withNoise } from '@llm-egress/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundledRules, executorFor, parsedQuery, planOf, queryVocabulary, rules, scanLines, VARIANTS } from './executor.test-helper.js';
import type { RawExecutor, RawScanResult } from './raw-executor.js';

const RUNS = Number(process.env.FC_NUM_RUNS ?? 300);

/** Per line and rule: matched and not suppressed. */
function verdicts(result: RawScanResult, lines: number, rules: number): boolean[][] {
  const table = Array.from({ length: lines }, () => new Array<boolean>(rules).fill(false));
  for (const match of result.matches) if (match.suppressedBy < 0) table[match.line][match.rule] = true;
  return table;
}

function expectedVerdicts(queries: Query[], lines: string[]): boolean[][] {
  return lines.map((line) => {
    const event = JSON.parse(line) as object;
    return queries.map((query) => rules.evaluateReference(query, event));
  });
}

/** Both builds, with and without validation, must give exactly the expected verdicts and no errors. */
function checkAll(executors: RawExecutor[], queries: Query[], lines: string[]): void {
  const expected = expectedVerdicts(queries, lines);
  let first: RawScanResult | undefined;
  for (const [index, executor] of executors.entries()) {
    for (const validate of [false, true]) {
      const result = scanLines(executor, lines, validate);
      const actual = verdicts(result, lines.length, queries.length);
      if (result.errors.length > 0 || JSON.stringify(actual) !== JSON.stringify(expected)) {
        expect({ build: VARIANTS[index], validate, lines, errors: result.errors, actual }).toEqual({
          build: VARIANTS[index],
          validate,
          lines,
          errors: [],
          actual: expected,
        });
      }
      // the builds agree on everything they report, not only on verdicts
      if (!validate) {
        if (first === undefined) first = result;
        else expect(result).toEqual(first);
      }
    }
  }
}

describe('raw executor vs reference interpreter: generated queries and events', () => {
  it('agrees on every serialisation of every event, in both builds', () => {
    fc.assert(
      fc.property(
        eqlCase().chain(({ query, events }) =>
          fc.record({
            query: fc.constant(query),
            lines: fc.tuple(...events.map((event) => fc.oneof(fc.constant(event), withNoise(event)).chain(jsonLine))),
          }),
        ),
        ({ query, lines }) => {
          const plan = planOf([query]);
          const executors = VARIANTS.map((variant) => executorFor(variant, plan));
          try {
            checkAll(executors, [parsedQuery(query)], lines);
          } finally {
            for (const executor of executors) executor.free();
          }
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('raw executor vs reference interpreter: the bundled rules', () => {
  const { queries, plan } = bundledRules();
  const vocabulary = queryVocabulary(queries);

  it('agrees on generated endpoint events (both rules at once, both builds)', () => {
    const executors = VARIANTS.map((variant) => executorFor(variant, plan));
    try {
      fc.assert(
        fc.property(
          fc.array(
            ruleEvent(vocabulary).chain((event) => fc.oneof(fc.constant(event), withNoise(event)).chain(jsonLine)),
            { minLength: 1, maxLength: 12 },
          ),
          (lines) => checkAll(executors, queries, lines),
        ),
        { numRuns: RUNS * 4 },
      );
    } finally {
      for (const executor of executors) executor.free();
    }
  });
});
