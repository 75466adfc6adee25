/**
 * Puts chunk reports back into input order. Workers finish tasks in any order; reports
 * wait here until every report before them has been consumed. Each report comes with an
 * `acknowledge` callback that lets its worker read on: it is called at once while few
 * alerts are waiting (so workers never idle while the main thread writes), and only when
 * the report is consumed otherwise, so memory stays bounded whatever the input.
 *
 * It also restores line numbers: a task with `relativeLines` (a file, or one byte range of
 * it) numbers its lines from 1, and the lines of the tasks of the same input before it are
 * added here, in order, exactly as if one reader had read the whole file.
 */
import type { Alert, LineError } from '../engine/engine.js';
import type { ChunkReport, TaskOutcome } from './protocol.js';

export interface TaskInfo {
  id: number;
  /** index of the input (file or stdin) the task belongs to */
  input: number;
  file: string;
  relativeLines: boolean;
}

export interface OrderedConsumer {
  /** one report, in input order, with line numbers already made absolute */
  chunk(task: TaskInfo, report: ChunkReport): Promise<void>;
  /** a task's last report has been consumed */
  taskDone(task: TaskInfo, outcome: TaskOutcome): Promise<void>;
}

interface Pending {
  info: TaskInfo;
  /** `acknowledge` is null once called */
  reports: Array<{ report: ChunkReport; acknowledge: (() => void) | null }>;
  outcome: TaskOutcome | null;
}

export const DEFAULT_MAX_BUFFERED_ALERTS = 5_000;

export class OrderedReports {
  private readonly consumer: OrderedConsumer;
  private readonly maxBufferedAlerts: number;
  private readonly pending = new Map<number, Pending>();
  /** task ids in registration (input) order, not yet fully consumed */
  private readonly order: number[] = [];
  private readonly linesBefore = new Map<number, number>();
  private bufferedAlerts = 0;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(consumer: OrderedConsumer, maxBufferedAlerts: number = DEFAULT_MAX_BUFFERED_ALERTS) {
    this.consumer = consumer;
    this.maxBufferedAlerts = maxBufferedAlerts;
  }

  /** Declares the next task in input order (before it is handed to a worker). */
  register(info: TaskInfo): void {
    this.pending.set(info.id, { info, reports: [], outcome: null });
    this.order.push(info.id);
  }

  chunk(taskId: number, report: ChunkReport, acknowledge: () => void): void {
    if (this.failure) {
      // Nothing more will be written: let the worker finish instead of waiting forever.
      acknowledge();
      return;
    }
    const entry = this.pendingFor(taskId);
    this.bufferedAlerts += report.alerts.length;
    if (this.bufferedAlerts <= this.maxBufferedAlerts) {
      acknowledge();
      entry.reports.push({ report, acknowledge: null });
    } else {
      entry.reports.push({ report, acknowledge });
    }
    this.schedule();
  }

  done(taskId: number, outcome: TaskOutcome): void {
    this.pendingFor(taskId).outcome = outcome;
    this.schedule();
  }

  /** Resolves once everything registered so far has been consumed (rejects if consuming failed). */
  async drained(): Promise<void> {
    await this.chain;
    if (this.failure) throw this.failure;
  }

  private pendingFor(taskId: number): Pending {
    const entry = this.pending.get(taskId);
    if (!entry) throw new Error(`report for unknown task ${taskId}`);
    return entry;
  }

  /** The error that stopped consuming (writing the output failed…), or null. */
  get failed(): unknown {
    return this.failure;
  }

  private schedule(): void {
    this.chain = this.chain
      .then(() => this.consumeReady())
      .catch((error) => {
        this.failure ??= error;
        this.releaseAll();
      });
  }

  /** After a failure, acknowledges every held report so that no worker waits forever. */
  private releaseAll(): void {
    for (const entry of this.pending.values()) {
      for (const held of entry.reports) {
        held.acknowledge?.();
        held.acknowledge = null;
      }
    }
  }

  private async consumeReady(): Promise<void> {
    while (this.order.length > 0 && !this.failure) {
      const entry = this.pendingFor(this.order[0]);
      const next = entry.reports.shift();
      if (next) {
        this.bufferedAlerts -= next.report.alerts.length;
        try {
          await this.consumer.chunk(entry.info, this.absolute(entry.info, next.report));
        } finally {
          next.acknowledge?.();
        }
        continue;
      }
      if (!entry.outcome) return;
      if (entry.info.relativeLines) {
        this.linesBefore.set(entry.info.input, (this.linesBefore.get(entry.info.input) ?? 0) + entry.outcome.newlines);
      }
      await this.consumer.taskDone(entry.info, entry.outcome);
      this.pending.delete(entry.info.id);
      this.order.shift();
    }
  }

  private absolute(info: TaskInfo, report: ChunkReport): ChunkReport {
    const base = info.relativeLines ? (this.linesBefore.get(info.input) ?? 0) : 0;
    if (base === 0) return report;
    for (const alert of report.alerts) shiftAlert(alert, base);
    return { ...report, errors: report.errors.map((error) => shiftError(error, base)) };
  }
}

function shiftAlert(alert: Alert, base: number): void {
  const source = alert.llm_egress?.source;
  if (source && typeof source.line === 'number') source.line += base;
}

function shiftError(error: LineError, base: number): LineError {
  return { ...error, line: error.line + base };
}
