// Differential tests: every engine (both builds × DFA and lazy DFA with a 4-state cache)
// against the reference matcher in testkit, on random groups, modes and values.

import { groupsWithValuesArbitrary, type ReferenceGroup, referenceMatchGroups } from '@llm-egress/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENGINES } from './engines.test-helper.js';
import { compileStringSet } from './string-set.js';

const RUNS = Number(process.env.FC_NUM_RUNS ?? 300);

function checkAgainstReference(engine: (typeof ENGINES)[number], groups: ReferenceGroup[], values: string[]): void {
  const set = compileStringSet(engine.module, groups, engine.options);
  try {
    for (const value of values) {
      const expected = referenceMatchGroups(groups, value);
      const actual = set.match(value);
      if (actual.groups.join() !== expected.groups.join() || actual.firstPattern.join() !== expected.firstPattern.join()) {
        expect({ value, groups, actual }).toEqual({ value, groups, actual: expected });
      }
      expect(set.match(new TextEncoder().encode(value))).toEqual(actual);
    }
  } finally {
    set.free();
  }
}

// Failing cases found while developing, kept as regressions (input of the property).
const REGRESSIONS: { groups: ReferenceGroup[]; values: string[] }[] = [
  // `?` must not match half of a code point that `*` started.
  { groups: [{ mode: 'wildcard', caseInsensitive: false, patterns: ['*?'] }], values: ['\u00E9', '\u{1F600}', 'a\u{1F600}'] },
  // One value, many groups: first pattern per group, not of the whole set.
  {
    groups: [
      { mode: 'wildcard', caseInsensitive: true, patterns: ['OpenJS Foundation', 'Google LLC'] },
      { mode: 'wildcard', caseInsensitive: true, patterns: ['Google LLC', 'OpenJS*'] },
    ],
    values: ['openjs foundation', 'GOOGLE llc'],
  },
];

describe.each(ENGINES)('differential against the reference matcher on $name', (engine) => {
  it.each(REGRESSIONS.map((regression, index) => ({ ...regression, index })))('regression $index', ({ groups, values }) => {
    checkAgainstReference(engine, groups, values);
  });

  it('agrees on small random sets', () => {
    fc.assert(
      fc.property(groupsWithValuesArbitrary(), ({ groups, values }) => checkAgainstReference(engine, groups, values)),
      { numRuns: RUNS },
    );
  });

  it('agrees on larger random sets (many groups, longer patterns)', () => {
    fc.assert(
      fc.property(groupsWithValuesArbitrary({ maxGroups: 24, maxPatterns: 8, maxValues: 16 }), ({ groups, values }) =>
        checkAgainstReference(engine, groups, values),
      ),
      { numRuns: Math.max(20, Math.floor(RUNS / 5)) },
    );
  });
});
