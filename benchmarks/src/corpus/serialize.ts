/**
 * JSON text for one event, with the encoder quirks real shippers produce.
 *
 * The invariant every style keeps: `JSON.parse(serializeEvent(event, style))` deep-equals
 * `event`. Styles only change the *text* (key order, which characters are escaped, how a
 * large integer is spelled), never the value, so the verdict computed on the in-memory
 * object is the verdict of the line. The corpus tests check this invariant on every line.
 */

/** Order in which object keys are written. JSON.parse gives the same object for each. */
export type KeyOrder = 'as-built' | 'reversed' | 'sorted';

/**
 * Which characters inside strings are written as escapes.
 * - `none`: JSON.stringify's minimal escaping.
 * - `go-html`: `<`, `>`, `&`, U+2028, U+2029 as `\u003c`… (Go's encoding/json: Beats, Elastic Agent).
 * - `solidus`: every `/` as `\/` (PHP and some Java encoders).
 * - `ascii-only`: every non-ASCII code unit as `\uXXXX` (Python's json.dumps default).
 * - `dns-dots`: the dots of the DNS name as `\u002e` (adversarial: hides `api.openai.com` from a naive byte search).
 * - `key-escape`: one letter of every `question` key as `\u0065` (adversarial: hides the key name).
 */
export type EscapeStyle = 'none' | 'go-html' | 'solidus' | 'ascii-only' | 'dns-dots' | 'key-escape';

export interface SerializeStyle {
  keyOrder: KeyOrder;
  escapes: EscapeStyle;
  /** For `dns-dots`: the exact string value whose dots are escaped (wherever it occurs). */
  dottedValue?: string;
  /**
   * False when the value holds no integer beyond 2**53, to skip looking for one. Only the
   * text is at stake (both spellings parse to the same double), never the value.
   */
  largeIntegers?: boolean;
}

export const PLAIN_STYLE: SerializeStyle = { keyOrder: 'as-built', escapes: 'none' };

/**
 * Serialises a JSON value (objects, arrays, strings, finite numbers, booleans, null). The
 * styles that go through JSON.stringify inherit its leniency (NaN written as null, functions
 * dropped); the generator only builds JSON values, and the corpus tests check that every
 * line parses back to exactly the event that was evaluated.
 */
export function serializeEvent(value: unknown, style: SerializeStyle = PLAIN_STYLE): string {
  // The common case goes through the engine's native JSON.stringify (several times faster
  // than any JavaScript walk), then large integers get their exact digits back.
  if (style.escapes === 'none' || style.escapes === 'key-escape') {
    // Reordering builds a reordered copy: cheaper than writing JSON from JavaScript.
    let text = JSON.stringify(style.keyOrder === 'as-built' ? value : reorderKeys(value, style.keyOrder));
    if (style.largeIntegers !== false) text = exactLargeIntegers(text);
    // Keys are never escaped by JSON.stringify, so `"question"` followed by `:` is always a key.
    if (style.escapes === 'key-escape') text = text.replace(/"([^"\\]*)question([^"\\]*)":/g, '"$1qu\\u0065stion$2":');
    return text;
  }
  return writeValue(value, style);
}

/** True when the text has a run of 16 digits or an exponent (`1e+21`): where a large integer can be. */
function mayHoldLargeInteger(text: string): boolean {
  let run = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x30 && code <= 0x39) {
      if (++run >= 16) return true;
    } else {
      if (code === 0x2b && (text.charCodeAt(index - 1) | 0x20) === 0x65) {
        const before = text.charCodeAt(index - 2);
        if (before >= 0x30 && before <= 0x39) return true;
      }
      run = 0;
    }
  }
  return false;
}

/**
 * Rewrites integer literals of magnitude ≥ 2**53 outside strings with their exact decimal
 * digits (`9223372036854776000` → `9223372036854775808`, `1e+21` → `1000000000000000000000`).
 * Both texts parse to the same double. Strings are skipped by a small state machine, so
 * digits inside a string value are never touched.
 */
export function exactLargeIntegers(text: string): string {
  if (!mayHoldLargeInteger(text)) return text;
  let result = '';
  let copiedUpTo = 0;
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === 0x22) {
      // Skip the string token: its end is the next quote preceded by an even run of backslashes.
      let end = index + 1;
      for (;;) {
        end = text.indexOf('"', end);
        if (end < 0) return copiedUpTo === 0 ? text : result + text.slice(copiedUpTo);
        let backslashes = 0;
        while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
        if (backslashes % 2 === 0) break;
        end++;
      }
      index = end + 1;
    } else if (code === 0x2d || (code >= 0x30 && code <= 0x39)) {
      const start = index;
      let exponent = false;
      for (index++; index < text.length; index++) {
        const next = text.charCodeAt(index);
        if ((next | 0x20) === 0x65) exponent = true;
        else if (!((next >= 0x30 && next <= 0x39) || next === 0x2e || next === 0x2b || next === 0x2d)) break;
      }
      // An integer of magnitude ≥ 2**53 has at least 16 digits, or an exponent.
      if (index - start < 16 && !exponent) continue;
      const token = text.slice(start, index);
      const value = Number(token);
      if (Number.isInteger(value) && Math.abs(value) >= 2 ** 53) {
        const exact = BigInt(value).toString();
        if (exact !== token) {
          result += text.slice(copiedUpTo, start) + exact;
          copiedUpTo = index;
        }
      }
    } else {
      index++;
    }
  }
  return copiedUpTo === 0 ? text : result + text.slice(copiedUpTo);
}

const quotedKeys = new Map<string, string>();

/** A copy of the value whose objects list their keys in the given order. */
function reorderKeys(value: unknown, order: KeyOrder): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => reorderKeys(item, order));
  const object = value as Record<string, unknown>;
  let keys = Object.keys(object);
  keys = order === 'reversed' ? keys.reverse() : order === 'sorted' ? keys.sort() : keys;
  const copy: Record<string, unknown> = {};
  for (const key of keys) {
    const value = reorderKeys(object[key], order);
    // Assigning "__proto__" would set the prototype: define it as the own key it is.
    if (key === '__proto__') Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
    else copy[key] = value;
  }
  return copy;
}

function writeValue(value: unknown, style: SerializeStyle): string {
  switch (typeof value) {
    case 'string':
      return writeString(value, style);
    case 'number':
      return writeNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let text = '[';
        for (let index = 0; index < value.length; index++) {
          if (index > 0) text += ',';
          text += writeValue(value[index], style);
        }
        return `${text}]`;
      }
      return writeObject(value as Record<string, unknown>, style);
    }
    default:
      throw new TypeError(`serializeEvent: cannot write a value of type ${typeof value}`);
  }
}

function writeObject(object: Record<string, unknown>, style: SerializeStyle): string {
  let keys = Object.keys(object);
  if (style.keyOrder === 'reversed') keys = keys.reverse();
  else if (style.keyOrder === 'sorted') keys = keys.sort();
  let text = '{';
  let first = true;
  for (const key of keys) {
    const member = object[key];
    if (member === undefined) continue;
    if (!first) text += ',';
    first = false;
    text += writeKey(key, style);
    text += ':';
    text += writeValue(member, style);
  }
  return `${text}}`;
}

function writeKey(key: string, style: SerializeStyle): string {
  if (style.escapes === 'key-escape' && key.includes('question')) {
    return JSON.stringify(key).replaceAll('question', 'qu\\u0065stion');
  }
  if (style.escapes !== 'none') return writeString(key, style);
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < 10_000) quotedKeys.set(key, quoted);
  }
  return quoted;
}

/**
 * Integers beyond 2**53 are written with their exact decimal digits (as the real documents
 * carry `9223372036854775808`), not JavaScript's rounded `9223372036854776000`: both texts
 * parse to the same double, so the value is unchanged and the text is the realistic one.
 */
function writeNumber(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`serializeEvent: ${value} is not a JSON number`);
  if (Object.is(value, -0)) return '0';
  if (Number.isInteger(value) && Math.abs(value) >= 2 ** 53) return BigInt(value).toString();
  return String(value);
}

function writeString(value: string, style: SerializeStyle): string {
  switch (style.escapes) {
    case 'none':
    case 'key-escape':
      return JSON.stringify(value);
    case 'go-html':
      return escapeEach(value, (code) => code === 0x3c || code === 0x3e || code === 0x26 || code === 0x2028 || code === 0x2029);
    case 'solidus':
      return escapeEach(value, () => false, true);
    case 'ascii-only':
      return escapeEach(value, (code) => code > 0x7e);
    case 'dns-dots':
      if (style.dottedValue !== undefined && value === style.dottedValue) {
        return escapeEach(value, (code) => code === 0x2e);
      }
      return JSON.stringify(value);
  }
}

const hexDigits = '0123456789abcdef';

function unicodeEscape(code: number): string {
  return `\\u${hexDigits[(code >> 12) & 15]}${hexDigits[(code >> 8) & 15]}${hexDigits[(code >> 4) & 15]}${hexDigits[code & 15]}`;
}

/**
 * Writes a JSON string token character by character: the mandatory escapes first
 * (quote, backslash, control characters, lone surrogates), then `\uXXXX` for every code
 * unit `extra` selects, and `\/` for slashes when asked.
 */
function escapeEach(value: string, extra: (code: number) => boolean, escapeSolidus = false): string {
  let text = '"';
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code === 0x22) text += '\\"';
    else if (code === 0x5c) text += '\\\\';
    else if (code === 0x2f && escapeSolidus) text += '\\/';
    else if (code < 0x20) text += JSON.stringify(value[index]).slice(1, -1);
    else if (code >= 0xd800 && code <= 0xdfff) {
      const next = value.charCodeAt(index + 1);
      const paired = code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
      if (paired && !extra(code)) {
        text += value[index] + value[index + 1];
        index++;
      } else if (paired) {
        text += unicodeEscape(code) + unicodeEscape(next);
        index++;
      } else {
        text += unicodeEscape(code);
      }
    } else if (extra(code)) text += unicodeEscape(code);
    else text += value[index];
  }
  return `${text}"`;
}
