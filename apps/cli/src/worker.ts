/**
 * Worker-thread entry for `llm-egress scan`: builds its own detector (no plugins: those
 * run on the main thread, in input order), then runs the tasks it is sent, one at a time,
 * waiting for the main thread to acknowledge each report before reading on.
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

const waitingForAck = new Map<number, () => void>();
const queue: ScanTask[] = [];
let running = false;

async function runQueued(): Promise<void> {
  if (running) return;
  running = true;
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    const task = next;
    const sink = (report: ChunkReport): Promise<void> =>
      new Promise<void>((resolve) => {
        waitingForAck.set(task.id, resolve);
        send({ type: 'chunk', taskId: task.id, report });
      });
    try {
      const outcome = await runTask(task, engine, setup.read, sink);
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
    const resolve = waitingForAck.get(message.taskId);
    waitingForAck.delete(message.taskId);
    resolve?.();
  } else {
    queue.push(message.task);
    void runQueued();
  }
});
send({ type: 'ready' });
