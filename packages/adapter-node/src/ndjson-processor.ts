import type { Alert, Detector } from '@llm-egress/sdk';
import { addCounters, emptyCounters, type StreamCounters } from './counters.js';
import { type LinePiece, LineSplitter } from './line-splitter.js';
import { inLineOrder, type Output, splitAtFirstWarning } from './output.js';
import { MalformedInputError, type StreamWarning, WARNING_CODES } from './warnings.js';

export interface NdjsonProcessorOptions {
  name: string | undefined;
  strict: boolean;
  validate: boolean;
  batchBytes: number;
  maxLineBytes: number;
}

/**
 * NDJSON bytes in any chunking → alerts and warnings, in line order, one `detector.scan`
 * call per batch of whole lines. Shared by the NDJSON Transform and `detectAlerts`; it knows
 * nothing of streams: each batch's outputs are yielded so the caller can wait for its
 * consumer before the next scan (backpressure), and scans are strictly sequential, so
 * plugins see alerts in input order.
 */
export class NdjsonProcessor {
  readonly counters: StreamCounters = emptyCounters();
  readonly #detector: Detector;
  readonly #options: NdjsonProcessorOptions;
  readonly #splitter: LineSplitter;

  constructor(detector: Detector, options: NdjsonProcessorOptions) {
    this.#detector = detector;
    this.#options = options;
    this.#splitter = new LineSplitter({ batchBytes: options.batchBytes, maxLineBytes: options.maxLineBytes });
  }

  /** Bytes of the unfinished last line held between chunks. */
  get bufferedBytes(): number {
    return this.#splitter.bufferedBytes;
  }

  /** One chunk of the stream: yields the outputs of every batch of lines it completes. */
  async *write(chunk: Uint8Array): AsyncGenerator<Array<Output<Alert>>> {
    yield* this.#scanPieces(this.#splitter.push(chunk));
  }

  /** End of the stream: the last line, even without a final line feed. */
  async *end(): AsyncGenerator<Array<Output<Alert>>> {
    yield* this.#scanPieces(this.#splitter.finish());
  }

  async *#scanPieces(pieces: LinePiece[]): AsyncGenerator<Array<Output<Alert>>> {
    for (const piece of pieces) {
      const outputs =
        piece.kind === 'lines'
          ? await this.#scan(piece.bytes, piece.firstLine, piece.firstOffset)
          : [this.#overlong(piece.line, piece.offset, piece.maxLineBytes)];
      if (!this.#options.strict) {
        yield outputs;
        continue;
      }
      const { before, warning } = splitAtFirstWarning(outputs);
      if (before.length > 0) yield before;
      if (warning) throw new MalformedInputError(warning);
    }
  }

  async #scan(bytes: Uint8Array, firstLine: number, firstOffset: number): Promise<Array<Output<Alert>>> {
    const { name, validate } = this.#options;
    const result = await this.#detector.scan(bytes, {
      ...(name === undefined ? {} : { file: name }),
      firstLine,
      firstOffset,
      validate,
    });
    addCounters(this.counters, result.counters);
    const outputs: Array<Output<Alert>> = [];
    for (const alert of result.alerts) outputs.push({ kind: 'item', item: alert, line: alert.llm_egress.source.line ?? firstLine });
    for (const error of result.errors) outputs.push({ kind: 'warning', warning: error });
    return inLineOrder(outputs);
  }

  #overlong(line: number, offset: number, maxLineBytes: number): Output<Alert> {
    this.counters.lines += 1;
    this.counters.malformed += 1;
    const warning: StreamWarning = {
      ...(this.#options.name === undefined ? {} : { file: this.#options.name }),
      line,
      offset,
      code: WARNING_CODES.lineTooLong,
      message: `line is longer than maxLineBytes (${maxLineBytes} bytes); skipped without being evaluated`,
    };
    return { kind: 'warning', warning };
  }
}
