import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type Alert, emptyCounters } from '../engine/engine.js';
import { OrderedReports, type TaskInfo } from './ordered-reports.js';
import type { ChunkReport } from './protocol.js';

function report(alertLines: number[], errorLines: number[] = []): ChunkReport {
  return {
    alerts: alertLines.map((line) => ({ llm_egress: { rule: { id: 'r' }, source: { file: 'f', line }, matched: [] } }) as unknown as Alert),
    errors: errorLines.map((line) => ({ file: 'f', line, code: 'invalid-json', message: 'bad' })),
    counters: emptyCounters(),
    bytes: 0,
    inputBytes: 0,
  };
}

function recorder() {
  const seen: string[] = [];
  const consumer = {
    async chunk(task: TaskInfo, chunk: ChunkReport) {
      for (const alert of chunk.alerts) seen.push(`${task.id}:alert@${alert.llm_egress.source.line}`);
      for (const error of chunk.errors) seen.push(`${task.id}:error@${error.line}`);
    },
    async taskDone(task: TaskInfo) {
      seen.push(`${task.id}:done`);
    },
  };
  return { seen, consumer };
}

describe('OrderedReports', () => {
  it('consumes in registration order and adds the lines of earlier ranges of the same input', async () => {
    const { seen, consumer } = recorder();
    const ordered = new OrderedReports(consumer);
    ordered.register({ id: 0, input: 0, file: 'f', relativeLines: true });
    ordered.register({ id: 1, input: 0, file: 'f', relativeLines: true });
    ordered.register({ id: 2, input: 1, file: 'g', relativeLines: true });
    const acknowledged: number[] = [];
    ordered.chunk(2, report([1]), () => acknowledged.push(2));
    ordered.done(2, { newlines: 4, failure: null });
    ordered.chunk(1, report([2], [3]), () => acknowledged.push(1));
    ordered.done(1, { newlines: 10, failure: null });
    ordered.chunk(0, report([7]), () => acknowledged.push(0));
    ordered.done(0, { newlines: 100, failure: null });
    await ordered.drained();
    expect(seen).toEqual(['0:alert@7', '0:done', '1:alert@102', '1:error@103', '1:done', '2:alert@1', '2:done']);
    expect(acknowledged.sort()).toEqual([0, 1, 2]);
  });

  it('holds back acknowledgements of waiting tasks once too many alerts are buffered', async () => {
    const { consumer } = recorder();
    const ordered = new OrderedReports(consumer, 2);
    ordered.register({ id: 0, input: 0, file: 'f', relativeLines: false });
    ordered.register({ id: 1, input: 1, file: 'g', relativeLines: false });
    const acknowledged: string[] = [];
    ordered.chunk(1, report([1, 2]), () => acknowledged.push('1a'));
    ordered.chunk(1, report([3]), () => acknowledged.push('1b'));
    await Promise.resolve();
    expect(acknowledged).toEqual(['1a']);
    ordered.chunk(0, report([]), () => acknowledged.push('0a'));
    ordered.done(0, { newlines: 0, failure: null });
    await ordered.drained();
    expect(acknowledged).toEqual(['1a', '0a', '1b']);
  });

  it('after a consumer failure, releases every worker and reports the error', async () => {
    const ordered = new OrderedReports(
      {
        async chunk() {
          throw new Error('disk full');
        },
        async taskDone() {},
      },
      0,
    );
    ordered.register({ id: 0, input: 0, file: 'f', relativeLines: false });
    ordered.register({ id: 1, input: 1, file: 'g', relativeLines: false });
    const acknowledged: string[] = [];
    ordered.chunk(1, report([1]), () => acknowledged.push('1a'));
    ordered.chunk(0, report([2]), () => acknowledged.push('0a'));
    await expect(ordered.drained()).rejects.toThrow('disk full');
    expect(ordered.failed).toBeInstanceOf(Error);
    expect(acknowledged.sort()).toEqual(['0a', '1a']);
    ordered.chunk(1, report([3]), () => acknowledged.push('1b'));
    expect(acknowledged).toContain('1b');
  });

  test.prop(
    [
      fc.array(fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
      fc.infiniteStream(fc.nat()),
    ],
    { numRuns: 300 },
  )('any arrival order gives the same consumed sequence', async (tasks, randomness) => {
    const { seen, consumer } = recorder();
    const ordered = new OrderedReports(consumer, 3);
    // Every task is a range of input 0 and reports one alert on each of its lines.
    const events: Array<{ task: number; kind: 'chunk' | 'done'; value: number }> = [];
    tasks.forEach((chunks, task) => {
      ordered.register({ id: task, input: 0, file: 'f', relativeLines: true });
      for (const lineCount of chunks) events.push({ task, kind: 'chunk', value: lineCount });
      events.push({ task, kind: 'done', value: chunks.reduce((sum, count) => sum + count, 0) });
    });
    // Deliver per-task sequences interleaved at random, each task's own order kept.
    const queues = tasks.map((_, task) => events.filter((event) => event.task === task));
    const positions = tasks.map(() => 0);
    const random = randomness[Symbol.iterator]();
    let remaining = events.length;
    while (remaining > 0) {
      const open = queues.map((queue, task) => (positions[task] < queue.length ? task : -1)).filter((task) => task >= 0);
      const task = open[random.next().value % open.length];
      const event = queues[task][positions[task]++];
      remaining--;
      if (event.kind === 'done') ordered.done(task, { newlines: event.value, failure: null });
      else {
        const before = queues[task].slice(0, positions[task] - 1).reduce((sum, earlier) => sum + earlier.value, 0);
        ordered.chunk(task, report(Array.from({ length: event.value }, (_, index) => before + index + 1)), () => {});
      }
    }
    await ordered.drained();
    const alertLines = seen.filter((entry) => entry.includes('alert')).map((entry) => Number(entry.split('@')[1]));
    const total = tasks.flat().reduce((sum, count) => sum + count, 0);
    expect(alertLines).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    expect(seen.filter((entry) => entry.endsWith('done'))).toEqual(tasks.map((_, task) => `${task}:done`));
  });
});
