/**
 * Wildcard matching for `:`, `like` and `like~`, straight from the definition: `*` matches
 * any run of code points (newlines included), `?` exactly one code point, every other
 * character itself (`\` included: there is no escape); the whole value must match.
 */

import { asciiFold, codePoints } from './text.js';

const STAR = 0x2a;
const QUESTION_MARK = 0x3f;

export function wildcardMatch(value: string, pattern: string, caseInsensitive: boolean): boolean {
  const text = codePoints(caseInsensitive ? asciiFold(value) : value);
  const glob = codePoints(caseInsensitive ? asciiFold(pattern) : pattern);
  // matches[i] after processing pattern position j: does text[i..] match glob[j..]?
  let matches = new Array<boolean>(text.length + 1).fill(false);
  matches[text.length] = true;
  for (let j = glob.length - 1; j >= 0; j--) {
    const next = new Array<boolean>(text.length + 1).fill(false);
    for (let i = text.length; i >= 0; i--) {
      if (glob[j] === STAR) {
        // `*` matches nothing (skip it) or one more code point (stay on it)
        next[i] = matches[i] || (i < text.length && next[i + 1]);
      } else if (i < text.length && (glob[j] === QUESTION_MARK || glob[j] === text[i])) {
        next[i] = matches[i + 1];
      }
    }
    matches = next;
  }
  return matches[0];
}
