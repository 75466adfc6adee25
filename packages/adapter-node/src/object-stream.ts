import type { Alert, Detector } from '@llm-egress/sdk';
import type { AnnotatedEvent } from './annotate.js';
import type { StreamCounters } from './counters.js';
import { ObjectProcessor } from './object-processor.js';
import { type DetectorStreamOptions, type ResolvedAdapterOptions, resolveOptions } from './options.js';
import { OutputTransform } from './output-transform.js';

/**
 * JS event objects in, alerts out (with `annotate`, every event out with its `llm_egress`
 * verdict). Events are evaluated one at a time in input order; an input that is not an
 * object becomes a 'warning' event (an error with `strict`).
 */
export class DetectorStream extends OutputTransform<Alert | AnnotatedEvent> {
  readonly detector: Detector;
  readonly #processor: ObjectProcessor;

  constructor(detector: Detector, options: ResolvedAdapterOptions, logger: { warn(message: string): void } | undefined) {
    super(
      {
        objectMode: true,
        ...(options.readableHighWaterMark === undefined ? {} : { readableHighWaterMark: options.readableHighWaterMark }),
        ...(options.writableHighWaterMark === undefined ? {} : { writableHighWaterMark: options.writableHighWaterMark }),
      },
      { onWarning: options.onWarning, logger },
    );
    this.detector = detector;
    this.#processor = new ObjectProcessor(detector, options);
  }

  protected liveCounters(): StreamCounters {
    return this.#processor.counters;
  }

  override _transform(event: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.settle(this.deliver(this.#evaluate([event])), callback);
  }

  override _writev(chunks: Array<{ chunk: unknown }>, callback: (error?: Error | null) => void): void {
    this.settle(this.deliver(this.#evaluate(chunks.map(({ chunk }) => chunk))), callback);
  }

  async *#evaluate(events: unknown[]) {
    for (const event of events) yield await this.#processor.process(event);
  }
}

/**
 * An object-mode Transform: event objects in, alerts out (or annotated events with
 * `annotate: true`). Options: the SDK's `DetectorOptions` (or an existing `detector`),
 * `name` (becomes `llm_egress.source.file`), `strict`, `onWarning`, high-water marks.
 * Async: it may build the detector, which loads WebAssembly.
 */
export async function createDetectorStream(options?: DetectorStreamOptions): Promise<DetectorStream> {
  const { detector, adapter } = await resolveOptions('createDetectorStream', options as Record<string, unknown> | undefined, [
    'detector',
    'name',
    'strict',
    'onWarning',
    'annotate',
    'readableHighWaterMark',
    'writableHighWaterMark',
  ]);
  return new DetectorStream(detector, adapter, options?.logger);
}
