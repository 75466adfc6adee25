import { describe, expect, it } from 'vitest';
import { lineAndColumn, parseJsonArray } from './json-array.js';

const encode = (text: string) => new TextEncoder().encode(text);

describe('parseJsonArray', () => {
  it('parses an array of events (a BOM is allowed)', () => {
    expect(parseJsonArray(encode('\ufeff[{"a":1}, {"b":2}]'))).toEqual({ ok: true, elements: [{ a: 1 }, { b: 2 }] });
  });

  it('locates a syntax error by line and column', () => {
    const result = parseJsonArray(encode('[\n  {"a": 1},\n  {"b" 2}\n]'));
    expect(result).toMatchObject({ ok: false, location: ':3:8' });
    expect(result.ok === false && result.message).toMatch(/^invalid JSON: /);
  });

  it('rejects invalid UTF-8 and documents that are not arrays', () => {
    expect(parseJsonArray(new Uint8Array([0x5b, 0xff, 0x5d]))).toEqual({ ok: false, location: '', message: 'not valid UTF-8' });
    expect(parseJsonArray(encode('{"a":1}'))).toEqual({ ok: false, location: '', message: 'expected one JSON array of events' });
  });

  it('counts lines and columns from 1', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
