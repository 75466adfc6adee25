import { fc, test } from '@fast-check/vitest';
import { loadMatcherModule, type MatcherModule } from '@llm-egress/matcher';
import { beforeAll, describe, expect, it } from 'vitest';
import { planOf, wasmMatchers } from '../../test/helpers.js';
import { AllowlistError } from '../errors.js';
import { ObjectExecutor } from '../executor/object-executor.js';
import { compileAllowlists } from './compile.js';
import { normalizeOurDocument } from './ours.js';
import { elasticWildcardGroup } from './wildcard.js';

describe('Elastic wildcard values become one exact Plan group', () => {
  it('unescapes and picks the mode', () => {
    expect(elasticWildcardGroup('C:\\\\Users\\\\*\\\\app.exe', false)).toEqual({
      mode: 'wildcard',
      caseInsensitive: false,
      patterns: ['C:\\Users\\*\\app.exe'],
    });
    expect(elasticWildcardGroup('a\\*b', false)).toEqual({ mode: 'exact', caseInsensitive: false, patterns: ['a*b'] });
    expect(elasticWildcardGroup('\\*lit\\?*', true)).toEqual({ mode: 'prefix', caseInsensitive: true, patterns: ['*lit?'] });
    expect(elasticWildcardGroup('**\\*x', false)).toEqual({ mode: 'suffix', caseInsensitive: false, patterns: ['*x'] });
    expect(elasticWildcardGroup('*a\\*b*', false)).toEqual({ mode: 'contains', caseInsensitive: false, patterns: ['a*b'] });
    // a trailing lone backslash is literal, as in Lucene
    expect(elasticWildcardGroup('a\\', false)).toEqual({ mode: 'exact', caseInsensitive: false, patterns: ['a\\'] });
  });

  it('refuses (never approximates) what one group cannot say', () => {
    expect(elasticWildcardGroup('a\\*b?c', false)).toBeNull();
    expect(elasticWildcardGroup('a*\\*b*c', false)).toBeNull();
  });
});

/** Elasticsearch's wildcard query, simply: code points, case-sensitive, `\` escapes the next one. */
function referenceElasticWildcard(value: string, pattern: string): boolean {
  const tokens: Array<{ kind: 'literal'; text: string } | { kind: 'star' | 'one' }> = [];
  const characters = Array.from(pattern);
  for (let index = 0; index < characters.length; index++) {
    if (characters[index] === '\\' && index + 1 < characters.length) tokens.push({ kind: 'literal', text: characters[++index] });
    else if (characters[index] === '*') tokens.push({ kind: 'star' });
    else if (characters[index] === '?') tokens.push({ kind: 'one' });
    else tokens.push({ kind: 'literal', text: characters[index] });
  }
  const text = Array.from(value);
  // matches[i][j]: tokens from i match text from j
  const memo = new Map<string, boolean>();
  const match = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    if (i === tokens.length) result = j === text.length;
    else {
      const token = tokens[i];
      if (token.kind === 'star') result = match(i + 1, j) || (j < text.length && match(i, j + 1));
      else if (j === text.length) result = false;
      else if (token.kind === 'one') result = match(i + 1, j + 1);
      else result = token.kind === 'literal' && token.text === text[j] && match(i + 1, j + 1);
    }
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

let module: MatcherModule;
beforeAll(async () => {
  module = await loadMatcherModule('node');
});

const alphabet = fc.constantFrom('a', 'A', 'b', '.', '*', '?', '\\', 'é', '😀', '\n');
const text = (maxLength: number) => fc.array(alphabet, { maxLength }).map((characters) => characters.join(''));

test.prop([text(7), fc.array(text(6), { minLength: 1, maxLength: 3 }), fc.constantFrom<'included' | 'excluded'>('included', 'excluded')], {
  numRuns: 2000,
})(
  'a wildcard entry suppresses exactly what Elasticsearch would match, or is refused with a located error',
  (pattern, values, operator) => {
    const { plan } = planOf(['any where true']);
    const items = normalizeOurDocument(
      { items: [{ entries: [{ field: 'dns.question.name', type: 'wildcard', operator, value: pattern }] }] },
      'property',
      () => ({ file: 'property.yaml', line: 3 }),
    );
    let compiled: ReturnType<typeof compileAllowlists>;
    try {
      compiled = compileAllowlists(plan, items, { now: new Date() });
    } catch (error) {
      expect(error).toBeInstanceOf(AllowlistError);
      expect(error).toMatchObject({ code: 'ALLOWLIST_UNSUPPORTED_WILDCARD', file: 'property.yaml', line: 3 });
      expect(elasticWildcardGroup(pattern, false)).toBeNull();
      return;
    }
    const executor = new ObjectExecutor(compiled.plan, wasmMatchers(module));
    const matches = values.some((value) => referenceElasticWildcard(value, pattern));
    const expected = operator === 'included' ? matches : !matches;
    const [match] = executor.run({ dns: { question: { name: values } } }).matches;
    expect(match.suppressedBy === 0).toBe(expected);
  },
);
