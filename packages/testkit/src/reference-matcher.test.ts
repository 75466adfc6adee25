import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupsWithValuesArbitrary, valueFromPatternArbitrary } from './arbitraries/strings.js';
import { codePointsOf, referenceLiteralMatch, referenceMatchGroups, referenceWildcardMatch } from './reference-matcher.js';

describe('reference wildcard matcher', () => {
  it.each([
    // [pattern, value, caseInsensitive, expected] — SEMANTICS.md rows and edges.
    ['powershell.exe', 'PowerShell.EXE', true, true],
    ['powershell.exe', 'PowerShell.EXE', false, false],
    ['*.com', 'com', true, false],
    ['*.com', 'a\nb.com', true, true],
    ['?:\\Users\\*.exe', 'c:\\users\\BOB\\AppData\\A.EXE', true, true],
    ['?:\\Users\\*.exe', 'CC:\\Users\\a.exe', true, false],
    ['?:\\Users\\*.exe', 'C:/Users/a.exe', true, false],
    ['?:\\Users\\*.exe', '\u{1F600}:\\Users\\a.exe', true, true],
    ['*.openai.azure.com', 'openai.azure.com', true, false],
    ['*.openai.azure.com', 'MyRes.OpenAI.Azure.com', true, true],
    ['api.openai.com', 'api.openai.com.', true, false],
    ['bedrock-runtime.*.amazonaws.com', 'bedrock-runtime.amazonaws.com', true, false],
    ['bedrock-runtime.*.amazonaws.com', 'bedrock-runtime.us-east-1.amazonaws.com', true, true],
    ['api.kilo.ai', 'api.\u212Ailo.ai', true, false],
    ['\u00E9.exe', '\u00C9.EXE', true, false],
    ['?', '\u{1F600}', false, true],
    ['?', 'ab', false, false],
    ['??', '\u{1F600}', false, false],
    ['', '', false, true],
    ['', 'a', false, false],
    ['*', '', false, true],
    ['a\\*', 'a\\xyz', false, true],
  ] as const)('%j on %j (insensitive %s) is %s', (pattern, value, caseInsensitive, expected) => {
    expect(referenceWildcardMatch(pattern, value, caseInsensitive)).toBe(expected);
  });

  it('treats an unpaired surrogate as U+FFFD, one code point', () => {
    expect(codePointsOf('a\uD800b')).toEqual([0x61, 0xfffd, 0x62]);
    expect(referenceWildcardMatch('a?b', 'a\uDC00b', false)).toBe(true);
    expect(referenceWildcardMatch('\uFFFD', '\uD800', false)).toBe(true);
  });
});

describe('reference literal modes', () => {
  it('takes * and ? literally and folds ASCII only', () => {
    expect(referenceLiteralMatch('exact', 'power*', 'powershell.exe', false)).toBe(false);
    expect(referenceLiteralMatch('exact', 'power*', 'power*', false)).toBe(true);
    expect(referenceLiteralMatch('exact', 'ABC', 'abc', true)).toBe(true);
    expect(referenceLiteralMatch('prefix', 'py', 'Python3', true)).toBe(true);
    expect(referenceLiteralMatch('prefix', 'py', 'Python3', false)).toBe(false);
    expect(referenceLiteralMatch('suffix', '.EXE', 'a.exe', true)).toBe(true);
    expect(referenceLiteralMatch('suffix', 'abc', 'bc', false)).toBe(false);
    expect(referenceLiteralMatch('contains', '', 'anything', false)).toBe(true);
    expect(referenceLiteralMatch('contains', '?', 'a?b', false)).toBe(true);
    expect(referenceLiteralMatch('contains', '?', 'ab', false)).toBe(false);
    expect(referenceLiteralMatch('contains', '\u00E9', '\u00C9', true)).toBe(false);
  });

  it('reports every matched group with its first pattern', () => {
    const groups = [
      { mode: 'wildcard', caseInsensitive: true, patterns: ['x', '*.exe', 'a*'] },
      { mode: 'exact', caseInsensitive: false, patterns: ['a.exe'] },
      { mode: 'suffix', caseInsensitive: false, patterns: ['.EXE'] },
    ] as const;
    expect(referenceMatchGroups(groups, 'a.exe')).toEqual({ groups: [0, 1], firstPattern: [1, 0] });
  });
});

describe('string-set arbitraries', () => {
  it('derive values that mostly match their pattern', () => {
    let matches = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        fc
          .constantFrom('exact', 'wildcard', 'prefix', 'suffix', 'contains' as const)
          .chain((mode) => fc.tuple(fc.constant(mode), fc.constantFrom('a*b', '?:\\x', 'K\u212A', '')))
          .chain(([mode, pattern]) => fc.tuple(fc.constant(mode), fc.constant(pattern), valueFromPatternArbitrary(mode, pattern))),
        ([mode, pattern, value]) => {
          runs++;
          const matched =
            mode === 'wildcard' ? referenceWildcardMatch(pattern, value, true) : referenceLiteralMatch(mode, pattern, value, true);
          if (matched) matches++;
        },
      ),
      { numRuns: 400, seed: 7 },
    );
    // Unmutated derivations (weight 3 of 4) always match; mutations sometimes still do.
    expect(matches / runs).toBeGreaterThan(0.6);
  });

  it('generate groups with values', () => {
    fc.assert(
      fc.property(groupsWithValuesArbitrary(), ({ groups, values }) => {
        expect(groups.length).toBeGreaterThan(0);
        expect(values.length).toBeGreaterThan(0);
      }),
      { numRuns: 50, seed: 1 },
    );
  });
});
