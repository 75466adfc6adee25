// A deliberately simple reference for string-set matching, written from SEMANTICS.md
// ("Wildcard patterns") for differential tests: it works on Unicode code points with
// ASCII-only folding and a memoised dynamic program — no regular expressions, no bytes,
// nothing shared with the WASM automaton.

export type ReferenceMode = 'exact' | 'wildcard' | 'prefix' | 'suffix' | 'contains';

export interface ReferenceGroup {
  readonly mode: ReferenceMode;
  readonly caseInsensitive: boolean;
  readonly patterns: readonly string[];
}

export interface ReferenceMatch {
  /** Matched groups, ascending. */
  readonly groups: number[];
  /** First matching pattern of each matched group (parallel to `groups`). */
  readonly firstPattern: number[];
}

const STAR = 0x2a;
const QUESTION = 0x3f;
const REPLACEMENT = 0xfffd;

/** Code points of a string; an unpaired surrogate becomes U+FFFD (as UTF-8 encoding does). */
export function codePointsOf(text: string): number[] {
  const points: number[] = [];
  for (const character of text) {
    const point = character.codePointAt(0) as number;
    points.push(point >= 0xd800 && point <= 0xdfff ? REPLACEMENT : point);
  }
  return points;
}

/** ASCII-only folding: A–Z to a–z, every other code point unchanged (É stays É, K stays K). */
export function foldAscii(point: number): number {
  return point >= 0x41 && point <= 0x5a ? point + 0x20 : point;
}

function same(a: number, b: number, caseInsensitive: boolean): boolean {
  return caseInsensitive ? foldAscii(a) === foldAscii(b) : a === b;
}

/**
 * Anchored wildcard match: `*` any run of code points (also none), `?` exactly one code
 * point, everything else (including `\`) literal. `after[j]` says whether the pattern's
 * remaining suffix matches value[j…]; rows are filled from the pattern's end.
 */
export function referenceWildcardMatch(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const p = codePointsOf(pattern);
  const v = codePointsOf(value);
  let after: boolean[] = new Array(v.length + 1).fill(false);
  after[v.length] = true;
  for (let i = p.length - 1; i >= 0; i--) {
    const row: boolean[] = new Array(v.length + 1).fill(false);
    for (let j = v.length; j >= 0; j--) {
      if (p[i] === STAR) row[j] = after[j] || (j < v.length && row[j + 1]);
      else if (j === v.length) row[j] = false;
      else if (p[i] === QUESTION) row[j] = after[j + 1];
      else row[j] = same(p[i], v[j], caseInsensitive) && after[j + 1];
    }
    after = row;
  }
  return after[0];
}

function literalAt(p: number[], v: number[], start: number, caseInsensitive: boolean): boolean {
  if (start < 0 || start + p.length > v.length) return false;
  for (let k = 0; k < p.length; k++) if (!same(p[k], v[start + k], caseInsensitive)) return false;
  return true;
}

/** exact / prefix / suffix / contains: the pattern is a literal (`*` and `?` included). */
export function referenceLiteralMatch(
  mode: Exclude<ReferenceMode, 'wildcard'>,
  pattern: string,
  value: string,
  caseInsensitive: boolean,
): boolean {
  const p = codePointsOf(pattern);
  const v = codePointsOf(value);
  switch (mode) {
    case 'exact':
      return p.length === v.length && literalAt(p, v, 0, caseInsensitive);
    case 'prefix':
      return literalAt(p, v, 0, caseInsensitive);
    case 'suffix':
      return literalAt(p, v, v.length - p.length, caseInsensitive);
    case 'contains':
      for (let start = 0; start + p.length <= v.length; start++) if (literalAt(p, v, start, caseInsensitive)) return true;
      return false;
  }
}

export function referencePatternMatch(mode: ReferenceMode, pattern: string, value: string, caseInsensitive: boolean): boolean {
  return mode === 'wildcard'
    ? referenceWildcardMatch(pattern, value, caseInsensitive)
    : referenceLiteralMatch(mode, pattern, value, caseInsensitive);
}

/** Every group's verdict on one value, testing each pattern in turn. */
export function referenceMatchGroups(groups: readonly ReferenceGroup[], value: string): ReferenceMatch {
  const matched: number[] = [];
  const firstPattern: number[] = [];
  groups.forEach((group, groupIndex) => {
    const first = group.patterns.findIndex((pattern) => referencePatternMatch(group.mode, pattern, value, group.caseInsensitive));
    if (first >= 0) {
      matched.push(groupIndex);
      firstPattern.push(first);
    }
  });
  return { groups: matched, firstPattern };
}
