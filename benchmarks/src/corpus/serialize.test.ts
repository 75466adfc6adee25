import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EscapeStyle, exactLargeIntegers, type KeyOrder, serializeEvent } from './serialize.js';

const ESCAPES: EscapeStyle[] = ['none', 'go-html', 'solidus', 'ascii-only', 'dns-dots', 'key-escape'];
const ORDERS: KeyOrder[] = ['as-built', 'reversed', 'sorted'];

/** JSON.parse never yields -0: compare against the value with -0 made 0. */
function withoutNegativeZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(withoutNegativeZero);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, withoutNegativeZero(child)]));
  return value;
}

const jsonValue = fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 });
const bigNumbers = fc.constantFrom(2 ** 53, 2 ** 63, -(2 ** 63), 2 ** 63 + 2 ** 47, 2 ** 70, 1e21, 1.5e300, 2 ** 53 + 2, 123.5, -7);

describe('serializeEvent', () => {
  it('writes text that parses back to the same value, in every style', () => {
    fc.assert(
      fc.property(
        jsonValue,
        fc.constantFrom(...ESCAPES),
        fc.constantFrom(...ORDERS),
        fc.string({ unit: 'binary' }),
        (value, escapes, keyOrder, dottedValue) => {
          const text = serializeEvent(value, { escapes, keyOrder, dottedValue });
          expect(JSON.parse(text)).toStrictEqual(withoutNegativeZero(value));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('writes integers beyond 2**53 with their exact digits, and they parse back to the same double', () => {
    fc.assert(
      fc.property(bigNumbers, fc.constantFrom(...ESCAPES), fc.constantFrom(...ORDERS), (number, escapes, keyOrder) => {
        const text = serializeEvent({ dns: { Ext: { options: number } }, text: '9223372036854776000' }, { escapes, keyOrder });
        expect(JSON.parse(text)).toEqual({ dns: { Ext: { options: number } }, text: '9223372036854776000' });
        if (Number.isInteger(number)) expect(text).toContain(`"options":${BigInt(number)}`);
      }),
    );
    expect(serializeEvent({ options: 2 ** 63 })).toBe('{"options":9223372036854775808}');
    expect(serializeEvent({ options: -(2 ** 63) }, { keyOrder: 'sorted', escapes: 'ascii-only' })).toBe('{"options":-9223372036854775808}');
  });

  it('never rewrites digits inside strings', () => {
    const text = '{"a":"9223372036854776000","b":"x\\"1e+21","c":[1e+21,9223372036854776000]}';
    expect(exactLargeIntegers(text)).toBe('{"a":"9223372036854776000","b":"x\\"1e+21","c":[1000000000000000000000,9223372036854775808]}');
    expect(JSON.parse(exactLargeIntegers(text))).toEqual(JSON.parse(text));
  });

  it('escapes what each style says and nothing it must not', () => {
    const event = {
      dns: { question: { name: 'api.openai.com' } },
      'dns.question.name': 'api.openai.com',
      path: '/tmp/x',
      xml: '<a & b>',
      user: 'zoë',
      other: 'a.b',
    };
    expect(serializeEvent(event, { keyOrder: 'as-built', escapes: 'dns-dots', dottedValue: 'api.openai.com' })).toContain(
      '"name":"api\\u002eopenai\\u002ecom"',
    );
    expect(serializeEvent(event, { keyOrder: 'as-built', escapes: 'dns-dots', dottedValue: 'api.openai.com' })).toContain('"other":"a.b"');
    expect(serializeEvent(event, { keyOrder: 'as-built', escapes: 'solidus' })).toContain('"path":"\\/tmp\\/x"');
    expect(serializeEvent(event, { keyOrder: 'as-built', escapes: 'go-html' })).toContain('"xml":"\\u003ca \\u0026 b\\u003e"');
    expect(serializeEvent(event, { keyOrder: 'as-built', escapes: 'ascii-only' })).toContain('"user":"zo\\u00eb"');
    expect(/^[\x20-\x7e]*$/.test(serializeEvent(event, { keyOrder: 'as-built', escapes: 'ascii-only' }))).toBe(true);
    const keyEscaped = serializeEvent({ ...event, note: 'question": no' }, { keyOrder: 'as-built', escapes: 'key-escape' });
    expect(keyEscaped).toContain('"qu\\u0065stion":');
    expect(keyEscaped).toContain('"dns.qu\\u0065stion.name":');
    expect(keyEscaped).toContain('"note":"question\\": no"');
  });

  it('writes keys in the requested order at every depth', () => {
    const event = { b: { y: 1, x: 2 }, a: [{ d: 1, c: 2 }] };
    expect(serializeEvent(event, { keyOrder: 'reversed', escapes: 'none' })).toBe('{"a":[{"c":2,"d":1}],"b":{"x":2,"y":1}}');
    expect(serializeEvent(event, { keyOrder: 'sorted', escapes: 'solidus' })).toBe('{"a":[{"c":2,"d":1}],"b":{"x":2,"y":1}}');
    expect(serializeEvent(event)).toBe(JSON.stringify(event));
  });

  it('refuses values JSON cannot hold when it writes the text itself', () => {
    expect(() => serializeEvent({ a: Number.NaN }, { keyOrder: 'sorted', escapes: 'solidus' })).toThrow(/not a JSON number/);
    expect(() => serializeEvent({ a: () => 1 }, { keyOrder: 'sorted', escapes: 'go-html' })).toThrow(/cannot write/);
  });
});
