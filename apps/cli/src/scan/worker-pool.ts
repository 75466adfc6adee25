/**
 * A pool of scan workers (worker_threads). Each worker builds its own detector once, then
 * runs one task at a time; the pool hands the next task (pulled lazily, in input order)
 * to whichever worker is idle and passes every report to OrderedReports.
 */
import { Worker } from 'node:worker_threads';
import { CliError } from '../errors.js';
import type { OrderedReports, TaskInfo } from './ordered-reports.js';
import type { MainToWorker, ScanTask, WorkerSetup, WorkerToMain } from './protocol.js';

const WORKER_YOUNG_GENERATION_MB = 16;

export interface PlannedTask {
  task: ScanTask;
  info: TaskInfo;
}

/** Called on every report as it arrives (any order): progress display. */
export type ArrivalListener = (report: { inputBytes: number; bytes: number; events: number; alerts: number }) => void;

export class WorkerPool {
  private readonly workers: Worker[];
  private closed = false;
  /** a worker that failed between start() and run() */
  private earlyFailure: Error | null = null;

  private constructor(workers: Worker[]) {
    this.workers = workers;
  }

  /** Starts `count` workers and waits until each has built its detector. */
  static async start(count: number, setup: WorkerSetup, entry: URL): Promise<WorkerPool> {
    const workers: Worker[] = [];
    try {
      const ready: Array<Promise<void>> = [];
      for (let index = 0; index < count; index++) {
        // A smaller young generation than V8's default: workers make short-lived garbage
        // per chunk, and collecting it sooner keeps memory flat (about 30 MB less per
        // worker, for a few percent more time in the collector).
        const worker = new Worker(entry, { workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB } });
        workers.push(worker);
        ready.push(
          new Promise<void>((resolve, reject) => {
            const onMessage = (message: WorkerToMain): void => {
              if (message.type === 'ready') resolve();
              else if (message.type === 'setup-failed') reject(new CliError(message.message));
              worker.off('message', onMessage);
            };
            worker.on('message', onMessage);
            worker.once('error', reject);
            worker.once('exit', (code) => reject(new CliError(`a scan worker exited during setup (code ${code})`)));
          }),
        );
      }
      await Promise.all(ready);
      for (const worker of workers) {
        worker.removeAllListeners('error');
        worker.removeAllListeners('exit');
      }
      const pool = new WorkerPool(workers);
      for (const worker of workers) {
        worker.on('error', (error) => {
          pool.earlyFailure ??= error;
        });
      }
      return pool;
    } catch (error) {
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw error;
    }
  }

  /** Runs every task; resolves when all reports have been consumed in order. */
  async run(tasks: AsyncIterable<PlannedTask>, ordered: OrderedReports, onArrival: ArrivalListener): Promise<void> {
    if (this.earlyFailure) throw new CliError(`a scan worker failed: ${this.earlyFailure.message}`);
    const iterator = tasks[Symbol.asyncIterator]();
    let exhausted = false;
    let pulling: Promise<void> = Promise.resolve();

    await new Promise<void>((resolve, reject) => {
      let busy = 0;
      let failed = false;
      const fail = (error: unknown): void => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      const maybeFinish = (): void => {
        if (exhausted && busy === 0 && !failed) resolve();
      };
      // Pulls are serialised: the task source reads standard input in order.
      const feed = (worker: Worker): void => {
        pulling = pulling
          .then(async () => {
            if (failed || exhausted) return maybeFinish();
            const next = await iterator.next();
            if (next.done) {
              exhausted = true;
              return maybeFinish();
            }
            const { task, info } = next.value;
            ordered.register(info);
            busy++;
            const message: MainToWorker = { type: 'task', task };
            worker.postMessage(message);
          })
          .catch(fail);
      };

      for (const worker of this.workers) {
        worker.on('message', (message: WorkerToMain) => {
          if (message.type === 'chunk') {
            const { report, taskId } = message;
            onArrival({ inputBytes: report.inputBytes, bytes: report.bytes, events: report.counters.events, alerts: report.alerts.length });
            ordered.chunk(taskId, report, () => {
              const ack: MainToWorker = { type: 'ack', taskId };
              worker.postMessage(ack);
            });
          } else if (message.type === 'done') {
            ordered.done(message.taskId, message.outcome);
            busy--;
            // Writing failed: hand out no more tasks; drained() rethrows the error.
            if (ordered.failed) {
              exhausted = true;
              maybeFinish();
              return;
            }
            feed(worker);
          }
        });
        worker.on('error', (error) => fail(new CliError(`a scan worker failed: ${error.message}`)));
        worker.on('exit', (code) => {
          if (!this.closed) fail(new CliError(`a scan worker exited unexpectedly (code ${code})`));
        });
        feed(worker);
      }
    });
    await ordered.drained();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
