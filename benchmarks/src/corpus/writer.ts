/**
 * Writes a corpus to a file through a stream with backpressure (constant memory for any
 * size) and its expected alerts beside it.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ExpectationCollector, type ExpectedDocument, formatExpected } from './expected.js';
import { type CorpusLine, generateCorpus } from './generator.js';
import { type CorpusOptions, resolveOptions } from './options.js';
import type { CorpusRule } from './rules.js';

/** Lines are batched into chunks of about this many UTF-16 units before each write. */
const CHUNK_CHARACTERS = 1 << 20;

export interface WriteCorpusOptions {
  /** Path of the NDJSON corpus. */
  out: string;
  /** Path of the expected-alerts document (default `<out>.expected.json`). */
  expectedPath?: string;
  corpus: Partial<CorpusOptions>;
  rules: readonly CorpusRule[];
  /** Called after each chunk with the lines and bytes written so far. */
  onProgress?: (lines: number, bytes: number) => void;
}

export interface WriteCorpusResult {
  expected: ExpectedDocument;
  expectedPath: string;
}

export async function writeCorpus(options: WriteCorpusOptions): Promise<WriteCorpusResult> {
  const resolved = resolveOptions(options.corpus);
  const expectedPath = options.expectedPath ?? `${options.out}.expected.json`;
  const collector = new ExpectationCollector(basename(options.out), resolved, options.rules);
  const stream = createWriteStream(options.out, { highWaterMark: CHUNK_CHARACTERS * 2 });
  const failure = once(stream, 'error').then(([error]) => {
    throw error;
  });
  failure.catch(() => {});
  let chunk = '';
  let lines = 0;
  let bytes = 0;

  const write = async (data: string | Uint8Array): Promise<void> => {
    if (!stream.write(data)) await Promise.race([once(stream, 'drain'), failure]);
  };
  const flush = async (): Promise<void> => {
    if (chunk.length === 0) return;
    const text = chunk;
    chunk = '';
    await write(text);
    options.onProgress?.(lines, bytes);
  };

  try {
    for (const line of generateCorpus(resolved, options.rules) as Iterable<CorpusLine>) {
      collector.add(line);
      lines++;
      bytes += line.byteLength + 1;
      if (line.text !== undefined) {
        chunk += `${line.text}\n`;
        if (chunk.length >= CHUNK_CHARACTERS) await flush();
      } else {
        // A line that is not valid UTF-8 cannot travel in a string: write its bytes as they are.
        await flush();
        await write(line.bytes as Uint8Array);
        await write('\n');
      }
    }
    await flush();
    stream.end();
    await Promise.race([once(stream, 'finish'), failure]);
  } catch (error) {
    stream.destroy();
    throw error;
  }
  const expected = collector.finish();
  await writeFile(expectedPath, formatExpected(expected));
  return { expected, expectedPath };
}
