// The raw ABI other code relies on: the executor's streaming entry points, the batch
// call, the result area, and bounds checks on every pointer the host passes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENGINES } from './engines.test-helper.js';
import { encodeStringSetSpec, type StringSetGroup } from './spec.js';
import { compileStringSet } from './string-set.js';

interface RawExports {
  memory: WebAssembly.Memory;
  stringSetScratch(size: number): number;
  compileStringSet(pointer: number, length: number): number;
  freeStringSet(handle: number): void;
  matchStringSet(handle: number, pointer: number, length: number): number;
  matchStringSetMany(handle: number, values: number, count: number, counts: number): number;
  stringSetStart(handle: number): number;
  stringSetAdvance(handle: number, state: number, pointer: number, length: number): number;
  stringSetFinish(handle: number, state: number): number;
  resultGroupBitsPtr(handle: number): number;
  resultFirstPatternPtr(handle: number): number;
  resultMatchesPtr(handle: number): number;
  lastCompileErrorCode(): number;
}

const GROUPS: StringSetGroup[] = [
  { mode: 'wildcard', caseInsensitive: true, patterns: ['*.openai.azure.com', 'api.openai.com', '?:\\Users\\*.exe'] },
  { mode: 'exact', caseInsensitive: false, patterns: ['api.openai.com', 'caf\u00E9'] },
  { mode: 'contains', caseInsensitive: true, patterns: ['OPENAI', '\u{1F600}'] },
  { mode: 'prefix', caseInsensitive: false, patterns: ['c:'] },
];

const VALUES = ['api.openai.com', 'x.OpenAI.azure.com', 'caf\u00E9', 'c:\\Users\\bob\\a.exe', '\u{1F600}', '', 'nothing'];

describe.each(ENGINES)('raw ABI on $name', (engine) => {
  const raw = engine.module.exports as unknown as RawExports;
  const encoder = new TextEncoder();

  function compileRaw(): number {
    const spec = encodeStringSetSpec(GROUPS);
    const pointer = raw.stringSetScratch(spec.length);
    new Uint8Array(raw.memory.buffer).set(spec, pointer);
    const maxDfaStates = engine.options.maxDfaStates;
    const handle =
      maxDfaStates === undefined
        ? raw.compileStringSet(pointer, spec.length)
        : (engine.module.exports as unknown as { compileStringSetWithLimits: (...args: number[]) => number }).compileStringSetWithLimits(
            pointer,
            spec.length,
            maxDfaStates,
            engine.options.cacheStates ?? 1024,
          );
    expect(handle).toBeGreaterThanOrEqual(0);
    return handle;
  }

  function resultOf(handle: number, count: number): { bits: number[]; first: number[]; pairs: number[] } {
    const words = new Int32Array(raw.memory.buffer);
    return {
      bits: [words[raw.resultGroupBitsPtr(handle) >> 2]],
      first: Array.from({ length: GROUPS.length }, (_, group) => words[(raw.resultFirstPatternPtr(handle) >> 2) + group]),
      pairs: Array.from(words.subarray(raw.resultMatchesPtr(handle) >> 2, (raw.resultMatchesPtr(handle) >> 2) + count * 2)),
    };
  }

  it('streams a value in any split and gets the whole-value result', () => {
    const handle = compileRaw();
    try {
      fc.assert(
        fc.property(fc.constantFrom(...VALUES), fc.array(fc.nat(), { maxLength: 6 }), (value, cuts) => {
          const bytes = encoder.encode(value);
          const pointer = raw.stringSetScratch(bytes.length + 1);
          new Uint8Array(raw.memory.buffer).set(bytes, pointer);
          const whole = raw.matchStringSet(handle, pointer, bytes.length);
          const expected = resultOf(handle, whole);
          const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
          let state = raw.stringSetStart(handle);
          let from = 0;
          for (const to of [...points, bytes.length]) {
            state = raw.stringSetAdvance(handle, state, pointer + from, to - from);
            expect(state).toBeGreaterThanOrEqual(0);
            from = to;
          }
          const count = raw.stringSetFinish(handle, state);
          expect(count).toBe(whole);
          expect(resultOf(handle, count)).toEqual(expected);
        }),
        { numRuns: 300 },
      );
    } finally {
      raw.freeStringSet(handle);
    }
  });

  it('fills the result area: bitset, first pattern per group (-1 when unmatched), pairs', () => {
    const handle = compileRaw();
    try {
      const bytes = encoder.encode('api.openai.com');
      const pointer = raw.stringSetScratch(bytes.length);
      new Uint8Array(raw.memory.buffer).set(bytes, pointer);
      const count = raw.matchStringSet(handle, pointer, bytes.length);
      expect(count).toBe(3);
      expect(resultOf(handle, count)).toEqual({ bits: [0b0111], first: [1, 0, 0, -1], pairs: [0, 1, 1, 0, 2, 0] });
      // The next match clears what the previous one set.
      expect(raw.matchStringSet(handle, pointer, 0)).toBe(0);
      expect(resultOf(handle, 0)).toEqual({ bits: [0], first: [-1, -1, -1, -1], pairs: [] });
    } finally {
      raw.freeStringSet(handle);
    }
  });

  it('matches a batch of values in one call', () => {
    const handle = compileRaw();
    try {
      const encoded = VALUES.map((value) => encoder.encode(value));
      const total = encoded.reduce((sum, bytes) => sum + bytes.length, 0);
      const base = raw.stringSetScratch(total + VALUES.length * 12);
      const memory = new Uint8Array(raw.memory.buffer);
      const descriptors = new DataView(raw.memory.buffer, base, VALUES.length * 8);
      let at = base + VALUES.length * 12;
      encoded.forEach((bytes, index) => {
        memory.set(bytes, at);
        descriptors.setUint32(index * 8, at, true);
        descriptors.setUint32(index * 8 + 4, bytes.length, true);
        at += bytes.length;
      });
      const counts = base + VALUES.length * 8;
      expect(raw.matchStringSetMany(handle, base, VALUES.length, counts)).toBe(VALUES.length);
      const actual = Array.from(new Int32Array(raw.memory.buffer, counts, VALUES.length));
      // (The TS API shares the scratch region, so read the counts before using it.)
      const set = compileStringSet(engine.module, GROUPS, engine.options);
      const expected = VALUES.map((value) => set.matchCount(value));
      set.free();
      expect(actual).toEqual(expected);
    } finally {
      raw.freeStringSet(handle);
    }
  });

  it('checks every pointer, handle and state instead of trapping', () => {
    const handle = compileRaw();
    try {
      const end = raw.memory.buffer.byteLength;
      expect(raw.matchStringSet(handle, end - 2, 3)).toBe(-9);
      expect(raw.matchStringSet(handle, 0xfffffff0, 0x20)).toBe(-9);
      expect(raw.matchStringSet(handle + 1000, 0, 0)).toBe(-20);
      expect(raw.matchStringSet(-1, 0, 0)).toBe(-20);
      expect(raw.compileStringSet(end, 8)).toBe(-9);
      expect(raw.stringSetAdvance(handle, 1, 0, 0)).toBe(-21);
      expect(raw.stringSetAdvance(handle, -5, 0, 0)).toBe(-21);
      expect(raw.stringSetFinish(handle, 0x7fffffff)).toBe(-21);
      expect(raw.matchStringSetMany(handle, end - 4, 1, 0)).toBe(-9);
      expect(raw.stringSetScratch(0x7fffffff)).toBe(0);
      // Handles of freed sets are refused, then reused.
      raw.freeStringSet(handle);
      expect(raw.matchStringSet(handle, 0, 0)).toBe(-20);
      expect(compileRaw()).toBe(handle);
    } finally {
      raw.freeStringSet(handle);
    }
  });

  it('matches invalid UTF-8 values without trapping: `?` takes only well-formed code points', () => {
    const set = compileStringSet(
      engine.module,
      [
        { mode: 'wildcard', caseInsensitive: false, patterns: ['?'] },
        { mode: 'wildcard', caseInsensitive: false, patterns: ['*'] },
        { mode: 'wildcard', caseInsensitive: false, patterns: ['a*b'] },
      ],
      engine.options,
    );
    try {
      for (const bytes of [[0xff], [0x80], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82]]) {
        expect(set.match(new Uint8Array(bytes)).groups).toEqual([1]);
      }
      expect(set.match(new Uint8Array([0x61, 0xff, 0x62])).groups).toEqual([1, 2]);
      expect(set.match(new Uint8Array([0xe2, 0x82, 0xac])).groups).toEqual([0, 1]);
    } finally {
      set.free();
    }
  });
});
