import { EQL_TEXT_CHARACTERS, eqlText } from '@llm-egress/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asciiFold, compareCodePoints, wellFormed } from './text.js';
import { wildcardMatch } from './wildcard.js';

/** An independent oracle: the pattern as a JavaScript regular expression in Unicode mode. */
function regexMatch(value: string, pattern: string, caseInsensitive: boolean): boolean {
  const fold = (text: string) => (caseInsensitive ? asciiFold(text) : text);
  const source = Array.from(fold(pattern), (character) =>
    character === '*' ? '.*' : character === '?' ? '.' : character.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&'),
  ).join('');
  return new RegExp(`^${source}$`, 'su').test(fold(value));
}

describe('wildcardMatch', () => {
  it.each([
    ['api.openai.com', '*.openai.com', true, true],
    ['openai.com', '*.openai.com', true, false],
    ['X.OpenAI.com', '*.openai.com', true, true],
    ['X.OpenAI.com', '*.openai.com', false, false],
    ['a\nb.com', '*.com', false, true],
    ['😀:\\x', '?:\\x', false, true],
    ['😀😀:\\x', '?:\\x', false, false],
    ['e\u0301', '?', false, false],
    ['é', '?', false, true],
    ['\u212Aa', 'ka', true, false],
    ['É', 'é', true, false],
    ['a*b', 'a\\*b', false, false],
    ['a\\xb', 'a\\*b', false, true],
    ['', '*', false, true],
    ['', '', false, true],
    ['', '?', false, false],
    ['abc', 'a**c', false, true],
    ['bedrock-runtime.amazonaws.com', 'bedrock-runtime.*.amazonaws.com', true, false],
  ])('%j against %j (case-insensitive: %s) → %s', (value, pattern, caseInsensitive, expected) => {
    expect(wildcardMatch(value, pattern, caseInsensitive)).toBe(expected);
  });

  it('agrees with a Unicode regular expression on generated values and patterns', () => {
    const pattern = fc
      .array(fc.constantFrom(...EQL_TEXT_CHARACTERS, '*', '?', '*'), { maxLength: 6 })
      .map((characters) => characters.join(''));
    fc.assert(
      fc.property(eqlText(8), pattern, fc.boolean(), (value, glob, caseInsensitive) => {
        expect(wildcardMatch(value, glob, caseInsensitive)).toBe(regexMatch(value, glob, caseInsensitive));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('text primitives', () => {
  it('folds ASCII letters only', () => {
    expect(asciiFold('AbÉ\u212AZ')).toBe('abÉ\u212Az');
  });

  it('orders strings by code point (UTF-8 byte order), not UTF-16 unit', () => {
    expect(compareCodePoints('\uFF61', '😀')).toBeLessThan(0);
    expect('\uFF61' < '😀').toBe(false);
    expect(compareCodePoints('System', 'System Idle Process')).toBeLessThan(0);
    expect(compareCodePoints('system', 'System')).toBeGreaterThan(0);
    expect(compareCodePoints('a', 'a')).toBe(0);
  });

  it('orders like UTF-8 bytes on generated strings', () => {
    fc.assert(
      fc.property(eqlText(5), eqlText(5), (left, right) => {
        expect(Math.sign(compareCodePoints(left, right))).toBe(Math.sign(Buffer.compare(Buffer.from(left), Buffer.from(right))));
      }),
      { numRuns: 2000 },
    );
  });

  it('repairs unpaired surrogates only', () => {
    expect(wellFormed('a\uD800\uDC00b\uD800c\uDC00')).toBe('a\uD800\uDC00b\uFFFDc\uFFFD');
  });
});
