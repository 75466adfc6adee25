import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createDetector, type Detector } from '@llm-egress/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { alertingEvent } from '../test/events.js';
import { createDetectorStream, createNdjsonDetectorStream } from './index.js';

let detector: Detector;
beforeAll(async () => {
  detector = await createDetector();
});

/** A consumer that takes one item per event-loop turn and records how far behind it is. */
function slowConsumer(onItem: (consumed: number) => void): Writable {
  let consumed = 0;
  return new Writable({
    objectMode: true,
    highWaterMark: 1,
    write(_item, _encoding, callback) {
      consumed += 1;
      onItem(consumed);
      setImmediate(callback);
    },
  });
}

const LINE = `${JSON.stringify(alertingEvent(0))}\n`;
const LINE_BYTES = Buffer.byteLength(LINE);

describe('backpressure with a slow consumer', () => {
  it('NDJSON: pulls input only as fast as alerts are consumed', async () => {
    const chunkLines = 10;
    const chunks = 200;
    let pulledLines = 0;
    const source = new Readable({
      highWaterMark: 1,
      read() {
        if (pulledLines >= chunks * chunkLines) return void this.push(null);
        pulledLines += chunkLines;
        this.push(Buffer.from(LINE.repeat(chunkLines)));
      },
    });
    const batchBytes = 4 * LINE_BYTES;
    const stream = await createNdjsonDetectorStream({ detector, batchBytes, readableHighWaterMark: 8 });
    let worstBacklog = 0;
    let worstBuffered = 0;
    await pipeline(
      source,
      stream,
      slowConsumer((consumed) => {
        worstBacklog = Math.max(worstBacklog, pulledLines - consumed);
        worstBuffered = Math.max(worstBuffered, stream.readableLength + stream.writableLength / LINE_BYTES);
      }),
    );
    expect(stream.counters.alerts).toBe(chunks * chunkLines);
    // Held at once, at worst: the readable buffer (8) plus one batch (4 alerts), input
    // waiting on the writable side (batchBytes = 4 lines, plus the chunk being written: 10),
    // the source's own buffer (1 chunk: 10) and the consumer's (1 + 1 in flight).
    const bound = 8 + 4 + 4 + 10 + 10 + 2;
    expect(worstBacklog).toBeLessThanOrEqual(bound);
    expect(worstBuffered).toBeLessThanOrEqual(bound);
    expect(chunks * chunkLines).toBeGreaterThan(10 * bound);
  });

  it('NDJSON: a single huge chunk is scanned batch by batch as the consumer reads', async () => {
    const lines = 2000;
    const stream = await createNdjsonDetectorStream({ detector, batchBytes: 4 * LINE_BYTES, readableHighWaterMark: 8 });
    let worstBacklog = 0;
    await pipeline(
      Readable.from([Buffer.from(LINE.repeat(lines))]),
      stream,
      slowConsumer((consumed) => {
        worstBacklog = Math.max(worstBacklog, stream.counters.alerts - consumed);
      }),
    );
    expect(stream.counters.alerts).toBe(lines);
    // produced but not yet consumed: the readable buffer (8) plus one batch (4) and the consumer's 2
    expect(worstBacklog).toBeLessThanOrEqual(8 + 4 + 2);
  });

  it('objects: takes events only as fast as alerts are consumed', async () => {
    const events = 2000;
    let pulled = 0;
    const source = new Readable({
      objectMode: true,
      highWaterMark: 1,
      read() {
        if (pulled >= events) return void this.push(null);
        this.push(alertingEvent(pulled++));
      },
    });
    const stream = await createDetectorStream({ detector, readableHighWaterMark: 4, writableHighWaterMark: 4 });
    let worstBacklog = 0;
    await pipeline(
      source,
      stream,
      slowConsumer((consumed) => {
        worstBacklog = Math.max(worstBacklog, pulled - consumed);
      }),
    );
    expect(stream.counters.alerts).toBe(events);
    // readable buffer 4 (+1 pushed past it), writable buffer 4 (+1 in evaluation), source 1, consumer 2
    expect(worstBacklog).toBeLessThanOrEqual(4 + 1 + 4 + 1 + 1 + 2);
  });
});
