/**
 * Worker-thread entry for `llm-egress scan`: builds its own detector (no plugins: those
 * run on the main thread, in input order), then runs the tasks it is sent, one at a time,
 * with at most a few reports in flight that the main thread has not acknowledged.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createScanEngine } from './engine/sdk-engine.js';
import { errorMessage } from './errors.js';
import { formatLocatedError } from './report/located-error.js';
import type { ChunkReport, MainToWorker, ScanTask, WorkerSetup, WorkerToMain } from './scan/protocol.js';
import { runTask } from './scan/run-task.js';

if (!parentPort) throw new Error('worker.js runs as a worker thread of `llm-egress scan`');
const port = parentPort;
const setup = workerData as WorkerSetup;
const send = (message: WorkerToMain): void => port.postMessage(message);

/**
 * Reports the main thread has not acknowledged yet. A few may be in flight, so the worker
 * does not stop at every chunk for a round trip; beyond that it waits, which bounds the
 * memory held in reports whatever the main thread is doing.
 */
const MAX_UNACKNOWLEDGED = 4;
let unacknowledged = 0;
let wakeUp: (() => void) | null = null;
const queue: ScanTask[] = [];
let running = false;

async function report(taskId: number, chunk: ChunkReport): Promise<void> {
  unacknowledged++;
  send({ type: 'chunk', taskId, report: chunk });
  while (unacknowledged > MAX_UNACKNOWLEDGED) await new Promise<void>((resolve) => (wakeUp = resolve));
}

async function runQueued(): Promise<void> {
  if (running) return;
  running = true;
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const task = next;
    try {
      const outcome = await runTask(task, engine, setup.read, (chunk) => report(task.id, chunk));
      send({ type: 'done', taskId: task.id, outcome });
    } catch (error) {
      send({
        type: 'done',
        taskId: task.id,
        outcome: { newlines: 0, failure: `${task.file}: internal error while scanning: ${errorMessage(error)}` },
      });
    }
  }
  running = false;
}

let engine: Awaited<ReturnType<typeof createScanEngine>>;
try {
  engine = await createScanEngine(setup.engine);
} catch (error) {
  send({ type: 'setup-failed', message: formatLocatedError(error) });
  process.exit(0);
}

port.on('message', (message: MainToWorker) => {
  if (message.type === 'ack') {
    unacknowledged--;
    const resolve = wakeUp;
    wakeUp = null;
    resolve?.();
  } else {
    queue.push(message.task);
    void runQueued();
  }
});
send({ type: 'ready' });
