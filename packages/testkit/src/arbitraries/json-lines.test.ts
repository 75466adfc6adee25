import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventNoise, jsonLineStyle, malformedJsonLine, RawJsonNumber, serializeJsonLine } from './json-lines.js';

const value = fc.jsonValue({ maxDepth: 4 });

describe('serializeJsonLine', () => {
  it('writes one line that JSON.parse reads back as the same value (no duplicates, no flattening)', () => {
    fc.assert(
      fc.property(value, jsonLineStyle(), (input, style) => {
        const line = serializeJsonLine(input, { ...style, duplicates: 0, flatten: 0 });
        expect(line).not.toContain('\n');
        expect(JSON.parse(line)).toEqual(JSON.parse(JSON.stringify(input)));
      }),
      { numRuns: 500 },
    );
  });

  it('always writes valid JSON on one line, whatever the style', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), value), eventNoise(), jsonLineStyle(), (input, noise, style) => {
        const line = serializeJsonLine({ ...noise, ...input }, style);
        expect(line).not.toContain('\n');
        expect(typeof JSON.parse(line)).toBe('object');
      }),
      { numRuns: 300 },
    );
  });

  it('uses the escapes it is asked for, and replays a style exactly', () => {
    const style = { seed: 7, whitespace: 0, escapes: 1, duplicates: 0, flatten: 0, numberForms: 0, shuffle: false };
    const line = serializeJsonLine({ name: 'a/b\u00e9\u{1F600}\ud800' }, style);
    expect(line).toMatch(/\\u[0-9a-fA-F]{4}/);
    expect(line).toMatch(/\\u[dD]800/); // an unpaired surrogate can only be an escape
    expect(serializeJsonLine({ name: 'a/b\u00e9\u{1F600}\ud800' }, style)).toBe(line);
    expect(JSON.parse(line)).toEqual({ name: 'a/b\u00e9\u{1F600}\ud800' });
  });

  it('writes raw numbers verbatim and duplicates keys when asked', () => {
    const style = { seed: 1, whitespace: 0, escapes: 0, duplicates: 1, flatten: 0, numberForms: 0, shuffle: false };
    const line = serializeJsonLine({ options: new RawJsonNumber('9223372036854775808') }, style);
    expect(line).toContain('9223372036854775808');
    expect(line.match(/"options"/g)).toHaveLength(2);
  });
});

describe('malformedJsonLine', () => {
  it('damages lines so that strict decoding + JSON.parse reject them, apart from cut-off whitespace', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    fc.assert(
      fc.property(malformedJsonLine('{"dns":{"question":{"name":"api.openai.com"}}}'), ({ bytes }) => {
        let rejected = false;
        try {
          const parsed = JSON.parse(decoder.decode(bytes));
          rejected = typeof parsed !== 'object' || parsed === null || Array.isArray(parsed);
        } catch {
          rejected = true;
        }
        expect(rejected).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
