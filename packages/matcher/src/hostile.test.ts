// Hostile sets compile within the bounds and still answer correctly: either a DFA whose
// size is asserted, the lazy DFA (bounded cache, asserted), or a located error.

import { referenceMatchGroups, referenceWildcardMatch } from '@llm-egress/testkit';
import { describe, expect, it } from 'vitest';
import { ENGINES } from './engines.test-helper.js';
import { MatcherError } from './errors.js';
import { compileStringSet } from './string-set.js';

const NODE_ENGINES = ENGINES.filter((engine) => engine.options.maxDfaStates === undefined);

/** A deterministic pseudo-random generator (xorshift32), so hostile inputs are reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

describe.each(NODE_ENGINES)('hostile patterns on $name', (engine) => {
  const compile = (patterns: string[], mode: 'wildcard' | 'exact' = 'wildcard') =>
    compileStringSet(engine.module, [{ mode, caseInsensitive: true, patterns }]);

  it('*a*a*a*a*a*a*a*a*b stays a small DFA and never backtracks', () => {
    const pattern = '*a*a*a*a*a*a*a*a*b';
    const set = compile([pattern]);
    try {
      const info = set.info();
      expect(info.kind).toBe('dfa');
      // One state per number of a's seen (0–8), each with or without a trailing b, plus dead.
      expect(info.states).toBeLessThanOrEqual(20);
      for (const value of ['aaaaaaaab', 'aaaaaaab', 'xaxaxaxaxaxaxaxaxb', 'AAAAAAAAB', 'aaaaaaaaba']) {
        expect(set.matchCount(value) > 0, value).toBe(referenceWildcardMatch(pattern, value, true));
      }
      // The classic backtracking killer: 100,000 a's and no b.
      expect(set.matchCount('a'.repeat(100_000))).toBe(0);
      expect(set.matchCount(`${'a'.repeat(100_000)}b`)).toBe(1);
    } finally {
      set.free();
    }
  });

  it('an exponential DFA (*a followed by 20 ?) falls back to the bounded lazy DFA', () => {
    const pattern = `*a${'?'.repeat(20)}`;
    const set = compile([pattern]);
    try {
      const info = set.info();
      expect(info.kind).toBe('lazy-dfa');
      expect(info.states).toBe(1024);
      expect(info.tableBytes).toBe(1024 * info.byteClasses * 4);
      const next = random(42);
      for (let index = 0; index < 200; index++) {
        const value = Array.from({ length: 18 + Math.floor(next() * 8) }, () => (next() < 0.5 ? 'a' : 'b')).join('');
        expect(set.matchCount(value) > 0, value).toBe(referenceWildcardMatch(pattern, value, true));
      }
      // A long random value visits far more states than the cache holds: it is flushed, and
      // the answer is still right (a at position length - 21).
      const long = Array.from({ length: 65_536 }, () => (next() < 0.5 ? 'a' : 'b'));
      long[long.length - 21] = 'a';
      expect(set.matchCount(long.join(''))).toBe(1);
      long[long.length - 21] = 'b';
      expect(set.matchCount(long.join(''))).toBe(0);
      expect(set.info().cacheFlushes).toBeGreaterThan(0);
      expect(set.info().memoryBytes).toBeLessThan(8 << 20);
    } finally {
      set.free();
    }
  });

  it('10,000 patterns compile once and report the first matching pattern', () => {
    const next = random(7);
    const letters = 'abcdefghijklmnopqrstuvwxyz0123456789-';
    const label = (length: number) => Array.from({ length }, () => letters[Math.floor(next() * letters.length)]).join('');
    const patterns = Array.from({ length: 10_000 }, (_, index) =>
      index % 10 === 0 ? `*.${label(6)}.${label(3)}` : `${label(3 + Math.floor(next() * 8))}.${label(5)}.com`,
    );
    const set = compile(patterns);
    try {
      const info = set.info();
      expect(info.states).toBeLessThanOrEqual(16_384);
      expect(info.memoryBytes).toBeLessThan(64 << 20);
      for (let index = 0; index < patterns.length; index += 499) {
        const value = patterns[index].replace('*', 'Sub').toUpperCase();
        const expected = referenceMatchGroups([{ mode: 'wildcard', caseInsensitive: true, patterns }], value);
        expect(set.match(value)).toEqual(expected);
        expect(expected.groups).toEqual([0]);
      }
      expect(set.matchCount('no-such-domain.example')).toBe(0);
    } finally {
      set.free();
    }
  });

  it('a 64 KiB literal pattern compiles and matches exactly', () => {
    const next = random(11);
    const pattern = Array.from({ length: 65_536 }, () => String.fromCharCode(0x21 + Math.floor(next() * 94)).replace(/[*?]/, '.')).join('');
    const set = compile([pattern]);
    try {
      expect(set.info().nfaNodes).toBe(65_537);
      expect(set.matchCount(pattern)).toBe(1);
      expect(set.matchCount(pattern.toLowerCase())).toBe(1);
      expect(set.matchCount(`${pattern.slice(0, -1)}\u00E9`)).toBe(0);
      expect(set.matchCount(pattern.slice(0, -1))).toBe(0);
    } finally {
      set.free();
    }
  });

  it('a 64 KiB pattern of ? matches exactly 65,536 code points', () => {
    const set = compile(['?'.repeat(65_536)]);
    try {
      const info = set.info();
      expect(info.nfaNodes).toBe(65_536 * 8 + 1);
      expect(info.kind).toBe('lazy-dfa');
      expect(set.matchCount('x'.repeat(65_536))).toBe(1);
      expect(set.matchCount('\u{1F600}'.repeat(65_536))).toBe(1);
      expect(set.matchCount('x'.repeat(65_535))).toBe(0);
      expect(set.matchCount('x'.repeat(65_537))).toBe(0);
    } finally {
      set.free();
    }
  });

  it('a 64 KiB pattern of *a compiles within the work bound', () => {
    const pattern = '*a'.repeat(32_768);
    const set = compile([pattern]);
    try {
      expect(set.info().kind).toBe('lazy-dfa');
      expect(set.matchCount('a'.repeat(1000))).toBe(0);
    } finally {
      set.free();
    }
  });

  it('a set past the node bound is refused with an error naming the pattern', () => {
    const groups = [
      { mode: 'exact' as const, caseInsensitive: false, patterns: ['fine'] },
      { mode: 'wildcard' as const, caseInsensitive: true, patterns: ['a', 'b', '?'.repeat(131_072)] },
    ];
    let thrown: unknown;
    try {
      compileStringSet(engine.module, groups).free();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MatcherError);
    expect(thrown).toMatchObject({ code: 'set-too-large', group: 1, pattern: 2 });
    expect((thrown as Error).message).toMatch(/^group 1, pattern 2 "\?\?\?/);
  });

  it('supports thousands of groups and reports each one', () => {
    const groups = Array.from({ length: 3000 }, (_, index) => ({
      mode: 'wildcard' as const,
      caseInsensitive: false,
      patterns: index % 2 === 0 ? [`v${index}`, '*'] : [`v${index}`],
    }));
    const set = compileStringSet(engine.module, groups);
    try {
      const result = set.match('v1001');
      expect(result.groups).toEqual([...Array.from({ length: 1500 }, (_, index) => index * 2), 1001].sort((a, b) => a - b));
      expect(result.firstPattern[result.groups.indexOf(1001)]).toBe(0);
      expect(result.firstPattern[result.groups.indexOf(1000)]).toBe(1);
      expect(set.matchesGroup('v1001', 1001)).toBe(true);
      expect(set.matchesGroup('v1001', 1003)).toBe(false);
      expect(set.match('v2').firstPattern[1]).toBe(0);
    } finally {
      set.free();
    }
  });

  it('refuses more groups than the bound', () => {
    const groups = Array.from({ length: 65_537 }, () => ({ mode: 'exact' as const, caseInsensitive: false, patterns: [] }));
    expect(() => compileStringSet(engine.module, groups)).toThrow(expect.objectContaining({ code: 'too-many-groups' }));
  });
});
