import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fc, test } from '@fast-check/vitest';
import { type Alert, createDetector, type Detector } from '@llm-egress/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { alertingEvent, ndjson, quietEvent } from '../test/events.js';
import { cut, runThrough } from '../test/streams.js';
import { createNdjsonDetectorStream } from './index.js';
import type { StreamWarning } from './warnings.js';

let detector: Detector;
beforeAll(async () => {
  detector = await createDetector();
});

/** Runs bytes, cut into chunks, through a fresh stream; returns alerts, warnings and counters. */
async function streamScan(chunks: Uint8Array[], options: Record<string, unknown> = {}) {
  const warnings: StreamWarning[] = [];
  const stream = await createNdjsonDetectorStream({ detector, name: 'events.ndjson', ...options });
  stream.on('warning', (warning: StreamWarning) => warnings.push(warning));
  const alerts = await runThrough<Alert>(stream, chunks);
  return { alerts, warnings, counters: stream.counters };
}

/**
 * Lines of every kind the stream must handle: alerting and quiet events with multi-byte
 * characters, blank lines, malformed JSON, invalid UTF-8, JSON that is not an object, CRLF.
 */
const lineArbitrary = fc.oneof(
  fc.nat({ max: 50 }).map((index) => Buffer.from(JSON.stringify(alertingEvent(index)))),
  fc.nat({ max: 50 }).map((index) => Buffer.from(JSON.stringify(quietEvent(index)))),
  fc
    .constantFrom('', '   ', '{"dns":', 'not json', '[1,2]', '"a string"', `${JSON.stringify(alertingEvent(3))}\r`)
    .map((text) => Buffer.from(text)),
  fc.constantFrom(
    Buffer.from([0x7b, 0xff, 0x7d]),
    Buffer.concat([Buffer.from('{"user":{"name":"'), Buffer.from('😀').subarray(0, 3), Buffer.from('"}}')]),
  ),
);

describe('createNdjsonDetectorStream', () => {
  test.prop(
    [
      fc.array(lineArbitrary, { minLength: 1, maxLength: 25 }),
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 20 }),
      fc.integer({ min: 1, max: 4096 }),
    ],
    {
      numRuns: 300,
    },
  )(
    'any chunking of the same bytes gives the alerts and errors of one detector.scan of the whole input',
    async (lines, finalLineFeed, points, batchBytes) => {
      const separated = lines.flatMap((line, index) => (index === 0 ? [line] : [Buffer.from('\n'), line]));
      const bytes = Buffer.concat([...separated, Buffer.from(finalLineFeed ? '\n' : '')]);
      const whole = await detector.scan(bytes, { file: 'events.ndjson', validate: true });
      const streamed = await streamScan(cut(bytes, points), { batchBytes });
      expect(streamed.alerts).toEqual(whole.alerts);
      expect(streamed.warnings).toEqual(whole.errors);
      expect(streamed.counters).toEqual(whole.counters);
    },
  );

  it('numbers lines and byte offsets over the whole stream, and names the source', async () => {
    const text = ndjson(40, 3);
    const bytes = Buffer.from(text, 'utf8');
    const { alerts } = await streamScan(cut(bytes, [1, 700, 701, 2000, 5555]), { batchBytes: 600 });
    const lines = text.split('\n');
    const offsets = lines.map((_, index) => Buffer.byteLength(lines.slice(0, index).join('\n'), 'utf8') + (index > 0 ? 1 : 0));
    expect(alerts.map((alert) => alert.llm_egress.source.line)).toEqual([1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37, 40]);
    for (const alert of alerts) {
      const line = alert.llm_egress.source.line as number;
      expect(alert.llm_egress.source.file).toBe('events.ndjson');
      expect(alert.llm_egress.source.offset).toBe(offsets[line - 1]);
      expect(JSON.stringify(alert)).toContain(JSON.parse(lines[line - 1]).event.id);
    }
  });

  it('scans a last line that has no line feed when the input ends', async () => {
    const { alerts, counters } = await streamScan([Buffer.from(`${JSON.stringify(quietEvent(0))}\n${JSON.stringify(alertingEvent(1))}`)]);
    expect(alerts.map((alert) => alert.llm_egress.source.line)).toEqual([2]);
    expect(counters.events).toBe(2);
  });

  it('reports malformed lines as warnings with their line numbers and keeps going', async () => {
    const text = [
      JSON.stringify(alertingEvent(0)),
      '{"dns": {',
      JSON.stringify(alertingEvent(2)),
      'plain text',
      JSON.stringify(alertingEvent(4)),
    ].join('\n');
    const { alerts, warnings, counters } = await streamScan(cut(Buffer.from(text), [10, 300, 301]));
    expect(alerts.map((alert) => alert.llm_egress.source.line)).toEqual([1, 3, 5]);
    expect(warnings.map((warning) => [warning.file, warning.line])).toEqual([
      ['events.ndjson', 2],
      ['events.ndjson', 4],
    ]);
    expect(counters).toMatchObject({ lines: 5, events: 3, malformed: 2, alerts: 3 });
  });

  it('sends a warning nobody listens to to process warnings, never nowhere', async () => {
    const heard: Error[] = [];
    const listener = (warning: Error) => heard.push(warning);
    process.on('warning', listener);
    try {
      const stream = await createNdjsonDetectorStream({ detector, name: 'quiet.ndjson' });
      await runThrough<Alert>(stream, [Buffer.from('{"a":\n')]);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listener);
    }
    expect(heard).toEqual([
      expect.objectContaining({ name: 'LlmEgressWarning', code: 'JSON_SYNTAX', message: expect.stringMatching(/^quiet\.ndjson:1:\d+: /) }),
    ]);
  });

  it('with strict, fails at the first malformed line with its location', async () => {
    const text = [JSON.stringify(alertingEvent(0)), JSON.stringify(quietEvent(1)), 'plain text', JSON.stringify(alertingEvent(3))].join(
      '\n',
    );
    const stream = await createNdjsonDetectorStream({ detector, name: 'strict.ndjson', strict: true });
    const failure = runThrough<Alert>(stream, [Buffer.from(text)]);
    await expect(failure).rejects.toMatchObject({ name: 'MalformedInputError', file: 'strict.ndjson', line: 3 });
    await expect(failure).rejects.toThrow(/strict\.ndjson:3/);
  });

  it('skips a line longer than maxLineBytes with a warning, without holding it in memory', async () => {
    const long = JSON.stringify({ ...alertingEvent(1), padding: 'x'.repeat(5000) });
    const text = [JSON.stringify(alertingEvent(0)), long, JSON.stringify(alertingEvent(2))].join('\n');
    const { alerts, warnings, counters } = await streamScan(cut(Buffer.from(text), [100, 1000, 2000, 3000, 4000]), { maxLineBytes: 1000 });
    expect(alerts.map((alert) => alert.llm_egress.source.line)).toEqual([1, 3]);
    expect(warnings).toEqual([
      expect.objectContaining({
        file: 'events.ndjson',
        line: 2,
        offset: Buffer.byteLength(JSON.stringify(alertingEvent(0))) + 1,
        code: 'LINE_TOO_LONG',
      }),
    ]);
    expect(counters).toMatchObject({ lines: 3, malformed: 1, alerts: 2 });
  });

  it('keeps a surrogate pair cut between two string chunks', async () => {
    const text = `${JSON.stringify({ ...alertingEvent(0), user: { name: '😀' } })}\n`;
    const split = text.indexOf('😀') + 1;
    const { alerts } = await streamScan([text.slice(0, split), text.slice(split)] as unknown as Uint8Array[]);
    const whole = await detector.scan(Buffer.from(text), { file: 'events.ndjson', validate: true });
    expect(alerts).toEqual(whole.alerts);
    expect((alerts[0] as unknown as { user: { name: string } }).user.name).toBe('😀');
  });

  it('rejects options meant for the object stream and a detector given with detector options', async () => {
    await expect(createNdjsonDetectorStream({ detector, annotate: true } as never)).rejects.toThrow(
      /option 'annotate' does not apply here/,
    );
    await expect(createNdjsonDetectorStream({ detector, rules: ['llm-endpoints'] })).rejects.toThrow(
      /either 'detector' or detector options.*'rules'/,
    );
    await expect(createNdjsonDetectorStream({ detector, batchBytes: 0 })).rejects.toThrow(RangeError);
  });

  it('builds its own detector from the SDK options', async () => {
    const stream = await createNdjsonDetectorStream({ rules: ['llm-endpoints@v2'] });
    const alerts = await runThrough<Alert>(stream, [Buffer.from(`${JSON.stringify(alertingEvent(0))}\n`)]);
    expect(alerts).toHaveLength(1);
    expect(stream.detector.rules.map((rule) => rule.version)).toEqual([2]);
  });
});

describe('createNdjsonDetectorStream with plugins', () => {
  it('keeps input order through a slow async plugin, one scan at a time, and counts its suppressions', async () => {
    const calls: number[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const slowPlugin = {
      name: 'slow-lookup',
      async allow(alert: Alert) {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        const line = alert.llm_egress.source.line as number;
        calls.push(line);
        await new Promise((resolve) => setTimeout(resolve, (line * 7) % 4));
        inFlight -= 1;
        return line % 5 === 0 ? 'known gateway host' : false;
      },
    };
    const withPlugin = await createDetector({ plugins: [slowPlugin] });
    const bytes = Buffer.from(ndjson(40, 1));
    const stream = await createNdjsonDetectorStream({ detector: withPlugin, batchBytes: 1500 });
    const alerts = await runThrough<Alert>(stream, cut(bytes, [333, 4000, 4001, 9000]));
    const lines = Array.from({ length: 40 }, (_, index) => index + 1);
    expect(calls).toEqual(lines);
    expect(alerts.map((alert) => alert.llm_egress.source.line)).toEqual(lines.filter((line) => line % 5 !== 0));
    expect(mostInFlight).toBe(1);
    expect(stream.counters.suppressed).toEqual({ 'slow-lookup': 8 });
  });

  it('gives the same suppressed alerts as one scan when suppression is on (state carried across batches)', async () => {
    const bytes = Buffer.from(ndjson(60, 1));
    const options = { suppression: { windowSeconds: 60 } } as const;
    const whole = await (await createDetector(options)).scan(bytes, { file: 'events.ndjson', validate: true });
    const stream = await createNdjsonDetectorStream({ ...options, name: 'events.ndjson', batchBytes: 900 });
    const alerts = await runThrough<Alert>(stream, cut(bytes, [100, 5000, 12345]));
    expect(whole.alerts.length).toBeLessThan(60);
    expect(alerts).toEqual(whole.alerts);
    expect(stream.counters).toEqual(whole.counters);
  });
});

describe('createNdjsonDetectorStream in pipelines', () => {
  it('rejects the pipeline and destroys the stream when the source fails', async () => {
    const stream = await createNdjsonDetectorStream({ detector });
    const source = new Readable({
      read() {
        this.push(Buffer.from(`${JSON.stringify(alertingEvent(0))}\n`));
        this.destroy(new Error('disk gone'));
      },
    });
    await expect(
      pipeline(source, stream, new Writable({ objectMode: true, write: (_alert, _encoding, callback) => callback() })),
    ).rejects.toThrow('disk gone');
    expect(stream.destroyed).toBe(true);
  });

  it('destroys the source when the consumer fails', async () => {
    const stream = await createNdjsonDetectorStream({ detector });
    const source = Readable.from([Buffer.from(ndjson(50, 1))]);
    const consumer = new Writable({ objectMode: true, write: (_alert, _encoding, callback) => callback(new Error('sink full')) });
    await expect(pipeline(source, stream, consumer)).rejects.toThrow('sink full');
    expect(stream.destroyed).toBe(true);
    expect(source.destroyed).toBe(true);
  });

  it('destroying the stream mid-pipeline ends the pipeline and destroys the source', async () => {
    const stream = await createNdjsonDetectorStream({ detector, readableHighWaterMark: 2, writableHighWaterMark: 16_384 });
    const chunk = Buffer.from(ndjson(5, 1));
    let produced = 0;
    const source = new Readable({
      read() {
        produced += 1;
        this.push(chunk);
      },
    });
    let producedAtDestroy = -1;
    const consumer = new Writable({
      objectMode: true,
      write(_alert, _encoding, callback) {
        if (stream.counters.alerts >= 20 && producedAtDestroy < 0) {
          producedAtDestroy = produced;
          stream.destroy();
        }
        callback();
      },
    });
    await expect(pipeline(source, stream, consumer)).rejects.toMatchObject({ code: 'ERR_STREAM_PREMATURE_CLOSE' });
    expect(source.destroyed).toBe(true);
    expect(producedAtDestroy).toBeGreaterThan(0);
    expect(produced).toBe(producedAtDestroy);
  });

  it('turns a failing scan into a stream error', async () => {
    let calls = 0;
    const failing: Detector = Object.create(detector, {
      scan: {
        value: (bytes: Uint8Array, options: never) => {
          calls += 1;
          return calls === 2 ? Promise.reject(new Error('scan broke')) : detector.scan(bytes, options);
        },
      },
    });
    const stream = await createNdjsonDetectorStream({ detector: failing, batchBytes: 100 });
    await expect(runThrough<Alert>(stream, [Buffer.from(ndjson(5, 1))])).rejects.toThrow('scan broke');
  });

  it('stops scanning once destroyed, even while waiting for its consumer', async () => {
    let scans = 0;
    const counting: Detector = Object.create(detector, {
      scan: {
        value: (bytes: Uint8Array, options: never) => {
          scans += 1;
          return detector.scan(bytes, options);
        },
      },
    });
    const stream = await createNdjsonDetectorStream({ detector: counting, batchBytes: 1, readableHighWaterMark: 1 });
    stream.write(Buffer.from(ndjson(100, 1)));
    while (stream.readableLength === 0) await new Promise((resolve) => setImmediate(resolve));
    const scansAtDestroy = scans;
    stream.destroy();
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(scansAtDestroy).toBeGreaterThan(0);
    expect(scans).toBe(scansAtDestroy);
  });
});
