// fast-check arbitraries for string-set tests: patterns and values over a small alphabet
// chosen to hit every semantic edge (wildcards, `\` and `/`, ASCII case, non-ASCII
// letters whose case must NOT fold, the Kelvin sign, a 4-byte emoji, a newline), values
// derived from patterns so that matches are frequent, and random groupings and modes.
import fc from 'fast-check';
import type { ReferenceGroup, ReferenceMode } from '../reference-matcher.js';

/** Characters patterns and values are made of. */
export const STRING_SET_ALPHABET: readonly string[] = [
  '*',
  '?',
  '.',
  '\\',
  '/',
  ':',
  '-',
  'a',
  'A',
  'b',
  'B',
  'k',
  'K',
  'z',
  '\u00C9',
  '\u00E9',
  '\u212A',
  '\u{1F600}',
  '\n',
];

export const REFERENCE_MODES: readonly ReferenceMode[] = ['exact', 'wildcard', 'prefix', 'suffix', 'contains'];

const character = fc.constantFrom(...STRING_SET_ALPHABET);

function joined(maxLength: number): fc.Arbitrary<string> {
  return fc.array(character, { maxLength }).map((parts) => parts.join(''));
}

/** A pattern (for any mode): up to `maxLength` characters of the alphabet. */
export function patternArbitrary(maxLength = 8): fc.Arbitrary<string> {
  return joined(maxLength);
}

/** A value with no relation to any pattern. */
export function valueArbitrary(maxLength = 12): fc.Arbitrary<string> {
  return joined(maxLength);
}

/** The other ASCII case of a letter, or the character itself. */
function caseVariants(text: string): string[] {
  const lower = text.toLowerCase();
  const upper = text.toUpperCase();
  // Only ASCII letters change case here: toUpperCase of é or of the Kelvin sign must not
  // produce a candidate the matcher is supposed to treat as equal.
  if (/^[a-zA-Z]$/.test(text)) return [lower, upper];
  return [text];
}

/** A value built to match `pattern` under `mode` (case flipped at random), often mutated. */
export function valueFromPatternArbitrary(mode: ReferenceMode, pattern: string): fc.Arbitrary<string> {
  const pieces = Array.from(pattern).map((part): fc.Arbitrary<string> => {
    if (mode === 'wildcard' && part === '*') return joined(3);
    if (mode === 'wildcard' && part === '?') return character;
    return fc.constantFrom(...caseVariants(part));
  });
  const core = (pieces.length === 0 ? fc.constant<string[]>([]) : fc.tuple(...pieces)).map((parts) => parts.join(''));
  const framed = fc.tuple(joined(3), core, joined(3)).map(([before, middle, after]) => {
    switch (mode) {
      case 'prefix':
        return middle + after;
      case 'suffix':
        return before + middle;
      case 'contains':
        return before + middle + after;
      default:
        return middle;
    }
  });
  const mutated = fc
    .tuple(framed, fc.nat(), character, fc.constantFrom('insert', 'delete', 'replace'))
    .map(([value, at, inserted, edit]) => {
      const points = Array.from(value);
      const index = points.length === 0 ? 0 : at % points.length;
      if (edit === 'insert') points.splice(index, 0, inserted);
      else if (edit === 'delete') points.splice(index, 1);
      else points.splice(index, 1, inserted);
      return points.join('');
    });
  return fc.oneof({ weight: 3, arbitrary: framed }, { weight: 1, arbitrary: mutated });
}

/** A group: a mode, a case rule and up to `maxPatterns` patterns. */
export function groupArbitrary(maxPatterns = 5): fc.Arbitrary<ReferenceGroup> {
  return fc.record({
    mode: fc.constantFrom(...REFERENCE_MODES),
    caseInsensitive: fc.boolean(),
    patterns: fc.array(patternArbitrary(), { maxLength: maxPatterns }),
  });
}

/** Groups plus values to try on them: many derived from the groups' patterns. */
export function groupsWithValuesArbitrary(
  options: { maxGroups?: number; maxPatterns?: number; maxValues?: number } = {},
): fc.Arbitrary<{ groups: ReferenceGroup[]; values: string[] }> {
  const { maxGroups = 5, maxPatterns = 5, maxValues = 8 } = options;
  return fc.array(groupArbitrary(maxPatterns), { minLength: 1, maxLength: maxGroups }).chain((groups) => {
    const sources = groups.flatMap((group) => group.patterns.map((pattern) => valueFromPatternArbitrary(group.mode, pattern)));
    const value =
      sources.length === 0
        ? valueArbitrary()
        : fc.oneof({ weight: 1, arbitrary: valueArbitrary() }, { weight: 3, arbitrary: fc.oneof(...sources) });
    return fc.array(value, { minLength: 1, maxLength: maxValues }).map((values) => ({ groups, values }));
  });
}
