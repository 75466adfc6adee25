import { fc, test } from '@fast-check/vitest';
import { fieldValues } from '@llm-egress/rules';
import { EQL_FIELDS, eqlEvent } from '@llm-egress/testkit';
import { describe, expect, it } from 'vitest';
import { compileFieldAccessor } from './field-values.js';

const values = (event: unknown, path: string) => compileFieldAccessor(path).values(event);
const sorted = (list: unknown[]) => [...list].map((value) => JSON.stringify(value)).sort();

describe('V(f): values of a field (SEMANTICS.md)', () => {
  it('reads nested objects, dotted keys and their mixtures alike', () => {
    expect(values({ process: { name: 'a' } }, 'process.name')).toEqual(['a']);
    expect(values({ 'process.name': 'a' }, 'process.name')).toEqual(['a']);
    expect(values({ process: { 'code_signature.trusted': true } }, 'process.code_signature.trusted')).toEqual([true]);
    expect(values({ 'process.code_signature': { trusted: false } }, 'process.code_signature.trusted')).toEqual([false]);
  });

  it('flattens arrays at every level and walks arrays of objects', () => {
    expect(values({ process: { name: ['a', ['b', ['c']]] } }, 'process.name')).toEqual(['a', 'b', 'c']);
    expect(values({ process: [{ name: 'a' }, { name: 'b' }, [{ name: 'c' }]] }, 'process.name')).toEqual(['a', 'b', 'c']);
  });

  it('gives nothing for null, [], [null], absent paths and objects at the end of the path', () => {
    for (const name of [null, [], [null], undefined, { first: 'x' }]) expect(values({ process: { name } }, 'process.name')).toEqual([]);
    expect(values({}, 'process.name')).toEqual([]);
    expect(values({ process: 'flat' }, 'process.name')).toEqual([]);
  });

  it('keeps "" and every scalar type, and both spellings of a field', () => {
    expect(values({ a: { b: '' } }, 'a.b')).toEqual(['']);
    expect(sorted(values({ a: { b: 1 }, 'a.b': 2 }, 'a.b'))).toEqual(['1', '2']);
    expect(values({ a: { b: [0, false, 'x'] } }, 'a.b')).toEqual([0, false, 'x']);
  });

  it('ignores values that are not JSON scalars (bigints, functions, symbols, Dates, Maps)', () => {
    expect(values({ a: [1n, () => 1, Symbol('s'), new Date(0), new Map([['b', 1]])] }, 'a')).toEqual([]);
    expect(values({ a: new Map([['b', 1]]) }, 'a.b')).toEqual([]);
  });

  it('repairs unpaired surrogates to U+FFFD, as decoding a JSON escape does', () => {
    expect(values({ a: 'x\uD800y' }, 'a')).toEqual(['x\uFFFDy']);
    expect(values({ a: '😀' }, 'a')).toEqual(['😀']);
  });

  it('does not recurse: arrays nested 100,000 deep are walked', () => {
    let deep: unknown = 'bottom';
    for (let index = 0; index < 100_000; index++) deep = [deep];
    expect(values({ a: deep }, 'a')).toEqual(['bottom']);
  });
});

/** Odd JS values mixed into events passed to `evaluate` by callers. */
const oddValue = fc.constantFrom<unknown>(
  undefined,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  1e21,
  1n,
  new Date(0),
  () => 'f',
  [[[]]],
  [{}],
  { '': 'empty key' },
  'x\uDC00',
);

function sprinkle(event: Record<string, unknown>, odd: unknown[], paths: string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...event };
  odd.forEach((value, index) => {
    copy[paths[index % paths.length]] = value;
  });
  return copy;
}

describe('agrees with the reference interpreter', () => {
  const paths = [...EQL_FIELDS.map((field) => field.name), 'event.category', 'process', 'process.code_signature'];
  test.prop([eqlEvent(), fc.array(oddValue, { maxLength: 4 }), fc.array(fc.constantFrom(...paths), { minLength: 1, maxLength: 4 })], {
    numRuns: 2000,
  })('V(f) equals fieldValues(event, f) as a multiset, for every field of generated events', (event, odd, oddPaths) => {
    const mixed = sprinkle(event, odd, oddPaths);
    for (const path of paths) expect(sorted(values(mixed, path))).toEqual(sorted(fieldValues(mixed, path.split('.'))));
  });
});
