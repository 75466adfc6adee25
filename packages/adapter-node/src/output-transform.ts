import { Transform, type TransformOptions } from 'node:stream';
import { copyCounters, type StreamCounters } from './counters.js';
import type { Output } from './output.js';
import { reportUnheard, type StreamWarning } from './warnings.js';

export interface OutputTransformOptions {
  onWarning: ((warning: StreamWarning) => void) | undefined;
  logger: { warn(message: string): void } | undefined;
}

/**
 * A Transform whose outputs come from an async processor, batch by batch, with backpressure
 * between batches: after a batch that fills the readable buffer it waits until the consumer
 * reads (Node calls `_read`) before asking the processor for more, so a slow consumer holds
 * at most one batch beyond the high-water mark, however large a single input chunk is.
 *
 * Events: 'data' (the outputs), 'warning' (a `StreamWarning` per malformed input), 'error'.
 * `counters` is a snapshot of what the stream has seen so far.
 */
export abstract class OutputTransform<Item> extends Transform {
  readonly #warnings: OutputTransformOptions;
  #readWaiters: Array<() => void> = [];

  protected constructor(streamOptions: TransformOptions, warnings: OutputTransformOptions) {
    super(streamOptions);
    this.#warnings = warnings;
  }

  /** What the stream has seen so far: lines, events, malformed, alerts, suppressed, … */
  get counters(): StreamCounters {
    return copyCounters(this.liveCounters());
  }

  protected abstract liveCounters(): StreamCounters;

  /** Pushes every batch's outputs, waiting for the consumer whenever the buffer is full. */
  protected async deliver(batches: AsyncIterable<Array<Output<Item>>>): Promise<void> {
    for await (const outputs of batches) {
      if (this.destroyed) return;
      let full = false;
      for (const output of outputs) {
        if (output.kind === 'warning') this.#warn(output.warning);
        else if (!this.push(output.item)) full = true;
      }
      if (full) await this.#nextRead();
      if (this.destroyed) return;
    }
  }

  /** Runs `work`, then calls Node's callback with its error if any. */
  protected settle(work: Promise<void>, callback: (error?: Error | null) => void): void {
    work.then(
      () => callback(),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  override _read(size: number): void {
    this.#wakeReaders();
    super._read(size);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#wakeReaders();
    callback(error);
  }

  #nextRead(): Promise<void> {
    return new Promise((resolve) => this.#readWaiters.push(resolve));
  }

  #wakeReaders(): void {
    const waiters = this.#readWaiters;
    this.#readWaiters = [];
    for (const wake of waiters) wake();
  }

  #warn(warning: StreamWarning): void {
    this.#warnings.onWarning?.(warning);
    const heard = this.listenerCount('warning') > 0;
    this.emit('warning', warning);
    if (!heard && !this.#warnings.onWarning) reportUnheard(warning, this.#warnings.logger);
  }
}
