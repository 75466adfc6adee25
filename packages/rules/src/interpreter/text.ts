/**
 * Text primitives of the semantics contract, written for obviousness rather than speed:
 * ASCII-only case folding, code-point (= UTF-8 byte) order, and the U+FFFD repair of
 * unpaired surrogates that a JSON `\ud800` escape can produce.
 */

/** Folds `A`–`Z` to `a`–`z` and nothing else (`É` stays `É`, the Kelvin sign stays itself). */
export function asciiFold(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => String.fromCharCode(letter.charCodeAt(0) + 32));
}

/** Replaces every unpaired surrogate with U+FFFD, as decoding JSON escapes to UTF-8 does. */
export function wellFormed(text: string): string {
  let result = '';
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        result += text[index] + text[index + 1];
        index++;
        continue;
      }
      result += '\uFFFD';
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      result += '\uFFFD';
    } else {
      result += text[index];
    }
  }
  return result;
}

/** The code points of a string (one entry per Unicode scalar value, not per UTF-16 unit). */
export function codePoints(text: string): number[] {
  return Array.from(text, (character) => character.codePointAt(0) ?? 0);
}

/**
 * Negative, zero or positive as `left` sorts before, with or after `right` in UTF-8 byte
 * order, which for well-formed text is code-point order (not JavaScript's UTF-16 order:
 * U+FF61 sorts before U+1F600 in UTF-8 but after it in UTF-16).
 */
export function compareCodePoints(left: string, right: string): number {
  const a = codePoints(left);
  const b = codePoints(right);
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    if (a[index] !== b[index]) return a[index] - b[index];
  }
  return a.length - b.length;
}
