/**
 * Runs one scan task against a ScanEngine: reads (and gunzips) the bytes, cuts them into
 * chunks of whole lines, scans each chunk and reports it. This is the body of a worker,
 * kept free of worker_threads so it can be tested on its own.
 */
import { createReadStream, type ReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { emptyCounters, type LineError, type ScanEngine, type ScanResult } from '../engine/engine.js';
import { errorMessage } from '../errors.js';
import { parseJsonArray } from '../input/json-array.js';
import { type ChunkerOutput, LineChunker } from '../input/line-chunker.js';
import { firstSignificantByte, OPEN_BRACKET } from '../input/sniff.js';
import type { ChunkReport, ReadSettings, ScanTask, TaskOutcome } from './protocol.js';

/** Receives each chunk's report; resolves when the next chunk may be scanned (backpressure). */
export type ReportSink = (report: ChunkReport) => Promise<void>;

/** JSON array elements evaluated per report */
const ELEMENTS_PER_REPORT = 4096;

export async function runTask(task: ScanTask, engine: ScanEngine, settings: ReadSettings, sink: ReportSink): Promise<TaskOutcome> {
  switch (task.kind) {
    case 'lines': {
      const result = await engine.scanChunk(task.bytes, {
        file: task.file,
        firstLine: task.firstLine,
        firstOffset: task.firstOffset,
        validate: settings.validate,
      });
      await sink(toReport(result, settings, task.bytes.length, task.inputBytes));
      return { newlines: 0, failure: null };
    }
    case 'json-array':
      return scanJsonArray(task.file, task.bytes, engine, settings, sink, task.inputBytes);
    case 'overlong':
      await sink(overlongReport(task.file, { kind: 'overlong', line: task.line, offset: task.offset, length: task.length }, settings, 0));
      return { newlines: 0, failure: null };
    case 'file':
      return scanFile(task, engine, settings, sink);
  }
}

function toReport(result: ScanResult, settings: ReadSettings, bytes: number, inputBytes: number): ChunkReport {
  const errors = result.errors.length > settings.errorDetailLimit ? result.errors.slice(0, settings.errorDetailLimit) : result.errors;
  return { alerts: result.alerts, errors, counters: result.counters, bytes, inputBytes };
}

function overlongReport(
  file: string,
  overlong: Extract<ChunkerOutput, { kind: 'overlong' }>,
  settings: ReadSettings,
  inputBytes: number,
): ChunkReport {
  const error: LineError = {
    file,
    line: overlong.line,
    offset: overlong.offset,
    code: 'line-too-long',
    message: `line of ${overlong.length} bytes is longer than the ${settings.maxLineBytes}-byte limit; skipped`,
  };
  const counters = emptyCounters();
  counters.lines = 1;
  counters.malformed = 1;
  return { alerts: [], errors: [error], counters, bytes: overlong.length, inputBytes };
}

async function scanJsonArray(
  file: string,
  bytes: Uint8Array,
  engine: ScanEngine,
  settings: ReadSettings,
  sink: ReportSink,
  inputBytes: number,
): Promise<TaskOutcome> {
  const parsed = parseJsonArray(bytes);
  if (!parsed.ok) return { newlines: 0, failure: `${file}${parsed.location}: ${parsed.message}` };
  const elements = parsed.elements;
  if (elements.length === 0) {
    await sink({ alerts: [], errors: [], counters: emptyCounters(), bytes: bytes.length, inputBytes });
    return { newlines: 0, failure: null };
  }
  for (let start = 0; start < elements.length; start += ELEMENTS_PER_REPORT) {
    const batch = elements.slice(start, start + ELEMENTS_PER_REPORT);
    const result = await engine.evaluateElements(batch, { file, firstLine: start + 1 });
    // The whole document's bytes are counted with the first report.
    await sink(toReport(result, settings, start === 0 ? bytes.length : 0, start === 0 ? inputBytes : 0));
  }
  return { newlines: 0, failure: null };
}

/** Bytes read from the file so far (compressed bytes for gzip): progress. */
interface ReadCounter {
  bytesRead: number;
}

/** Room kept in front of each read for the partial line carried over from the previous chunk. */
const CARRY_ROOM = 64 * 1024;

/**
 * Uncompressed NDJSON, read one chunk ahead: the next read is already under way (in
 * libuv's thread pool) while the caller scans the current chunk. Each read lands after
 * `CARRY_ROOM` spare bytes, where the partial line the chunker held back is put in front
 * of it, so every chunk is cut from one read without copying it (a longer partial line,
 * rare, is joined by a copy).
 */
async function* readPlain(
  task: Extract<ScanTask, { kind: 'file' }>,
  chunker: LineChunker,
  chunkBytes: number,
  counter: ReadCounter,
): AsyncGenerator<Buffer> {
  const handle = await open(task.path, 'r');
  let inFlight: Promise<unknown> | null = null;
  try {
    let position = task.range?.start ?? 0;
    const end = task.range?.end ?? Number.POSITIVE_INFINITY;
    const readAt = (at: number) => {
      const buffer = Buffer.allocUnsafe(CARRY_ROOM + chunkBytes);
      const length = Math.max(0, Math.min(chunkBytes, end - at));
      const read = length === 0 ? Promise.resolve({ bytesRead: 0 }) : handle.read(buffer, CARRY_ROOM, length, at);
      inFlight = read;
      return read.then(({ bytesRead }) => ({ buffer, bytesRead }));
    };
    let next = readAt(position);
    for (;;) {
      const { buffer, bytesRead } = await next;
      inFlight = null;
      position += bytesRead;
      counter.bytesRead += bytesRead;
      // Start the following read before the caller scans this chunk.
      if (bytesRead > 0 && position < end) next = readAt(position);
      else next = Promise.resolve({ buffer: Buffer.alloc(0), bytesRead: 0 });
      const pending = chunker.takePending();
      if (bytesRead === 0) {
        if (pending.length > 0) yield Buffer.from(pending);
        break;
      }
      if (pending.length <= CARRY_ROOM) {
        buffer.set(pending, CARRY_ROOM - pending.length);
        yield buffer.subarray(CARRY_ROOM - pending.length, CARRY_ROOM + bytesRead);
      } else {
        yield Buffer.concat([pending, buffer.subarray(CARRY_ROOM, CARRY_ROOM + bytesRead)]);
      }
    }
  } finally {
    // Never close the handle under a read still in flight (an early return or an error).
    if (inFlight) await (inFlight as Promise<unknown>).catch(() => undefined);
    await handle.close();
  }
}

/** Anything else (gzip, or a layout still to sniff) goes through streams. */
function openStream(
  task: Extract<ScanTask, { kind: 'file' }>,
  settings: ReadSettings,
): { raw: ReadStream; decoded: AsyncIterable<Buffer> } {
  const raw = createReadStream(task.path, {
    highWaterMark: settings.chunkBytes,
    ...(task.range ? { start: task.range.start, end: task.range.end - 1 } : {}),
  });
  if (!task.gzip) return { raw, decoded: raw };
  const gunzip = createGunzip({ chunkSize: Math.max(64, Math.min(256 * 1024, settings.chunkBytes)) });
  raw.on('error', (error) => gunzip.destroy(error));
  raw.pipe(gunzip);
  return { raw, decoded: gunzip };
}

function describeReadFailure(task: Extract<ScanTask, { kind: 'file' }>, error: unknown, linesScanned: number): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const scanned = task.range ? '' : linesScanned > 0 ? `; its first ${linesScanned} lines were scanned` : '; nothing in it was scanned';
  if (code === 'Z_BUF_ERROR' || code === 'Z_DATA_ERROR' || code === 'Z_NEED_DICT') {
    return `${task.file}: truncated or corrupt gzip data (${errorMessage(error)})${scanned}`;
  }
  if (code === 'ENOENT') return `${task.file}: no such file or directory`;
  if (code === 'EACCES' || code === 'EPERM') return `${task.file}: permission denied`;
  return `${task.file}: read error: ${errorMessage(error)}${scanned}`;
}

/** An error thrown by the engine (a bug, not bad input), kept apart from read errors. */
class EngineFailure extends Error {}

async function scanFile(
  task: Extract<ScanTask, { kind: 'file' }>,
  engine: ScanEngine,
  settings: ReadSettings,
  sink: ReportSink,
): Promise<TaskOutcome> {
  const firstOffset = task.range?.start ?? 0;
  const chunker = new LineChunker({ chunkBytes: settings.chunkBytes, maxLineBytes: settings.maxLineBytes, firstLine: 1, firstOffset });
  let newlines = 0;
  let reportedInputBytes = 0;
  let emitted = false;
  /** leading whitespace held back until the layout is known ('sniff' only) */
  let sniffed: Buffer[] | null = task.layout === 'sniff' ? [] : null;
  let sniffedBytes = 0;
  /** the whole document, when the file is one JSON array */
  let arrayPieces: Buffer[] | null = null;
  let raw: ReadStream | null = null;
  const counter: ReadCounter = { bytesRead: 0 };

  const takeInputBytes = (): number => {
    const total = raw?.bytesRead ?? counter.bytesRead;
    const delta = total - reportedInputBytes;
    reportedInputBytes = total;
    return delta;
  };
  const emit = async (outputs: ChunkerOutput[]): Promise<void> => {
    for (const output of outputs) {
      emitted = true;
      if (output.kind === 'overlong') {
        newlines += 1;
        await sink(overlongReport(task.file, output, settings, takeInputBytes()));
        continue;
      }
      let result: ScanResult;
      try {
        result = await engine.scanChunk(output.bytes, {
          file: task.file,
          firstLine: output.firstLine,
          firstOffset: output.firstOffset,
          validate: settings.validate,
        });
      } catch (error) {
        throw new EngineFailure(errorMessage(error));
      }
      newlines += output.newlines;
      await sink(toReport(result, settings, output.bytes.length, takeInputBytes()));
    }
  };
  /** Feeds held-back and new bytes to the layout now chosen. */
  const feed = async (pieces: Buffer[]): Promise<void> => {
    for (const piece of pieces) {
      if (arrayPieces) arrayPieces.push(piece);
      else await emit(chunker.push(piece));
    }
  };

  try {
    let pieces: AsyncIterable<Buffer>;
    if (!task.gzip && task.layout === 'ndjson') {
      pieces = readPlain(task, chunker, settings.chunkBytes, counter);
    } else {
      const source = openStream(task, settings);
      raw = source.raw;
      pieces = source.decoded;
    }
    for await (const piece of pieces) {
      if (sniffed) {
        // NDJSON or one JSON array? The first significant byte decides.
        const first = firstSignificantByte(piece);
        sniffed.push(piece);
        sniffedBytes += piece.length;
        if (first === -1 && sniffedBytes < settings.chunkBytes) continue;
        if (first === OPEN_BRACKET) arrayPieces = [];
        const held = sniffed;
        sniffed = null;
        await feed(held);
        continue;
      }
      await feed([piece]);
    }
    if (sniffed) await feed(sniffed);
  } catch (error) {
    if (error instanceof EngineFailure) return { newlines, failure: `${task.file}: internal error while scanning: ${error.message}` };
    // Scan the whole lines read before the damage; the line it cut is not an event.
    try {
      if (!arrayPieces) await emit(chunker.endAtDamage());
    } catch (engineError) {
      return { newlines, failure: `${task.file}: internal error while scanning: ${errorMessage(engineError)}` };
    }
    return { newlines, failure: describeReadFailure(task, error, arrayPieces ? 0 : newlines) };
  } finally {
    raw?.destroy();
  }
  if (arrayPieces) return scanJsonArray(task.file, Buffer.concat(arrayPieces), engine, settings, sink, takeInputBytes());
  try {
    await emit(chunker.end());
  } catch (error) {
    return { newlines, failure: `${task.file}: internal error while scanning: ${errorMessage(error)}` };
  }
  if (!emitted) {
    // An empty file still reports once, so progress and byte counts add up.
    await sink({ alerts: [], errors: [], counters: emptyCounters(), bytes: 0, inputBytes: takeInputBytes() });
  }
  return { newlines, failure: null };
}
