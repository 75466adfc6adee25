// The string-set spec encoder: groups of patterns → the bytes compileStringSet takes.
// Pure (no WASM): the Plan compiler emits the same layout and may copy this file.
//
//   u32 groupCount
//   repeat groupCount:
//     u8 mode (0 exact, 1 wildcard, 2 prefix, 3 suffix, 4 contains)
//     u8 flags (bit0 = ASCII case-insensitive)   u16 reserved (0)
//     u32 patternCount
//     repeat patternCount: u32 byteLength, then the pattern's UTF-8 bytes
// All integers little-endian.

import { MatcherError } from './errors.js';

/**
 * - `exact`: the whole value equals the pattern (`*`, `?` are ordinary characters);
 * - `wildcard`: anchored whole-value match, `*` any run (also empty, also newlines),
 *   `?` exactly one code point, no escapes;
 * - `prefix` / `suffix` / `contains`: the value starts with / ends with / contains the
 *   pattern, taken literally; the empty pattern matches every value.
 */
export type StringSetMode = 'exact' | 'wildcard' | 'prefix' | 'suffix' | 'contains';

/** One comparison of a rule: a list of patterns sharing a mode and a case rule. */
export interface StringSetGroup {
  readonly mode: StringSetMode;
  /** ASCII-only folding (`A`–`Z` ≡ `a`–`z`; `É` ≠ `é`), as Elasticsearch does. */
  readonly caseInsensitive: boolean;
  /** Strings (encoded as UTF-8) or raw UTF-8 bytes. */
  readonly patterns: readonly (string | Uint8Array)[];
}

export const STRING_SET_MODES: readonly StringSetMode[] = ['exact', 'wildcard', 'prefix', 'suffix', 'contains'];

const MODE_NUMBERS: Readonly<Record<StringSetMode, number>> = { exact: 0, wildcard: 1, prefix: 2, suffix: 3, contains: 4 };

const encoder = new TextEncoder();

/** True when a JS string has no unpaired surrogate (so it is valid Unicode text). */
export function isWellFormedText(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    if (unit > 0xdbff) return false;
    const next = text.charCodeAt(index + 1);
    if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
    index++;
  }
  return true;
}

/** Encodes groups into spec bytes. Throws MatcherError (located) on invalid input. */
export function encodeStringSetSpec(groups: readonly StringSetGroup[]): Uint8Array {
  if (!Array.isArray(groups as unknown)) throw MatcherError.of('invalid-argument', 'groups must be an array');
  const encodedGroups: Uint8Array[][] = [];
  let size = 4;
  groups.forEach((group, groupIndex) => {
    if (group === null || typeof group !== 'object') {
      throw MatcherError.of('invalid-argument', 'a group must be an object with mode, caseInsensitive and patterns', { group: groupIndex });
    }
    if (!Object.hasOwn(MODE_NUMBERS, group.mode)) {
      throw MatcherError.of('invalid-mode', `unknown mode ${JSON.stringify(group.mode)} (expected one of ${STRING_SET_MODES.join(', ')})`, {
        group: groupIndex,
      });
    }
    if (typeof group.caseInsensitive !== 'boolean') {
      throw MatcherError.of('invalid-argument', 'caseInsensitive must be a boolean', { group: groupIndex });
    }
    if (!Array.isArray(group.patterns as unknown)) {
      throw MatcherError.of('invalid-argument', 'patterns must be an array', { group: groupIndex });
    }
    const encoded = group.patterns.map((pattern, patternIndex) => {
      if (pattern instanceof Uint8Array) return pattern;
      if (typeof pattern !== 'string') {
        throw MatcherError.of('invalid-argument', 'a pattern must be a string or a Uint8Array', {
          group: groupIndex,
          pattern: patternIndex,
        });
      }
      if (!isWellFormedText(pattern)) {
        throw MatcherError.of('invalid-utf8', 'the pattern has an unpaired surrogate, so it is not valid Unicode text', {
          group: groupIndex,
          pattern: patternIndex,
          patternText: pattern,
        });
      }
      return encoder.encode(pattern);
    });
    size += 8;
    for (const bytes of encoded) size += 4 + bytes.length;
    encodedGroups.push(encoded);
  });

  const spec = new Uint8Array(size);
  const view = new DataView(spec.buffer);
  view.setUint32(0, groups.length, true);
  let offset = 4;
  groups.forEach((group, groupIndex) => {
    const encoded = encodedGroups[groupIndex];
    view.setUint8(offset, MODE_NUMBERS[group.mode]);
    view.setUint8(offset + 1, group.caseInsensitive ? 1 : 0);
    view.setUint16(offset + 2, 0, true);
    view.setUint32(offset + 4, encoded.length, true);
    offset += 8;
    for (const bytes of encoded) {
      view.setUint32(offset, bytes.length, true);
      spec.set(bytes, offset + 4);
      offset += 4 + bytes.length;
    }
  });
  return spec;
}
