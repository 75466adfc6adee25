import { describe, expect, it } from 'vitest';
import { MatcherError } from './errors.js';
import { encodeStringSetSpec, isWellFormedText } from './spec.js';

describe('encodeStringSetSpec', () => {
  it('writes the contract layout, little-endian', () => {
    const spec = encodeStringSetSpec([
      { mode: 'wildcard', caseInsensitive: true, patterns: ['a*', '\u00E9'] },
      { mode: 'contains', caseInsensitive: false, patterns: [new Uint8Array([0x78])] },
      { mode: 'exact', caseInsensitive: false, patterns: [] },
    ]);
    expect(Array.from(spec)).toEqual([
      3,
      0,
      0,
      0, // groupCount
      1,
      1,
      0,
      0,
      2,
      0,
      0,
      0, // wildcard, case-insensitive, reserved, 2 patterns
      2,
      0,
      0,
      0,
      0x61,
      0x2a,
      2,
      0,
      0,
      0,
      0xc3,
      0xa9,
      4,
      0,
      0,
      0,
      1,
      0,
      0,
      0, // contains, case-sensitive, 1 pattern
      1,
      0,
      0,
      0,
      0x78,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0, // exact, no patterns
    ]);
  });

  it('encodes modes by their contract numbers', () => {
    const modes = ['exact', 'wildcard', 'prefix', 'suffix', 'contains'] as const;
    modes.forEach((mode, number) => {
      expect(encodeStringSetSpec([{ mode, caseInsensitive: false, patterns: [] }])[4]).toBe(number);
    });
  });

  it('encodes an empty set as a zero group count', () => {
    expect(Array.from(encodeStringSetSpec([]))).toEqual([0, 0, 0, 0]);
  });

  it('throws located MatcherErrors for bad input', () => {
    expect(() => encodeStringSetSpec([{ mode: 'like' as 'exact', caseInsensitive: false, patterns: [] }])).toThrow(MatcherError);
    expect(() => encodeStringSetSpec('x' as unknown as [])).toThrow(/groups must be an array/);
    expect(() => encodeStringSetSpec([null as unknown as never])).toThrow(/^group 0: /);
  });
});

describe('isWellFormedText', () => {
  it('accepts paired surrogates and rejects lone ones', () => {
    expect(isWellFormedText('a\u{1F600}b')).toBe(true);
    expect(isWellFormedText('a\uD83Db')).toBe(false);
    expect(isWellFormedText('\uDE00')).toBe(false);
    expect(isWellFormedText('\uD83D')).toBe(false);
  });
});
