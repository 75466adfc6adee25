// Bad input gets a typed, located error — never a trap, never a silent drop.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENGINES } from './engines.test-helper.js';
import { MatcherError } from './errors.js';
import { encodeStringSetSpec, type StringSetGroup } from './spec.js';
import { compileStringSet, compileStringSetSpec } from './string-set.js';

const BUILDS = ENGINES.filter((engine) => engine.options.maxDfaStates === undefined);

function caught(action: () => unknown): MatcherError {
  try {
    action();
  } catch (error) {
    if (error instanceof MatcherError) return error;
    throw error;
  }
  throw new Error('expected a MatcherError');
}

describe.each(BUILDS)('compile errors on $name', ({ module }) => {
  const groupsWith = (bad: Uint8Array): StringSetGroup[] => [
    { mode: 'exact', caseInsensitive: false, patterns: ['ok'] },
    { mode: 'exact', caseInsensitive: false, patterns: ['ok'] },
    { mode: 'wildcard', caseInsensitive: true, patterns: ['fine', bad] },
  ];

  it.each([
    ['a lone byte FF', [0xff]],
    ['a continuation byte alone', [0x80]],
    ['an overlong encoding (C0 80)', [0xc0, 0x80]],
    ['an overlong 3-byte encoding (E0 80 80)', [0xe0, 0x80, 0x80]],
    ['a surrogate (ED A0 80)', [0xed, 0xa0, 0x80]],
    ['a code point past U+10FFFF (F4 90 80 80)', [0xf4, 0x90, 0x80, 0x80]],
    ['a truncated sequence (E2 82)', [0x61, 0xe2, 0x82]],
  ])('names group and pattern for invalid UTF-8: %s', (_name, bytes) => {
    const error = caught(() => compileStringSet(module, groupsWith(new Uint8Array(bytes))));
    expect(error).toMatchObject({ code: 'invalid-utf8', group: 2, pattern: 1 });
    expect(error.message).toMatch(/^group 2, pattern 1: /);
  });

  it('accepts every well-formed boundary sequence', () => {
    const edges = ['\u0000', '\u007F', '\u0080', '\u07FF', '\u0800', '\uD7FF', '\uE000', '\uFFFF', '\u{10000}', '\u{10FFFF}'];
    const set = compileStringSet(module, [{ mode: 'exact', caseInsensitive: false, patterns: edges }]);
    try {
      for (const [index, edge] of edges.entries()) expect(set.match(edge).firstPattern).toEqual([index]);
    } finally {
      set.free();
    }
  });

  it('rejects a pattern string with an unpaired surrogate, quoting it', () => {
    const error = caught(() => compileStringSet(module, [{ mode: 'wildcard', caseInsensitive: true, patterns: ['a', 'b\uD800c'] }]));
    expect(error).toMatchObject({ code: 'invalid-utf8', group: 0, pattern: 1 });
    expect(error.message).toContain('"b\\ud800c"');
  });

  it('rejects unknown modes, flags and reserved bits in raw specs', () => {
    const spec = encodeStringSetSpec([
      { mode: 'exact', caseInsensitive: false, patterns: ['a'] },
      { mode: 'prefix', caseInsensitive: true, patterns: ['b'] },
    ]);
    const groupTwo = 4 + 8 + 4 + 1; // header, group 0 header, its one pattern
    const withByte = (offset: number, value: number) => {
      const copy = spec.slice();
      copy[offset] = value;
      return copy;
    };
    expect(caught(() => compileStringSetSpec(module, withByte(groupTwo, 5)))).toMatchObject({ code: 'invalid-mode', group: 1 });
    expect(caught(() => compileStringSetSpec(module, withByte(groupTwo + 1, 2)))).toMatchObject({ code: 'invalid-flags', group: 1 });
    expect(caught(() => compileStringSetSpec(module, withByte(groupTwo + 3, 1)))).toMatchObject({ code: 'invalid-flags', group: 1 });
    expect(caught(() => compileStringSet(module, [{ mode: 'glob' as 'exact', caseInsensitive: true, patterns: [] }]))).toMatchObject({
      code: 'invalid-mode',
      group: 0,
    });
  });

  it('reports every truncation of a valid spec, and trailing bytes', () => {
    const spec = encodeStringSetSpec([
      { mode: 'wildcard', caseInsensitive: true, patterns: ['*.example', 'a?c'] },
      { mode: 'suffix', caseInsensitive: false, patterns: ['', 'x'] },
    ]);
    for (let length = 0; length < spec.length; length++) {
      expect(caught(() => compileStringSetSpec(module, spec.subarray(0, length))).code, `length ${length}`).toBe('truncated-spec');
    }
    const longer = new Uint8Array(spec.length + 1);
    longer.set(spec);
    expect(caught(() => compileStringSetSpec(module, longer)).code).toBe('trailing-bytes');
    compileStringSetSpec(module, spec).free();
  });

  it('never traps on random spec bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 48 }), (head, tail) => {
        // A plausible header (few groups, small counts) makes deep paths reachable.
        const spec = new Uint8Array(head.length + tail.length + 4);
        spec.set([head.length % 4, 0, 0, 0]);
        spec.set(head, 4);
        spec.set(tail, 4 + head.length);
        for (const bytes of [spec, head]) {
          try {
            compileStringSetSpec(module, bytes).free();
          } catch (error) {
            expect(error).toBeInstanceOf(MatcherError);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('rejects out-of-range limits and bad arguments', () => {
    const groups: StringSetGroup[] = [{ mode: 'exact', caseInsensitive: false, patterns: ['a'] }];
    expect(caught(() => compileStringSet(module, groups, { cacheStates: 2 })).code).toBe('invalid-limit');
    expect(caught(() => compileStringSet(module, groups, { cacheStates: 1.5 })).code).toBe('invalid-limit');
    expect(caught(() => compileStringSet(module, groups, { maxDfaStates: -1 })).code).toBe('invalid-limit');
    expect(
      caught(() => compileStringSet(module, [{ mode: 'exact', caseInsensitive: 'yes' as unknown as boolean, patterns: [] }])).code,
    ).toBe('invalid-argument');
    expect(
      caught(() => compileStringSet(module, [{ mode: 'exact', caseInsensitive: false, patterns: [42 as unknown as string] }])),
    ).toMatchObject({
      code: 'invalid-argument',
      group: 0,
      pattern: 0,
    });
  });

  it('refuses to use a freed set', () => {
    const set = compileStringSet(module, [{ mode: 'exact', caseInsensitive: false, patterns: ['a'] }]);
    set.free();
    set.free(); // idempotent
    expect(set.freed).toBe(true);
    expect(caught(() => set.match('a')).code).toBe('freed');
    expect(caught(() => set.info()).code).toBe('freed');
  });
});
