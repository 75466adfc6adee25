import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Alert, createDetector, type Detector } from '@llm-egress/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { alertingEvent, quietEvent } from '../test/events.js';
import { runThrough } from '../test/streams.js';
import { type AnnotatedEvent, createDetectorStream, type StreamWarning } from './index.js';

let detector: Detector;
beforeAll(async () => {
  detector = await createDetector();
});

const events = Array.from({ length: 30 }, (_, index) => (index % 3 === 0 ? alertingEvent(index) : quietEvent(index)));

describe('createDetectorStream', () => {
  it('gives, in input order, the alerts detector.evaluate gives for each event', async () => {
    const stream = await createDetectorStream({ detector, name: 'kafka:dns' });
    const alerts = await runThrough<Alert>(stream, events);
    const expected: Alert[] = [];
    for (const [index, event] of events.entries())
      expected.push(...(await detector.evaluate(event, { file: 'kafka:dns', line: index + 1 })));
    expect(alerts).toHaveLength(10);
    expect(alerts).toEqual(expected);
    expect(alerts.map((alert) => alert.llm_egress.source)).toEqual(
      expected.map((_, index) => expect.objectContaining({ file: 'kafka:dns', line: 3 * index + 1 })),
    );
    expect(stream.counters).toMatchObject({ lines: 30, events: 30, malformed: 0, alerts: 10 });
  });

  it('with annotate, passes every event on with its verdict and leaves the input untouched', async () => {
    const stream = await createDetectorStream({ detector, annotate: true });
    const input = events.slice(0, 4).map((event) => structuredClone(event));
    const outputs = await runThrough<AnnotatedEvent>(stream, input);
    expect(outputs).toHaveLength(4);
    expect(outputs.map((output) => output.llm_egress.alert)).toEqual([true, false, false, true]);
    expect(outputs.map((output) => output.llm_egress.source.line)).toEqual([1, 2, 3, 4]);
    const alerts = await detector.evaluate(input[0], { line: 1 });
    expect(outputs[0].llm_egress.alerts).toEqual([
      expect.objectContaining({
        uuid: alerts[0].kibana.alert.uuid,
        rule: { rule_id: alerts[0].kibana.alert.rule.rule_id, name: alerts[0].kibana.alert.rule.name },
      }),
    ]);
    expect(outputs[0].llm_egress.alerts[0].matched.map((match) => match.field)).toContain('dns.question.name');
    expect(outputs[1].llm_egress.alerts).toEqual([]);
    expect(input).toEqual(events.slice(0, 4));
    expect(outputs[2]).toMatchObject(events[2]);
  });

  it('reports inputs that are not events as warnings and keeps going', async () => {
    const warnings: StreamWarning[] = [];
    const stream = await createDetectorStream({ detector, name: 'in', onWarning: (warning) => warnings.push(warning) });
    const alerts = await runThrough<Alert>(stream, [
      alertingEvent(0),
      'a string',
      [alertingEvent(1)],
      Buffer.from('{}'),
      42,
      alertingEvent(3),
    ]);
    expect(alerts.map((alert) => alert.llm_egress.source.line)).toEqual([1, 6]);
    expect(warnings.map((warning) => [warning.file, warning.line, warning.code])).toEqual([
      ['in', 2, 'NOT_AN_OBJECT'],
      ['in', 3, 'NOT_AN_OBJECT'],
      ['in', 4, 'NOT_AN_OBJECT'],
      ['in', 5, 'NOT_AN_OBJECT'],
    ]);
    expect(warnings[2].message).toMatch(/Buffer of 2 bytes.*createNdjsonDetectorStream/);
    expect(stream.counters).toMatchObject({ lines: 6, events: 2, malformed: 4, alerts: 2 });
  });

  it('with strict, fails at the first input that is not an event', async () => {
    const stream = await createDetectorStream({ detector, strict: true });
    await expect(runThrough<Alert>(stream, [alertingEvent(0), 7, alertingEvent(2)])).rejects.toMatchObject({
      name: 'MalformedInputError',
      line: 2,
      code: 'NOT_AN_OBJECT',
    });
  });

  it('keeps input order through slow async plugins, one event at a time', async () => {
    const calls: string[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    const slowPlugin = {
      name: 'slow-lookup',
      async allow(alert: Alert) {
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        const id = JSON.stringify(alert).match(/event-(\d+)/)?.[0] ?? '?';
        calls.push(id);
        const index = Number(id.slice(6));
        await new Promise((resolve) => setTimeout(resolve, (index * 7) % 5));
        inFlight -= 1;
        return index % 4 === 0 ? 'internal gateway' : false;
      },
    };
    const withPlugin = await createDetector({ plugins: [slowPlugin] });
    const input = Array.from({ length: 24 }, (_, index) => alertingEvent(index));
    const stream = await createDetectorStream({ detector: withPlugin, writableHighWaterMark: 16 });
    const alerts = await runThrough<Alert>(stream, input);
    const ids = alerts.map((alert) => JSON.stringify(alert).match(/event-(\d+)/)?.[0]);
    expect(ids).toEqual(input.map((event) => (event.event as { id: string }).id).filter((_, index) => index % 4 !== 0));
    expect(calls).toEqual(input.map((event) => (event.event as { id: string }).id));
    expect(mostInFlight).toBe(1);
  });

  it('propagates errors both ways through pipeline', async () => {
    const stream = await createDetectorStream({ detector });
    const failingSource = new Readable({
      objectMode: true,
      read() {
        this.destroy(new Error('consumer group rebalanced'));
      },
    });
    await expect(
      pipeline(failingSource, stream, new Writable({ objectMode: true, write: (_item, _encoding, callback) => callback() })),
    ).rejects.toThrow('consumer group rebalanced');
    expect(stream.destroyed).toBe(true);

    const second = await createDetectorStream({ detector });
    const source = Readable.from(events);
    await expect(
      pipeline(source, second, new Writable({ objectMode: true, write: (_item, _encoding, callback) => callback(new Error('no space')) })),
    ).rejects.toThrow('no space');
    expect(source.destroyed).toBe(true);
    expect(second.destroyed).toBe(true);
  });

  it('turns a failing evaluation into a stream error', async () => {
    const failing: Detector = Object.create(detector, { evaluateDetailed: { value: () => Promise.reject(new Error('evaluate broke')) } });
    const stream = await createDetectorStream({ detector: failing });
    await expect(runThrough<Alert>(stream, [alertingEvent(0)])).rejects.toThrow('evaluate broke');
  });

  it('rejects options meant for the NDJSON stream, and bad option values, with the option named', async () => {
    await expect(createDetectorStream({ detector, batchBytes: 10 } as never)).rejects.toThrow(/option 'batchBytes' does not apply here/);
    await expect(createDetectorStream({ detector, name: 3 } as never)).rejects.toThrow(/option 'name' must be a string, got number 3/);
    await expect(createDetectorStream({ detector: {} as never })).rejects.toThrow(/option 'detector' must be a Detector/);
  });
});

describe('createDetectorStream with a declarative allowlist', () => {
  it('counts allowlist suppressions per item, as detector.scan does', async () => {
    const allowlisted = await createDetector({
      allowlists: [
        {
          name: 'test',
          items: [
            {
              id: 'chat-portal',
              comment: 'chat.openai.com is allowed here',
              entries: [{ field: 'dns.question.name', type: 'match', value: 'chat.openai.com' }],
            },
          ],
        },
      ],
    });
    const stream = await createDetectorStream({ detector: allowlisted });
    const alerts = await runThrough<Alert>(stream, events);
    const scanned = await allowlisted.scan(new TextEncoder().encode(events.map((event) => JSON.stringify(event)).join('\n')));
    // Alerting events alternate api.openai.com / chat.openai.com: half of the 10 are allowlisted.
    expect(alerts).toHaveLength(5);
    expect(Object.values(stream.counters.suppressed)).toEqual([5]);
    expect(stream.counters.suppressed).toEqual(scanned.counters.suppressed);
  });
});
