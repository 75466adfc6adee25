/**
 * Messages between the main thread and scan workers. Everything here is plain data that
 * survives structured cloning.
 */
import type { Alert, EngineOptions, LineError, ScanCounters } from '../engine/engine.js';
import type { ByteRange } from '../input/ranges.js';
import type { LayoutHint } from '../input/sniff.js';

export interface ReadSettings {
  /** bytes of whole lines handed to the detector at once */
  chunkBytes: number;
  /** longer lines are dropped and reported as malformed */
  maxLineBytes: number;
  validate: boolean;
  /** per chunk, at most this many line errors travel back in full (the rest are counted) */
  errorDetailLimit: number;
}

export type ScanTask =
  /** a file, or a byte range of an uncompressed file; its lines are numbered from 1 */
  | { kind: 'file'; id: number; file: string; path: string; gzip: boolean; layout: LayoutHint; range: ByteRange | null }
  /** whole NDJSON lines read by the main thread (standard input), already numbered; `inputBytes` were read for them */
  | { kind: 'lines'; id: number; file: string; bytes: Uint8Array; firstLine: number; firstOffset: number; inputBytes: number }
  /** a whole JSON array document read by the main thread (standard input) */
  | { kind: 'json-array'; id: number; file: string; bytes: Uint8Array; inputBytes: number }
  /** a line of a stream input too long to keep: reported as malformed */
  | { kind: 'overlong'; id: number; file: string; line: number; offset: number; length: number };

/** What one chunk of a task produced. */
export interface ChunkReport {
  alerts: Alert[];
  /** the first `errorDetailLimit` line errors of the chunk */
  errors: LineError[];
  counters: ScanCounters;
  /** decompressed bytes covered by this chunk */
  bytes: number;
  /** bytes read from disk since the previous report (progress) */
  inputBytes: number;
}

/** How a task ended. */
export interface TaskOutcome {
  /** '\n' bytes in the task's bytes: lines before the next range of the same file */
  newlines: number;
  /** set when the input could not be read to its end (the message names the file) */
  failure: string | null;
}

export interface WorkerSetup {
  engine: EngineOptions;
  read: ReadSettings;
}

export type MainToWorker = { type: 'task'; task: ScanTask } | { type: 'ack'; taskId: number };

export type WorkerToMain =
  | { type: 'ready' }
  | { type: 'setup-failed'; message: string }
  | { type: 'chunk'; taskId: number; report: ChunkReport }
  | { type: 'done'; taskId: number; outcome: TaskOutcome };
