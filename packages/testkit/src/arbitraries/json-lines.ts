/**
 * fast-check arbitraries for NDJSON lines: one event serialised in many equivalent (or
 * deliberately tricky) ways, for executors that read raw JSON bytes. The property to test
 * is always "executor(text) agrees with the reference on JSON.parse(text)", so the
 * serialiser may change what an event means (duplicate keys, flattening) as long as the
 * text stays one JSON object on one line.
 *
 * testkit is a leaf: plain values and strings only.
 */

import fc from 'fast-check';

/** A JSON number written verbatim (e.g. `9223372036854775808`, `1e400`, `-0.0`). */
export class RawJsonNumber {
  constructor(readonly text: string) {}
}

/** How to write one line; everything random is drawn from `seed`, so a style replays exactly. */
export interface JsonLineStyle {
  seed: number;
  /** probability of whitespace between two tokens */
  whitespace: number;
  /** probability that a character without a mandatory escape is escaped anyway */
  escapes: number;
  /** probability that an object member is preceded (or followed) by a duplicate of its key */
  duplicates: number;
  /** probability that a member holding an object is flattened into dotted keys */
  flatten: number;
  /** probability that a number is written in another form (exponent, trailing `.0`, all digits) */
  numberForms: number;
  /** shuffle object members */
  shuffle: boolean;
}

export function jsonLineStyle(): fc.Arbitrary<JsonLineStyle> {
  const rate = fc.constantFrom(0, 0, 0.05, 0.2, 0.5, 1);
  return fc.record({
    seed: fc.integer({ min: 0, max: 0x7fffffff }),
    whitespace: rate,
    escapes: rate,
    duplicates: fc.constantFrom(0, 0, 0.1, 0.3),
    flatten: fc.constantFrom(0, 0, 0.2, 0.5),
    numberForms: fc.constantFrom(0, 0.3, 1),
    shuffle: fc.boolean(),
  });
}

/** mulberry32: small, fast, deterministic */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WHITESPACE = [' ', '  ', '\t', '\r', ' \t ', '\r\t'];
const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '/': '\\/',
};

function hex4(code: number, upper: boolean): string {
  const text = code.toString(16).padStart(4, '0');
  return `\\u${upper ? text.toUpperCase() : text}`;
}

const DECOYS: unknown[] = [
  'decoy',
  'api.openai.com',
  'powershell.exe',
  42,
  true,
  false,
  null,
  [],
  ['network'],
  { name: 'api.openai.com', trusted: false, exists: false, type: 'windows' },
  { question: { name: 'api.openai.com' } },
  { category: ['network'] },
];

/** Serialises `value` as one JSON line (no `\n` anywhere) in the given style. */
export function serializeJsonLine(value: unknown, style: JsonLineStyle): string {
  const next = random(style.seed);
  const chance = (probability: number) => probability > 0 && next() < probability;
  const space = () => (chance(style.whitespace) ? WHITESPACE[Math.floor(next() * WHITESPACE.length)] : '');

  const string = (text: string): string => {
    let out = '"';
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      const character = text[index];
      const upper = next() < 0.5;
      if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
        const low = text.charCodeAt(index + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          // a surrogate pair: the code point itself, or its pair of escapes
          out += chance(style.escapes) ? hex4(code, upper) + hex4(low, upper) : text.slice(index, index + 2);
          index++;
          continue;
        }
      }
      if (code >= 0xd800 && code <= 0xdfff) {
        out += hex4(code, upper); // unpaired: only an escape can carry it
      } else if (character === '"' || character === '\\' || code < 0x20) {
        out += SHORT_ESCAPES[character] !== undefined && next() < 0.7 ? SHORT_ESCAPES[character] : hex4(code, upper);
      } else if (chance(style.escapes)) {
        out += character === '/' && next() < 0.5 ? '\\/' : hex4(code, upper);
      } else {
        out += character;
      }
    }
    return `${out}"`;
  };

  const number = (numeric: number): string => {
    if (!Number.isFinite(numeric)) return 'null'; // as JSON.stringify
    if (!chance(style.numberForms)) return JSON.stringify(numeric);
    const forms = [numeric.toExponential(), numeric.toExponential().toUpperCase().replace('E+', 'E')];
    if (Number.isInteger(numeric) && !Object.is(numeric, -0))
      forms.push(BigInt(numeric).toString(), `${BigInt(numeric).toString()}.0`, `${BigInt(numeric).toString()}e0`);
    return forms[Math.floor(next() * forms.length)];
  };

  // explicit stack of pending output pieces: deep values must not overflow the JS stack
  const write = (root: unknown): string => {
    const parts: string[] = [];
    const pending: unknown[] = [root];
    while (pending.length > 0) {
      const item = pending.pop();
      if (item instanceof Literal) {
        parts.push(item.text);
        continue;
      }
      if (item instanceof RawJsonNumber) parts.push(item.text);
      else if (item === null || item === undefined) parts.push('null');
      else if (typeof item === 'boolean') parts.push(String(item));
      else if (typeof item === 'number') parts.push(number(item));
      else if (typeof item === 'bigint') parts.push(item.toString());
      else if (typeof item === 'string') parts.push(string(item));
      else if (Array.isArray(item)) {
        const pieces: unknown[] = [new Literal(`[${space()}`)];
        item.forEach((element, index) => {
          if (index > 0) pieces.push(new Literal(`${space()},${space()}`));
          pieces.push(element);
        });
        pieces.push(new Literal(`${space()}]`));
        for (let index = pieces.length - 1; index >= 0; index--) pending.push(pieces[index]);
      } else if (typeof item === 'object') {
        const members = objectMembers(item as Record<string, unknown>);
        const pieces: unknown[] = [new Literal(`{${space()}`)];
        members.forEach(([key, member], index) => {
          if (index > 0) pieces.push(new Literal(`${space()},${space()}`));
          pieces.push(new Literal(`${string(key)}${space()}:${space()}`), member);
        });
        pieces.push(new Literal(`${space()}}`));
        for (let index = pieces.length - 1; index >= 0; index--) pending.push(pieces[index]);
      } else {
        parts.push('null');
      }
    }
    return parts.join('');
  };

  const objectMembers = (object: Record<string, unknown>): [string, unknown][] => {
    let members: [string, unknown][] = [];
    for (const [key, member] of Object.entries(object)) {
      if (member === undefined) continue;
      const isObject = typeof member === 'object' && member !== null && !Array.isArray(member) && !(member instanceof RawJsonNumber);
      if (isObject && Object.keys(member).length > 0 && chance(style.flatten)) {
        for (const [subKey, subMember] of Object.entries(member as Record<string, unknown>)) members.push([`${key}.${subKey}`, subMember]);
      } else {
        members.push([key, member]);
      }
    }
    if (style.shuffle) {
      for (let index = members.length - 1; index > 0; index--) {
        const other = Math.floor(next() * (index + 1));
        [members[index], members[other]] = [members[other], members[index]];
      }
    }
    if (style.duplicates > 0) {
      const withDuplicates: [string, unknown][] = [];
      for (const member of members) {
        const decoy: [string, unknown] = [member[0], DECOYS[Math.floor(next() * DECOYS.length)]];
        const roll = next();
        // mostly the decoy comes first (the real value wins), sometimes after (the decoy wins)
        if (roll < style.duplicates * 0.8) withDuplicates.push(decoy, member);
        else if (roll < style.duplicates) withDuplicates.push(member, decoy);
        else withDuplicates.push(member);
      }
      members = withDuplicates;
    }
    return members;
  };

  return space() + write(value) + space();
}

class Literal {
  constructor(readonly text: string) {}
}

/** `value` serialised as one NDJSON line in a random style. */
export function jsonLine(value: unknown): fc.Arbitrary<string> {
  return jsonLineStyle().map((style) => serializeJsonLine(value, style));
}

const NOISE_NUMBERS = [
  '9223372036854775808',
  '9223372036854775807',
  '-0',
  '1e400',
  '0.1',
  '123456789012345678901234567890',
  '4.9e-324',
  '1E+2',
];

/**
 * Extra members an ECS document carries besides the rule's fields: timestamps, agent
 * blocks, deep `process.Ext` trees, arrays of objects, raw big numbers, and values of the
 * wrong shape at the rule's paths (`"process": "x"`, `"name": {…}`).
 */
export function eventNoise(): fc.Arbitrary<Record<string, unknown>> {
  const leaf = fc.oneof(
    fc.string({ maxLength: 8 }),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom(...NOISE_NUMBERS).map((text) => new RawJsonNumber(text)),
  );
  const tree = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc.array(tie('node'), { maxLength: 3 }),
      fc.dictionary(fc.constantFrom('Ext', 'name', 'question', 'a.b', 'code_signature', 'x', ''), tie('node'), { maxKeys: 3 }),
    ),
  })).node;
  return fc.record(
    {
      '@timestamp': fc.constantFrom('2026-07-01T12:00:00.000Z', '2026-07-01T12:00:00Z'),
      agent: fc.constant({ type: 'endpoint', version: '8.15.0', id: 'b1c2' }),
      message: fc.string({ maxLength: 20 }),
      Ext: tree,
      'dns.Ext': fc.constant({ options: new RawJsonNumber('9223372036854775808'), status: 0 }),
      'process.Ext': tree,
      'process.parent': fc.constantFrom({ name: 'explorer.exe', pid: 4 }, [{ name: 'a' }, { name: 'b' }]),
      deep: fc.integer({ min: 1, max: 60 }).map((depth) => {
        let node: unknown = { name: 'api.openai.com' };
        for (let level = 0; level < depth; level++) node = level % 2 === 0 ? [node] : { x: node };
        return node;
      }),
    },
    { requiredKeys: [] },
  );
}

/** Adds noise members to an event (its own members win on a name clash). */
export function withNoise(event: Record<string, unknown>): fc.Arbitrary<Record<string, unknown>> {
  return eventNoise().map((noise) => ({ ...noise, ...event }));
}

/** A line that JSON.parse rejects or that is not an object, with what makes it so. */
export interface MalformedLine {
  kind: string;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();

/**
 * Lines that must come back as a per-line error (never a verdict, never a trap):
 * truncations of a valid line, invalid UTF-8, unbalanced brackets, bare values, arrays,
 * bad escapes and numbers, raw control characters, NUL bytes, trailing content.
 */
export function malformedJsonLine(valid: string): fc.Arbitrary<MalformedLine> {
  const bytes = encoder.encode(valid);
  const at = fc.integer({ min: 0, max: Math.max(0, bytes.length - 1) });
  const splice = (position: number, insert: readonly number[]) => {
    const out = new Uint8Array(bytes.length + insert.length);
    out.set(bytes.subarray(0, position));
    out.set(insert, position);
    out.set(bytes.subarray(position), position + insert.length);
    return out;
  };
  return fc.oneof(
    at.map((position) => ({ kind: 'truncated', bytes: bytes.slice(0, Math.max(1, position)) })),
    fc
      .tuple(at, fc.constantFrom([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80]))
      .map(([position, insert]) => ({
        kind: 'invalid-utf8',
        bytes: splice(position, insert),
      })),
    fc
      .constantFrom(
        '[1,2]',
        '"text"',
        '42',
        'true',
        'null',
        '[]',
        '[{"a":1}]',
        '{',
        '}',
        '{"a":1',
        '{"a":1}}',
        '{"a" 1}',
        '{"a":}',
        '{,}',
        '{"a":1,}',
        '{"a":01}',
        '{"a":1.}',
        '{"a":.5}',
        '{"a":-}',
        '{"a":+1}',
        '{"a":"\\x"}',
        '{"a":"\\u12"}',
        '{"a":"\\u12g4"}',
        '{"a":tru}',
        '{"a":nul}',
        "{'a':1}",
        '{"a":1}x',
        '{"a":1} {"b":2}',
        '{a:1}',
        '\uFEFF{"a":1}',
        '{"a":NaN}',
        '{"a":Infinity}',
      )
      .map((text) => ({
        kind: 'syntax',
        bytes: encoder.encode(text),
      })),
    fc
      .tuple(at, fc.constantFrom([0x00], [0x01], [0x1f]))
      .map(([position, insert]) => ({ kind: 'control', bytes: splice(position, insert) })),
  );
}
