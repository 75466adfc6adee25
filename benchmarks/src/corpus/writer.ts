/**
 * Writes a corpus to a file through a stream with backpressure (constant memory for any
 * size) and its expected alerts beside it; optionally renders segments on worker threads.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ExpectationCollector, type ExpectedDocument, formatExpected } from './expected.js';
import { type CorpusLine, corpusContext, generateCorpus, generateSegment, SEGMENT_LINES } from './generator.js';
import { type CorpusOptions, resolveOptions } from './options.js';
import { renderInWorkers } from './parallel.js';
import type { CorpusRule } from './rules.js';
import type { SegmentTask } from './segment.js';

/** Lines are batched into chunks of about this many UTF-16 units before each write. */
const CHUNK_CHARACTERS = 1 << 20;

export interface WriteCorpusOptions {
  /** Path of the NDJSON corpus. */
  out: string;
  /** Path of the expected-alerts document (default `<out>.expected.json`). */
  expectedPath?: string;
  corpus: Partial<CorpusOptions>;
  rules: readonly CorpusRule[];
  /**
   * Worker threads rendering segments (0: all in this thread). The bytes are the same
   * either way. Workers need the built generator (dist/corpus/worker.js) and load the
   * rules from `rule.file`.
   */
  workers?: number;
  /** Called after each chunk with the lines and bytes written so far. */
  onProgress?: (lines: number, bytes: number) => void;
}

export interface WriteCorpusResult {
  expected: ExpectedDocument;
  expectedPath: string;
}

/** A file written in order, awaiting 'drain' whenever the stream asks to. */
class OrderedFile {
  private readonly stream;
  private readonly failure: Promise<never>;

  constructor(path: string) {
    this.stream = createWriteStream(path, { highWaterMark: CHUNK_CHARACTERS * 2 });
    this.failure = once(this.stream, 'error').then(([error]) => {
      throw error;
    });
    this.failure.catch(() => {});
  }

  async write(data: string | Uint8Array): Promise<void> {
    if (!this.stream.write(data)) await Promise.race([once(this.stream, 'drain'), this.failure]);
  }

  async close(): Promise<void> {
    this.stream.end();
    await Promise.race([once(this.stream, 'finish'), this.failure]);
  }

  destroy(): void {
    this.stream.destroy();
  }
}

export async function writeCorpus(options: WriteCorpusOptions): Promise<WriteCorpusResult> {
  const resolved = resolveOptions(options.corpus);
  const expectedPath = options.expectedPath ?? `${options.out}.expected.json`;
  const collector = new ExpectationCollector(basename(options.out), resolved, options.rules);
  const file = new OrderedFile(options.out);
  let lines = 0;
  let bytes = 0;

  let chunk = '';
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const text = chunk;
    chunk = '';
    await file.write(text);
    options.onProgress?.(lines, bytes);
  };
  /** Writes lines generated in this thread. */
  const writeLines = async (source: Iterable<CorpusLine>): Promise<void> => {
    for (const line of source) {
      collector.add(line);
      lines++;
      bytes += line.byteLength + 1;
      if (line.text !== undefined) {
        chunk += `${line.text}\n`;
        if (chunk.length >= CHUNK_CHARACTERS) await flush();
      } else {
        // A line that is not valid UTF-8 cannot travel in a string: write its bytes as they are.
        await flush();
        await file.write(line.bytes as Uint8Array);
        await file.write('\n');
      }
    }
    await flush();
  };

  // Small corpora are not worth starting threads for.
  const workers = options.workers ?? 0;
  const parallel =
    workers > 0 &&
    (resolved.events === undefined || resolved.events > 2 * SEGMENT_LINES) &&
    (resolved.bytes === undefined || resolved.bytes > 2 * SEGMENT_LINES * 1024);
  try {
    if (!parallel) {
      await writeLines(generateCorpus(resolved, options.rules));
    } else {
      const ruleFiles = options.rules.map((rule) => rule.file);
      for await (const result of renderInWorkers({ options: resolved, ruleFiles, out: options.out, workers }, segmentTasks(resolved))) {
        if (resolved.bytes !== undefined && bytes + result.bytes.length >= resolved.bytes) {
          // The last segment: only the lines up to the one that reaches the size, rendered here.
          let needed = 0;
          for (let total = bytes; total < resolved.bytes; needed++) total += result.lineLengths[needed] as number;
          await writeLines(generateSegment(corpusContext(resolved, options.rules), result.segment, needed));
          break;
        }
        await file.write(result.bytes);
        collector.merge(result.expected);
        lines += result.count;
        bytes += result.bytes.length;
        options.onProgress?.(lines, bytes);
      }
    }
    await file.close();
  } catch (error) {
    file.destroy();
    throw error;
  }
  const expected = collector.finish();
  await writeFile(expectedPath, formatExpected(expected));
  return { expected, expectedPath };
}

/** Segment tasks: as many as `events` needs, or an endless run for `bytes`. */
function* segmentTasks(options: CorpusOptions): Generator<SegmentTask> {
  for (let segment = 0; ; segment++) {
    if (options.events === undefined) {
      yield { segment, count: SEGMENT_LINES };
      continue;
    }
    const remaining = options.events - segment * SEGMENT_LINES;
    if (remaining <= 0) return;
    yield { segment, count: Math.min(SEGMENT_LINES, remaining) };
  }
}
