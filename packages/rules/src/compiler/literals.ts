import type { PlanGroup } from '../plan/types.js';

/**
 * A character that appears verbatim in raw JSON text unless the producer chose a `\u`
 * escape: printable ASCII other than `"` and `\` (which JSON always escapes).
 */
function isVerbatimJsonCharacter(code: number): boolean {
  return code >= 0x20 && code < 0x7f && code !== 0x22 && code !== 0x5c;
}

const foldAscii = (text: string) => text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());

/**
 * The longest run of a pattern that every matching value contains verbatim in its raw
 * JSON text (PLAN.md "Prefilter"), ASCII-lower-cased; `null` when there is none (e.g. `*`).
 */
export function patternLiteral(pattern: string, mode: PlanGroup['mode']): string | null {
  let best = '';
  let current = '';
  for (const character of pattern) {
    const code = character.codePointAt(0) ?? 0;
    const isWildcard = mode === 'wildcard' && (character === '*' || character === '?');
    if (!isWildcard && isVerbatimJsonCharacter(code)) {
      current += character;
      if (current.length > best.length) best = current;
    } else {
      current = '';
    }
  }
  return best.length > 0 ? foldAscii(best) : null;
}

/** Literals for a whole group: one per pattern, or `null` when any pattern has none. */
export function groupLiterals(group: PlanGroup): string[] | null {
  const literals: string[] = [];
  for (const pattern of group.patterns) {
    const literal = patternLiteral(pattern, group.mode);
    if (literal === null) return null;
    literals.push(literal);
  }
  return literals.length > 0 ? literals : null;
}

/**
 * Among the candidate groups (each required by every match), the one whose shortest
 * literal is longest: long literals are rarer in unrelated text. Literals that contain a
 * shorter literal of the same set are dropped, as the shorter one already covers them.
 */
export function chooseRequiredLiterals(candidates: PlanGroup[]): string[] | null {
  let best: string[] | null = null;
  let bestScore = -1;
  for (const group of candidates) {
    const literals = groupLiterals(group);
    if (literals === null) continue;
    const score = Math.min(...literals.map((literal) => literal.length));
    if (score > bestScore) {
      best = literals;
      bestScore = score;
    }
  }
  if (best === null) return null;
  return dropCoveredLiterals(best);
}

/** Literals longer than this are checked against the kept ones one by one, not by substring lookup. */
const SUBSTRING_LOOKUP_LIMIT = 128;

/**
 * Drops every literal that contains a shorter kept literal: a line holding it also holds
 * the shorter one. Substring lookups in a set keep this near linear for thousands of
 * domain-sized literals (a pairwise check was quadratic: 20 s at 13,000 patterns).
 */
export function dropCoveredLiterals(literals: string[]): string[] {
  const unique = [...new Set(literals)].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  const kept = new Set<string>();
  const keptLengths = new Set<number>();
  for (const literal of unique) {
    let covered = false;
    if (literal.length <= SUBSTRING_LOOKUP_LIMIT) {
      for (const length of keptLengths) {
        for (let start = 0; start + length <= literal.length && !covered; start++) covered = kept.has(literal.slice(start, start + length));
        if (covered) break;
      }
    } else {
      for (const shorter of kept) if (literal.includes(shorter)) covered = true;
    }
    if (!covered) {
      kept.add(literal);
      keptLengths.add(literal.length);
    }
  }
  return [...kept].sort();
}
