/**
 * One segment of a corpus rendered to bytes with its expectations: the unit of work a
 * worker thread does (and the main thread, for the last, partial segment of a `--bytes` run).
 */
import { basename } from 'node:path';
import { ExpectationCollector, type ExpectedDocument } from './expected.js';
import { type CorpusContext, generateSegment } from './generator.js';

export interface SegmentTask {
  segment: number;
  /** Lines to generate: a whole segment, or fewer for the last one. */
  count: number;
}

export interface SegmentResult extends SegmentTask {
  /** The lines, each followed by a newline. */
  bytes: Uint8Array;
  /** Byte length of each line, its newline included. */
  lineLengths: Int32Array;
  expected: ExpectedDocument;
}

export function renderSegment(context: CorpusContext, task: SegmentTask, out: string): SegmentResult {
  const collector = new ExpectationCollector(basename(out), context.options, context.rules);
  const lineLengths = new Int32Array(task.count);
  const parts: Array<string | Uint8Array> = [];
  let text = '';
  let index = 0;
  for (const line of generateSegment(context, task.segment, task.count)) {
    collector.add(line);
    lineLengths[index++] = line.byteLength + 1;
    if (line.text !== undefined) text += `${line.text}\n`;
    else {
      // Not valid UTF-8: keep the bytes as they are.
      parts.push(text, line.bytes as Uint8Array, NEWLINE);
      text = '';
    }
  }
  parts.push(text);
  // A fresh buffer of its own (never a slice of Node's shared pool): it is transferred to the main thread.
  const encoded = parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : part));
  const bytes = new Uint8Array(encoded.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of encoded) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return { ...task, bytes, lineLengths, expected: collector.finish() };
}

const NEWLINE = Uint8Array.of(10);
