import { Readable } from 'node:stream';
import { type Alert, createDetector, type Detector } from '@llm-egress/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { alertingEvent, ndjson, quietEvent } from '../test/events.js';
import { cut } from '../test/streams.js';
import { detectAlerts, type StreamWarning } from './index.js';

let detector: Detector;
beforeAll(async () => {
  detector = await createDetector();
});

async function collect<T, R>(generator: AsyncGenerator<T, R>): Promise<{ items: T[]; result: R }> {
  const items: T[] = [];
  for (;;) {
    const next = await generator.next();
    if (next.done) return { items, result: next.value };
    items.push(next.value);
  }
}

describe('detectAlerts', () => {
  it('reads byte chunks as NDJSON: the alerts of one detector.scan, and its counters as return value', async () => {
    const bytes = Buffer.from(ndjson(30, 4));
    const { items, result } = await collect(detectAlerts(Readable.from(cut(bytes, [5, 999, 3000])), { detector, name: 'day1.ndjson' }));
    const whole = await detector.scan(bytes, { file: 'day1.ndjson', validate: true });
    expect(items).toHaveLength(8);
    expect(items).toEqual(whole.alerts);
    expect(result).toEqual(whole.counters);
  });

  it('reads strings as NDJSON text, a surrogate pair cut between chunks included', async () => {
    const text = `${JSON.stringify({ ...alertingEvent(0), user: { name: '😀' } })}\n`;
    const split = text.indexOf('😀') + 1;
    const { items } = await collect(detectAlerts([text.slice(0, split), text.slice(split)], { detector }));
    expect(items).toEqual((await detector.scan(Buffer.from(text), { validate: true })).alerts);
  });

  it('reads anything else as event objects, one per item', async () => {
    const events = [alertingEvent(0), quietEvent(1), alertingEvent(2)];
    async function* source() {
      yield* events;
    }
    const { items, result } = await collect(detectAlerts(source(), { detector }));
    const expected = [...(await detector.evaluate(events[0], { line: 1 })), ...(await detector.evaluate(events[2], { line: 3 }))];
    expect(items).toEqual(expected);
    expect(result).toMatchObject({ events: 3, alerts: 2 });
  });

  it('refuses a source that mixes bytes and objects, naming the item', async () => {
    await expect(collect(detectAlerts([Buffer.from('{}\n'), alertingEvent(0)], { detector }))).rejects.toThrow(
      /item 2 is an object.*started with bytes/,
    );
    await expect(collect(detectAlerts([alertingEvent(0), '{}\n'], { detector }))).rejects.toThrow(
      /item 2 is the string.*started with event objects/,
    );
    await expect(collect(detectAlerts(42 as never, { detector }))).rejects.toThrow(/source must be an iterable/);
  });

  it('sends malformed lines to onWarning, in line order with the alerts', async () => {
    const seen: string[] = [];
    const text = [JSON.stringify(alertingEvent(0)), 'oops', JSON.stringify(alertingEvent(2))].join('\n');
    const onWarning = (warning: StreamWarning) => seen.push(`warning ${warning.line}`);
    for await (const alert of detectAlerts([Buffer.from(text)], { detector, onWarning }))
      seen.push(`alert ${alert.llm_egress.source.line}`);
    expect(seen).toEqual(['alert 1', 'warning 2', 'alert 3']);
  });

  it("sends malformed lines to the detector options' logger when there is no onWarning", async () => {
    const messages: string[] = [];
    const logger = { warn: (message: string) => messages.push(message) };
    const alerts: Alert[] = [];
    for await (const alert of detectAlerts([Buffer.from(`oops\n${JSON.stringify(alertingEvent(1))}\n`)], { logger })) alerts.push(alert);
    expect(alerts.map((alert) => alert.llm_egress.source.line)).toEqual([2]);
    expect(messages).toEqual([expect.stringMatching(/^<stream>:1:1: the line is not valid JSON: .+ \(JSON_SYNTAX\)$/)]);
  });

  it('with strict, yields the alerts before the first malformed line, then throws', async () => {
    const text = [JSON.stringify(alertingEvent(0)), JSON.stringify(alertingEvent(1)), '{', JSON.stringify(alertingEvent(3))].join('\n');
    const lines: number[] = [];
    const run = async () => {
      for await (const alert of detectAlerts([Buffer.from(text)], { detector, strict: true, name: 'x' }))
        lines.push(alert.llm_egress.source.line as number);
    };
    await expect(run()).rejects.toMatchObject({ name: 'MalformedInputError', file: 'x', line: 3 });
    expect(lines).toEqual([1, 2]);
  });

  it('closes the source when the consumer stops early', async () => {
    let closed = false;
    async function* source() {
      try {
        for (let index = 0; ; index++) yield alertingEvent(index);
      } finally {
        closed = true;
      }
    }
    let taken = 0;
    for await (const _alert of detectAlerts(source(), { detector })) {
      taken += 1;
      if (taken === 3) break;
    }
    expect(closed).toBe(true);
  });
});
