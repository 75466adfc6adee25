import type { Alert, Detector } from '@llm-egress/sdk';
import type { StreamCounters } from './counters.js';
import { NdjsonProcessor } from './ndjson-processor.js';
import { type NdjsonDetectorStreamOptions, type ResolvedAdapterOptions, resolveOptions } from './options.js';
import { OutputTransform } from './output-transform.js';
import { TextChunkEncoder } from './text-chunks.js';

/**
 * NDJSON bytes in (chunked anywhere, even inside a UTF-8 character), alerts out. Lines are
 * scanned in batches of whole lines with their position in the whole stream, so alerts
 * carry the same `llm_egress.source` (file, 1-based line, byte offset) as one
 * `detector.scan` of the whole input. Malformed lines become 'warning' events (an error
 * with `strict`); the stream goes on.
 */
export class NdjsonDetectorStream extends OutputTransform<Alert> {
  readonly detector: Detector;
  readonly #processor: NdjsonProcessor;
  readonly #text = new TextChunkEncoder();

  constructor(detector: Detector, options: ResolvedAdapterOptions, logger: { warn(message: string): void } | undefined) {
    super(
      {
        writableObjectMode: false,
        readableObjectMode: true,
        // Strings are encoded here, not by Node, so a surrogate pair split across two
        // string chunks is kept whole.
        decodeStrings: false,
        // While one batch is scanned, up to `batchBytes` of input gathers for the next
        // (delivered together through `_writev`): batches grow with load.
        writableHighWaterMark: options.writableHighWaterMark ?? options.batchBytes,
        ...(options.readableHighWaterMark === undefined ? {} : { readableHighWaterMark: options.readableHighWaterMark }),
      },
      { onWarning: options.onWarning, logger },
    );
    this.detector = detector;
    this.#processor = new NdjsonProcessor(detector, options);
  }

  protected liveCounters(): StreamCounters {
    return this.#processor.counters;
  }

  override _transform(chunk: Buffer | string, encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.settle(this.deliver(this.#processor.write(this.#text.encode(chunk, encoding))), callback);
  }

  override _writev(chunks: Array<{ chunk: Buffer | string; encoding: BufferEncoding }>, callback: (error?: Error | null) => void): void {
    const bytes = Buffer.concat(chunks.map(({ chunk, encoding }) => this.#text.encode(chunk, encoding)));
    this.settle(this.deliver(this.#processor.write(bytes)), callback);
  }

  override _flush(callback: (error?: Error | null) => void): void {
    const work = async () => {
      await this.deliver(this.#processor.write(this.#text.finish()));
      await this.deliver(this.#processor.end());
    };
    this.settle(work(), callback);
  }
}

/**
 * A Transform from NDJSON bytes to alerts. Options: the SDK's `DetectorOptions` (or an
 * existing `detector`), `name` (becomes `llm_egress.source.file`), `strict`, `validate`,
 * `batchBytes`, `maxLineBytes`, `onWarning`, high-water marks. Async: it may build the
 * detector, which loads WebAssembly.
 */
export async function createNdjsonDetectorStream(options?: NdjsonDetectorStreamOptions): Promise<NdjsonDetectorStream> {
  const { detector, adapter } = await resolveOptions('createNdjsonDetectorStream', options as Record<string, unknown> | undefined, [
    'detector',
    'name',
    'strict',
    'onWarning',
    'batchBytes',
    'maxLineBytes',
    'validate',
    'readableHighWaterMark',
    'writableHighWaterMark',
  ]);
  return new NdjsonDetectorStream(detector, adapter, options?.logger);
}
