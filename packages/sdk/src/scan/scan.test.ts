import { fc, test } from '@fast-check/vitest';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDetector, type Detector } from '../index.js';
import { locateJsonError, VALID } from './json-error.js';

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);

/** A line the current rule alerts on (powershell resolving api.openai.com). */
const hit = (host: string, extra = '') =>
  `{"@timestamp":"2026-11-30T09:14:03.512Z"${extra},"event":{"category":["network"]},"host":{"name":"${host}","os":{"type":"windows"}},"dns":{"question":{"name":"api.openai.com"}},"process":{"name":"powershell.exe","executable":"C:\\\\Windows\\\\System32\\\\WindowsPowerShell\\\\v1.0\\\\powershell.exe"}}`;
const miss = '{"event":{"category":["network"]},"dns":{"question":{"name":"example.com"}}}';

describe.each(['object', 'wasm'] as const)('scan with the %s executor: lines, positions and counters', (executor) => {
  let detector: Detector;
  beforeAll(async () => {
    detector = await createDetector({ executor });
  });

  it('counts lines, events and alerts; blank lines are neither events nor malformed; CRLF and a last line without \\n', async () => {
    const text = `${hit('A')}\r\n\r\n   \n${miss}\n${hit('B')}`;
    const result = await detector.scan(bytes(text), { file: 'x.ndjson' });
    expect(result.errors).toEqual([]);
    expect(result.counters).toEqual({
      lines: 5,
      events: 3,
      malformed: 0,
      alerts: 2,
      suppressed: {},
      pluginErrors: 0,
      perRule: { 'llm-endpoints': 2 },
      perProvider: { OpenAI: 2 },
    });
    expect(result.alerts.map((alert) => alert.llm_egress.source)).toEqual([
      { file: 'x.ndjson', line: 1, offset: 0 },
      { file: 'x.ndjson', line: 5, offset: bytes(`${hit('A')}\r\n\r\n   \n${miss}\n`).length },
    ]);
  });

  it('places lines with firstLine and firstOffset, in bytes (multi-byte text before a line counts in bytes)', async () => {
    const first = `{"note":"é😀"}\n`;
    const result = await detector.scan(bytes(`${first}${hit('A')}\n`), { file: '-', firstLine: 101, firstOffset: 5000 });
    expect(result.alerts[0].llm_egress.source).toEqual({ file: '-', line: 102, offset: 5000 + bytes(first).length });
  });

  it('reports malformed lines with code, line, byte column and offset, and goes on', async () => {
    const lines = [hit('A'), '{"a": }', '[1, 2]', '"text"', 'null', '\uFEFF{"bom": true}', '{"é": 1, "b": tru}', hit('B')];
    const chunk = bytes(`${lines.join('\n')}\n`);
    // one invalid UTF-8 byte (0xff) inside a string of its own line
    const invalid = new Uint8Array([...bytes('{"a":"x'), 0xff, ...bytes('"}\n')]);
    const all = new Uint8Array([...chunk, ...invalid]);
    const result = await detector.scan(all, { file: 'bad.ndjson', validate: true });
    const offsetOf = (index: number) =>
      bytes(
        lines
          .slice(0, index)
          .map((line) => `${line}\n`)
          .join(''),
      ).length;
    expect(result.errors.map(({ line, column, offset, code }) => ({ line, column, offset, code }))).toEqual([
      { line: 2, column: 7, offset: offsetOf(1), code: 'JSON_SYNTAX' },
      { line: 3, column: 1, offset: offsetOf(2), code: 'NOT_AN_OBJECT' },
      { line: 4, column: 1, offset: offsetOf(3), code: 'NOT_AN_OBJECT' },
      { line: 5, column: 1, offset: offsetOf(4), code: 'NOT_AN_OBJECT' },
      { line: 6, column: 1, offset: offsetOf(5), code: 'JSON_SYNTAX' },
      { line: 7, column: 16, offset: offsetOf(6), code: 'JSON_SYNTAX' },
      { line: 9, column: 8, offset: chunk.length, code: 'INVALID_UTF8' },
    ]);
    expect(result.errors.every((error) => error.file === 'bad.ndjson' && error.message.length > 0)).toBe(true);
    expect(result.counters).toMatchObject({ lines: 9, events: 2, malformed: 7, alerts: 2 });
  });

  it('gives the same alerts, byte for byte, however the file is cut into chunks', async () => {
    const lines = [hit('A'), miss, '', hit('B', ',"note":"é"'), 'oops', hit('C'), miss, hit('D')];
    const whole = bytes(`${lines.join('\n')}\n`);
    const once = await detector.scan(whole, { file: 'f' });
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: lines.length - 1 }), { maxLength: 4 }), async (cuts) => {
        const boundaries = [0, ...[...cuts].sort((a, b) => a - b), lines.length];
        const alerts = [];
        const errors = [];
        for (let index = 0; index + 1 < boundaries.length; index++) {
          const [from, to] = [boundaries[index], boundaries[index + 1]];
          const chunk = bytes(
            lines
              .slice(from, to)
              .map((line) => `${line}\n`)
              .join(''),
          );
          const firstOffset = bytes(
            lines
              .slice(0, from)
              .map((line) => `${line}\n`)
              .join(''),
          ).length;
          const result = await detector.scan(chunk, { file: 'f', firstLine: from + 1, firstOffset });
          alerts.push(...result.alerts);
          errors.push(...result.errors);
        }
        expect(JSON.stringify(alerts)).toBe(JSON.stringify(once.alerts));
        expect(errors).toEqual(once.errors);
      }),
      { numRuns: 30 },
    );
  });

  it('hashes the raw line bytes into the uuid: same bytes, same uuid; other bytes, another uuid', async () => {
    const [a] = (await detector.scan(bytes(hit('A')))).alerts;
    const [again] = (await detector.scan(bytes(`${miss}\n${hit('A')}\r\n`), { file: 'other', firstLine: 9 })).alerts;
    const [spaced] = (await detector.scan(bytes(hit('A').replace('{"@timestamp"', '{ "@timestamp"')))).alerts;
    expect(again.kibana.alert.uuid).toBe(a.kibana.alert.uuid);
    expect(spaced.kibana.alert.uuid).not.toBe(a.kibana.alert.uuid);
    expect(a.kibana.alert.uuid).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses what is not bytes', async () => {
    await expect(detector.scan('text' as unknown as Uint8Array)).rejects.toMatchObject({ code: 'OPTIONS' });
  });
});

describe('locating JSON errors (for reports; JSON.parse decides)', () => {
  it('points at the first offending byte', () => {
    expect(locateJsonError('{"a": }')).toEqual({ column: 7, message: 'unexpected character "}"' });
    expect(locateJsonError('{"a":1')).toMatchObject({ column: 7 });
    expect(locateJsonError('{"a":1} x')).toMatchObject({ column: 9, message: 'unexpected text after the JSON object' });
    expect(locateJsonError('{"é":"\\q"}')).toMatchObject({ column: 8, message: 'invalid escape' });
    expect(locateJsonError('[1]')).toMatchObject({ column: 1, message: 'a line must hold one JSON object' });
    expect(locateJsonError(`{"a":${'['.repeat(100_000)}`)).toMatchObject({ column: 100_006 });
  });

  const tokens = fc.constantFrom(
    '{',
    '}',
    '[',
    ']',
    ':',
    ',',
    '"a"',
    '"\\u00e9"',
    '"\\x"',
    '1',
    '-',
    '0.5e',
    'true',
    'nul',
    ' ',
    '"é',
    '\t',
  );
  test.prop([fc.array(tokens, { maxLength: 12 }).map((parts) => `{${parts.join('')}`)], { numRuns: 3000 })(
    'finds an error exactly when JSON.parse rejects the text or it is no object',
    (text) => {
      let valid: boolean;
      try {
        const parsed = JSON.parse(text);
        valid = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
      } catch {
        valid = false;
      }
      const located = locateJsonError(text);
      expect(located.message === VALID).toBe(valid);
      expect(located.column).toBeGreaterThanOrEqual(1);
      expect(located.column).toBeLessThanOrEqual(Buffer.byteLength(text) + 1);
    },
  );
});
