import { readFileSync } from 'node:fs';
import { hasShared, SHARED_MISSING_MESSAGE, sharedPath } from '@llm-egress/testkit';
import { describe, expect, it } from 'vitest';
import { ENGINES } from './engines.test-helper.js';
import { MatcherError } from './errors.js';
import { loadMatcherModuleSync } from './module.js';
import type { StringSetGroup } from './spec.js';
import { compileStringSet } from './string-set.js';

const SIGNERS_INCLUDED: StringSetGroup = {
  mode: 'wildcard',
  caseInsensitive: true,
  patterns: ['AutoIt Consulting Ltd', 'OpenJS Foundation', 'Python Software Foundation'],
};
const SIGNERS_EXCLUDED: StringSetGroup = {
  mode: 'wildcard',
  caseInsensitive: true,
  patterns: ['Anthropic, PBC', 'Google LLC', 'Mozilla Corporation', 'OpenJS Foundation'],
};

describe.each(ENGINES)('StringSet on $name', (engine) => {
  const compile = (groups: StringSetGroup[]) => compileStringSet(engine.module, groups, engine.options);

  it('reports every matching group with its own first pattern (included and excluded signer)', () => {
    const set = compile([SIGNERS_INCLUDED, SIGNERS_EXCLUDED]);
    try {
      expect(set.match('OpenJS Foundation')).toEqual({ groups: [0, 1], firstPattern: [1, 3] });
      expect(set.match('google llc')).toEqual({ groups: [1], firstPattern: [1] });
      expect(set.match('Google LLC ')).toEqual({ groups: [], firstPattern: [] });
      expect(set.matchCount('python software foundation')).toBe(1);
      expect(set.matchesGroup('OpenJS Foundation', 1)).toBe(true);
      expect(set.matchesGroup('AutoIt Consulting Ltd', 1)).toBe(false);
      expect(() => set.matchesGroup('x', 2)).toThrow(MatcherError);
    } finally {
      set.free();
    }
  });

  it('handles empty sets, empty groups and empty values', () => {
    const empty = compile([]);
    const groups = compile([
      { mode: 'exact', caseInsensitive: false, patterns: [] },
      { mode: 'exact', caseInsensitive: false, patterns: [''] },
      { mode: 'prefix', caseInsensitive: false, patterns: [''] },
      { mode: 'wildcard', caseInsensitive: false, patterns: ['?'] },
    ]);
    try {
      expect(empty.groupCount).toBe(0);
      expect(empty.match('')).toEqual({ groups: [], firstPattern: [] });
      expect(empty.match('a')).toEqual({ groups: [], firstPattern: [] });
      expect(groups.match('').groups).toEqual([1, 2]);
      expect(groups.match('\u{1F600}').groups).toEqual([2, 3]);
    } finally {
      empty.free();
      groups.free();
    }
  });

  it('matches strings and their UTF-8 bytes alike, long and short, and lone surrogates as U+FFFD', () => {
    const set = compile([
      { mode: 'wildcard', caseInsensitive: true, patterns: ['*\u00E9*', `${'x'.repeat(100)}?`] },
      { mode: 'exact', caseInsensitive: false, patterns: ['a\uFFFDb'] },
    ]);
    try {
      const long = `${'X'.repeat(100)}\u{1F600}`;
      expect(set.match(long).groups).toEqual([0]);
      expect(set.match(new TextEncoder().encode(long)).groups).toEqual([0]);
      expect(set.match(`${'y'.repeat(80)}\u00E9`).groups).toEqual([0]);
      expect(set.match('a\uD800b').groups).toEqual([1]);
      expect(() => set.match(42 as unknown as string)).toThrow(MatcherError);
    } finally {
      set.free();
    }
  });

  it('keeps working when later compiles grow WASM memory', () => {
    const first = compile([{ mode: 'suffix', caseInsensitive: true, patterns: ['.exe'] }]);
    const big = compile([
      { mode: 'exact', caseInsensitive: false, patterns: Array.from({ length: 20_000 }, (_, index) => `name-${index}`) },
    ]);
    try {
      expect(first.match('A.EXE').groups).toEqual([0]);
      expect(big.match('name-19999').firstPattern).toEqual([19_999]);
      expect(big.match('x'.repeat(200_000)).groups).toEqual([]);
      expect(first.match('b.exe').groups).toEqual([0]);
    } finally {
      first.free();
      big.free();
    }
  });

  it('writes values where the scratch region is now, after raw-ABI users moved it', () => {
    // Regression: the glue once cached the scratch pointer; after a raw caller's larger
    // request moved the region, the glue kept writing specs and values into the freed
    // block, corrupting whatever was allocated there next.
    const module = loadMatcherModuleSync(engine.variant); // a fresh instance: a known heap
    const raw = module.exports as unknown as { memory: WebAssembly.Memory; stringSetScratch(size: number): number };
    const first = compileStringSet(module, [{ mode: 'wildcard', caseInsensitive: true, patterns: ['*.hf.space'] }], engine.options);
    expect(first.matchCount('x'.repeat(3000))).toBe(0); // the glue's scratch: >= 9,000 bytes
    const second = compileStringSet(
      module,
      [{ mode: 'exact', caseInsensitive: false, patterns: ['after the scratch block'] }],
      engine.options,
    );
    const before = raw.stringSetScratch(0);
    raw.stringSetScratch(4 << 20); // a set was allocated after the region: it has to move
    expect(raw.stringSetScratch(0)).not.toBe(before);
    try {
      const value = 'y.HF.space';
      expect(first.matchCount(value)).toBe(1);
      const written = new Uint8Array(raw.memory.buffer, raw.stringSetScratch(0), value.length);
      expect(new TextDecoder().decode(written)).toBe(value);
      expect(second.matchCount('after the scratch block')).toBe(1);
    } finally {
      first.free();
      second.free();
    }
  });

  it('reuses the memory of freed sets', () => {
    for (let round = 0; round < 300; round++) {
      const set = compile([{ mode: 'wildcard', caseInsensitive: true, patterns: [`*.r${round}.com`] }]);
      expect(set.matchCount(`a.R${round}.com`)).toBe(1);
      set.free();
    }
  });
});

describe('what gets built', () => {
  const [node] = ENGINES;

  it('reports a small DFA for a small set, with its table size', () => {
    const set = compileStringSet(node.module, [{ mode: 'wildcard', caseInsensitive: true, patterns: ['*.com', 'api.openai.com'] }]);
    try {
      const info = set.info();
      expect(info.kind).toBe('dfa');
      expect(info.states).toBeGreaterThan(2);
      expect(info.states).toBeLessThan(40);
      expect(info.tableBytes).toBe(info.states * info.byteClasses * 4);
      expect(info.cacheFlushes).toBe(0);
    } finally {
      set.free();
    }
  });

  it('builds the lazy DFA when asked to (maxDfaStates 0)', () => {
    const set = compileStringSet(node.module, [{ mode: 'exact', caseInsensitive: false, patterns: ['a'] }], {
      maxDfaStates: 0,
      cacheStates: 8,
    });
    try {
      expect(set.info()).toMatchObject({ kind: 'lazy-dfa', states: 8 });
    } finally {
      set.free();
    }
  });
});

/** The quoted strings of the first `<field> : (…)` list in an EQL query, unescaped. */
function eqlList(query: string, field: string): string[] {
  const start = query.indexOf(`${field} : (`);
  if (start < 0) throw new Error(`no ${field} list in the rule`);
  let index = query.indexOf('(', start) + 1;
  const values: string[] = [];
  // Walk to the closing parenthesis outside strings (paths contain "(x86)").
  while (index < query.length && query[index] !== ')') {
    if (query[index] === '"') {
      let text = '';
      index++;
      while (query[index] !== '"') {
        if (query[index] === '\\') index++;
        text += query[index];
        index++;
      }
      values.push(text);
    } else if (query.startsWith('//', index)) {
      index = query.indexOf('\n', index);
    }
    index++;
  }
  return values;
}

describe.skipIf(!hasShared)(`the current rule's string sets (${hasShared ? 'from ../shared' : SHARED_MISSING_MESSAGE})`, () => {
  const query = hasShared ? readFileSync(sharedPath('rules', 'command_and_control_common_llm_endpoint.toml'), 'utf8') : '';

  it.each(ENGINES.filter((engine) => engine.options.maxDfaStates === undefined))('compile to complete DFAs on $name', (engine) => {
    const domains = eqlList(query, 'dns.question.name');
    const names = eqlList(query, 'process.name');
    const paths = eqlList(query, 'process.executable');
    expect(domains.length).toBeGreaterThan(100);
    expect(paths).toContain('?:\\Users\\*.exe');
    const set = compileStringSet(engine.module, [
      { mode: 'wildcard', caseInsensitive: true, patterns: domains },
      { mode: 'wildcard', caseInsensitive: true, patterns: names },
      { mode: 'wildcard', caseInsensitive: true, patterns: paths },
    ]);
    try {
      expect(set.info().kind).toBe('dfa');
      expect(set.match('chatgpt.com').groups).toEqual([0, 1]); // also "*.com", a process-name pattern
      expect(set.match('Bedrock-Runtime.us-east-1.amazonaws.com').groups).toEqual([0, 1]);
      expect(set.match('python3.11').groups).toEqual([1]);
      expect(set.match('C:\\Users\\bob\\Downloads\\evil.exe').groups).toEqual([2]);
      expect(set.match('claude.ai').groups).toEqual([0]);
      expect(set.match('example.com').groups).toEqual([1]);
      expect(set.match('api.openai.com.').groups).toEqual([]);
    } finally {
      set.free();
    }
  });
});
