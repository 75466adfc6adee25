/**
 * Segments rendered by worker threads, handed back in corpus order. Segments are
 * independent (generator.ts), so the bytes do not depend on how many workers ran.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CorpusOptions } from './options.js';
import type { SegmentResult, SegmentTask } from './segment.js';

export interface WorkerPoolSetup {
  options: CorpusOptions;
  ruleFiles: string[];
  out: string;
  workers: number;
}

/** The worker script beside this module once built (dist/corpus/worker.js); absent when running from sources. */
export function workerScript(): string | undefined {
  const path = fileURLToPath(new URL('./worker.js', import.meta.url));
  return existsSync(path) ? path : undefined;
}

/**
 * Renders `tasks` (consumed lazily, in order) on `workers` threads, at most two tasks ahead
 * per worker, and yields the results in task order. Stop iterating to stop the workers.
 */
export async function* renderInWorkers(setup: WorkerPoolSetup, tasks: Iterator<SegmentTask>): AsyncGenerator<SegmentResult> {
  const script = workerScript();
  if (script === undefined)
    throw new Error(
      'worker threads need the built generator (dist/corpus/worker.js): run npx turbo run build --filter=@llm-egress/benchmarks, or use --workers 0',
    );
  const workers = Array.from(
    { length: setup.workers },
    () => new Worker(script, { workerData: { options: setup.options, ruleFiles: setup.ruleFiles, out: setup.out } }),
  );
  const pending = new Map<number, Promise<SegmentResult>>();
  const queues = workers.map(() => [] as Array<{ resolve: (result: SegmentResult) => void; reject: (error: Error) => void }>);
  let failure: Error | undefined;
  workers.forEach((worker, index) => {
    const queue = queues[index] as (typeof queues)[number];
    worker.on('message', (message: { result?: SegmentResult; error?: string }) => {
      const waiter = queue.shift();
      if (message.result) waiter?.resolve(message.result);
      else waiter?.reject(new Error(`corpus worker failed: ${message.error}`));
    });
    worker.on('error', (error) => {
      failure = error;
      for (const waiter of queue.splice(0)) waiter.reject(error);
    });
    // A worker that dies without an 'error' (killed, out of memory) must not leave the main thread waiting.
    worker.on('exit', (code) => {
      if (queue.length === 0) return;
      failure ??= new Error(`corpus worker ${index} exited with code ${code} before finishing its segments`);
      for (const waiter of queue.splice(0)) waiter.reject(failure);
    });
  });

  let nextTask = 0;
  let exhausted = false;
  const schedule = () => {
    while (!exhausted && pending.size < workers.length * 2) {
      const next = tasks.next();
      if (next.done) {
        exhausted = true;
        return;
      }
      const task = next.value;
      const index = nextTask++ % workers.length;
      const worker = workers[index] as Worker;
      const queue = queues[index] as (typeof queues)[number];
      pending.set(
        nextTask - 1,
        new Promise<SegmentResult>((resolve, reject) => {
          if (failure) return reject(failure);
          queue.push({ resolve, reject });
          worker.postMessage(task);
        }),
      );
    }
  };

  try {
    for (let order = 0; ; order++) {
      schedule();
      const result = pending.get(order);
      if (result === undefined) return;
      pending.delete(order);
      const rendered = await result;
      // Transferred arrays arrive as plain Uint8Array / Int32Array views.
      yield { ...rendered, bytes: new Uint8Array(rendered.bytes.buffer, rendered.bytes.byteOffset, rendered.bytes.byteLength) };
    }
  } finally {
    for (const promise of pending.values()) promise.catch(() => {});
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
