/**
 * Turns the ordered inputs into scan tasks, lazily (a task is planned when a worker is
 * free for it, so standard input is read no faster than it is scanned):
 * - a regular file becomes one task, or, when it is uncompressed NDJSON larger than the
 *   split size and there is more than one worker, one task per byte range;
 * - standard input and other streams (pipes, devices) are read here, on the main thread,
 *   gunzipped when they start with the gzip magic number, and sent as chunks of whole
 *   lines, already numbered; a stream that is one JSON array is sent whole.
 */
import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { errorMessage } from '../errors.js';
import type { InputSource } from '../input/discover.js';
import { LineChunker } from '../input/line-chunker.js';
import { type ByteRange, planRanges } from '../input/ranges.js';
import { firstSignificantByte, isGzipMagic, layoutHintForName, OPEN_BRACKET, type Sniff, sniffFile } from '../input/sniff.js';
import type { ReadSettings } from './protocol.js';
import type { PlannedTask } from './worker-pool.js';

export interface PlanSettings {
  read: ReadSettings;
  /** uncompressed NDJSON files larger than this are split into ranges of this size */
  splitBytes: number;
  workers: number;
  /** a stream input that failed (named in the message); scanning goes on with the rest */
  onInputFailure(message: string): void;
  stdin: () => Readable;
}

export async function* planTasks(inputs: InputSource[], settings: PlanSettings): AsyncGenerator<PlannedTask> {
  let nextId = 0;
  for (let input = 0; input < inputs.length; input++) {
    const source = inputs[input];
    if (source.kind === 'file' && source.size !== null) {
      const layout = layoutHintForName(source.display);
      let sniff: Sniff;
      let ndjson: boolean;
      let ranges: Array<ByteRange | null>;
      try {
        sniff = await sniffFile(source.path);
        ndjson = layout === 'ndjson' || sniff.firstSignificantByte !== OPEN_BRACKET;
        const splittable = !sniff.gzip && ndjson && settings.workers > 1 && source.size > settings.splitBytes;
        ranges = splittable ? await planRanges(source.path, source.size, settings.splitBytes) : [null];
      } catch (error) {
        // Gone or unreadable since it was found: said at the end, the other inputs go on.
        settings.onInputFailure(`${source.display}: cannot read: ${errorMessage(error)}`);
        continue;
      }
      for (const range of ranges) {
        const id = nextId++;
        yield {
          task: {
            kind: 'file',
            id,
            file: source.display,
            path: source.path,
            gzip: sniff.gzip,
            layout: sniff.gzip ? layout : ndjson ? 'ndjson' : 'sniff',
            range,
          },
          info: { id, input, file: source.display, relativeLines: true },
        };
      }
      continue;
    }
    const stream = source.kind === 'stdin' ? settings.stdin() : createReadStream(source.path);
    for await (const planned of planStream(stream, source.display, input, () => nextId++, settings)) yield planned;
  }
}

async function* planStream(
  stream: Readable,
  file: string,
  input: number,
  newId: () => number,
  settings: PlanSettings,
): AsyncGenerator<PlannedTask> {
  const { read } = settings;
  const chunker = new LineChunker({ chunkBytes: read.chunkBytes, maxLineBytes: read.maxLineBytes });
  let source: AsyncIterable<Buffer> = stream;
  let decided = false;
  let arrayPieces: Buffer[] | null = null;
  const held: Buffer[] = [];
  let heldBytes = 0;
  /** bytes read from the stream (compressed, for gzip), and how many of them tasks reported */
  let readBytes = 0;
  let reportedBytes = 0;
  const takeReadBytes = (): number => {
    const delta = readBytes - reportedBytes;
    reportedBytes = readBytes;
    return delta;
  };

  function* tasksFor(outputs: ReturnType<LineChunker['push']>): Generator<PlannedTask> {
    for (const output of outputs) {
      const id = newId();
      if (output.kind === 'overlong') {
        const { line, offset, length } = output;
        yield { task: { kind: 'overlong', id, file, line, offset, length }, info: { id, input, file, relativeLines: false } };
        continue;
      }
      yield {
        task: {
          kind: 'lines',
          id,
          file,
          bytes: output.bytes,
          firstLine: output.firstLine,
          firstOffset: output.firstOffset,
          inputBytes: takeReadBytes(),
        },
        info: { id, input, file, relativeLines: false },
      };
    }
  }

  try {
    // Peek at the first bytes: gzip? then decompress before anything else.
    const iterator = stream[Symbol.asyncIterator]();
    const headPieces: Buffer[] = [];
    let headBytes = 0;
    let ended = false;
    while (headBytes < 2) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      headPieces.push(next.value as Buffer);
      headBytes += (next.value as Buffer).length;
      readBytes += (next.value as Buffer).length;
    }
    const head = Buffer.concat(headPieces);
    const rest = (async function* (): AsyncGenerator<Buffer> {
      if (head.length > 0) yield head;
      if (ended) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        readBytes += (next.value as Buffer).length;
        yield next.value as Buffer;
      }
    })();
    if (isGzipMagic(head)) {
      const gunzip = createGunzip({ chunkSize: 256 * 1024 });
      // A read error destroys the gunzip stream, and iterating it throws: handled below.
      pipeline(Readable.from(rest), gunzip, () => {});
      source = gunzip;
    } else {
      source = rest;
    }
    for await (const piece of source) {
      if (!decided) {
        held.push(piece);
        heldBytes += piece.length;
        const significant = firstSignificantByte(piece);
        if (significant === -1 && heldBytes < read.chunkBytes) continue;
        decided = true;
        if (significant === OPEN_BRACKET) arrayPieces = held.splice(0);
        else for (const kept of held.splice(0)) yield* tasksFor(chunker.push(kept));
        continue;
      }
      if (arrayPieces) arrayPieces.push(piece);
      else yield* tasksFor(chunker.push(piece));
    }
    for (const kept of held.splice(0)) yield* tasksFor(chunker.push(kept));
  } catch (error) {
    if (!arrayPieces) yield* tasksFor(chunker.endAtDamage());
    const scanned = arrayPieces ? 'nothing in it was scanned' : `its first ${chunker.line - 1} lines were scanned`;
    settings.onInputFailure(`${file}: read error (${errorMessage(error)}); ${scanned}`);
    return;
  }
  if (arrayPieces) {
    const id = newId();
    yield {
      task: { kind: 'json-array', id, file, bytes: Buffer.concat(arrayPieces), inputBytes: takeReadBytes() },
      info: { id, input, file, relativeLines: false },
    };
    return;
  }
  yield* tasksFor(chunker.end());
}
