import type { Alert } from '@llm-egress/sdk';
import { emptyCounters, type StreamCounters } from './counters.js';
import { NdjsonProcessor } from './ndjson-processor.js';
import { ObjectProcessor } from './object-processor.js';
import { type DetectAlertsOptions, describe, resolveOptions } from './options.js';
import type { Output } from './output.js';
import { TextChunkEncoder } from './text-chunks.js';
import { reportUnheard, type StreamWarning } from './warnings.js';

/**
 * Alerts of an iterable source, for `for await` users. What the source yields decides how
 * it is read, once, from its first item:
 * - byte chunks (`Uint8Array`/`Buffer`) or strings: NDJSON text, chunked anywhere (a string
 *   chunk must carry its line feeds: lines from `readline` need `'\n'` added back);
 * - anything else: one event object per item (an item that is not an object is malformed).
 * Mixing the two is an error. Malformed inputs go to `onWarning`, else to the detector's
 * `logger`, else to Node's process warnings; with `strict` the first one is thrown. Alerts
 * come in input order; the generator's return value is the counters.
 */
export async function* detectAlerts(
  source: AsyncIterable<unknown> | Iterable<unknown>,
  options?: DetectAlertsOptions,
): AsyncGenerator<Alert, StreamCounters, undefined> {
  if (source === null || typeof source !== 'object' || (!(Symbol.asyncIterator in source) && !(Symbol.iterator in source))) {
    throw new TypeError(
      `detectAlerts: source must be an iterable or async iterable (a stream, a generator, an array), got ${describe(source)}`,
    );
  }
  const { detector, adapter } = await resolveOptions('detectAlerts', options as Record<string, unknown> | undefined, [
    'detector',
    'name',
    'strict',
    'onWarning',
    'batchBytes',
    'maxLineBytes',
    'validate',
  ]);
  const warn = (warning: StreamWarning) => {
    if (adapter.onWarning) adapter.onWarning(warning);
    else reportUnheard(warning, options?.logger);
  };
  function* deliver(outputs: Array<Output<Alert>>): Generator<Alert> {
    for (const output of outputs) {
      if (output.kind === 'warning') warn(output.warning);
      else yield output.item;
    }
  }

  let bytes: { processor: NdjsonProcessor; text: TextChunkEncoder } | undefined;
  let objects: ObjectProcessor | undefined;
  let position = 0;
  for await (const item of source) {
    position += 1;
    const isBytes = item instanceof Uint8Array || typeof item === 'string';
    if (bytes === undefined && objects === undefined) {
      if (isBytes) bytes = { processor: new NdjsonProcessor(detector, adapter), text: new TextChunkEncoder() };
      else objects = new ObjectProcessor(detector, { ...adapter, annotate: false });
    }
    if (bytes !== undefined) {
      if (!isBytes) {
        throw new TypeError(
          `detectAlerts: item ${position} is ${describe(item)}, but the source started with bytes; a source yields either byte/string chunks of NDJSON or event objects, not both`,
        );
      }
      for await (const outputs of bytes.processor.write(bytes.text.encode(item as Uint8Array | string))) yield* deliver(outputs);
    } else if (objects !== undefined) {
      if (isBytes) {
        throw new TypeError(
          `detectAlerts: item ${position} is ${describe(item)}, but the source started with event objects; a source yields either byte/string chunks of NDJSON or event objects, not both`,
        );
      }
      yield* deliver((await objects.process(item)) as Array<Output<Alert>>);
    }
  }
  if (bytes !== undefined) {
    for await (const outputs of bytes.processor.write(bytes.text.finish())) yield* deliver(outputs);
    for await (const outputs of bytes.processor.end()) yield* deliver(outputs);
    return bytes.processor.counters;
  }
  return objects?.counters ?? emptyCounters();
}
