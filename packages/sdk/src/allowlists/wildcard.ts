import type { PlanGroup } from '@llm-egress/rules';

/**
 * Elasticsearch `wildcard` query values (Elastic exception items): `*` any run, `?` one
 * code point, and `\` escapes the next character (a trailing lone `\` is literal, as in
 * Lucene). The Plan's wildcard groups have no escape at all (EQL semantics), so a value is
 * translated into one group that means exactly the same:
 * - no wildcard left after unescaping → an `exact` group;
 * - no escaped `*` or `?` → a `wildcard` group (literal `\` is an ordinary character there);
 * - an escaped `*`/`?` with only `lit*`, `*lit` or `*lit*` around it → `prefix` / `suffix` / `contains`;
 * - anything else cannot be said with one group and is refused (`null`), never approximated.
 */
type Token = { kind: 'literal'; text: string } | { kind: 'star' } | { kind: 'one' };

function tokenize(value: string): Token[] {
  const tokens: Token[] = [];
  const characters = Array.from(value);
  for (let index = 0; index < characters.length; index++) {
    const character = characters[index];
    if (character === '\\' && index + 1 < characters.length) {
      tokens.push({ kind: 'literal', text: characters[++index] });
    } else if (character === '*') {
      // `**` means the same as `*`.
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (character === '?') {
      tokens.push({ kind: 'one' });
    } else {
      tokens.push({ kind: 'literal', text: character });
    }
  }
  return tokens;
}

const literalText = (tokens: Token[]) => tokens.map((token) => (token.kind === 'literal' ? token.text : '')).join('');

export function elasticWildcardGroup(value: string, caseInsensitive: boolean): PlanGroup | null {
  const tokens = tokenize(value);
  const wildcards = tokens.filter((token) => token.kind !== 'literal').length;
  if (wildcards === 0) return { mode: 'exact', caseInsensitive, patterns: [literalText(tokens)] };
  const hasLiteralSpecial = tokens.some((token) => token.kind === 'literal' && (token.text === '*' || token.text === '?'));
  if (!hasLiteralSpecial) {
    const pattern = tokens.map((token) => (token.kind === 'literal' ? token.text : token.kind === 'star' ? '*' : '?')).join('');
    return { mode: 'wildcard', caseInsensitive, patterns: [pattern] };
  }
  if (tokens.some((token) => token.kind === 'one')) return null;
  const first = tokens[0].kind === 'star';
  const last = tokens[tokens.length - 1].kind === 'star';
  const inner = tokens.slice(first ? 1 : 0, last ? -1 : undefined);
  if (inner.some((token) => token.kind !== 'literal')) return null;
  const text = literalText(inner);
  if (first && last) return { mode: 'contains', caseInsensitive, patterns: [text] };
  if (last) return { mode: 'prefix', caseInsensitive, patterns: [text] };
  return { mode: 'suffix', caseInsensitive, patterns: [text] };
}
