/**
 * Cuts a byte stream of NDJSON, chunked anywhere, into batches of whole lines that keep
 * their position in the stream (1-based line number and byte offset of the first line).
 *
 * It works on bytes, never on decoded text: the line feed byte 0x0A never occurs inside a
 * multi-byte UTF-8 sequence, so a chunk boundary inside a character is carried like any
 * other partial line and the detector sees the original bytes (which its alert ids and
 * UTF-8 validation depend on).
 *
 * A line longer than `maxLineBytes` is never buffered whole: it is reported as an
 * `overlong` piece and its bytes are skipped up to the next line feed, so a stream without
 * line feeds cannot make memory grow without bound. The same lines are overlong whatever
 * the chunking, so the output never depends on where the chunks were cut.
 */

const LINE_FEED = 0x0a;

/** Whole lines, ready for `Detector.scan`: every line but possibly the last ends in '\n'. */
export interface LineBatch {
  kind: 'lines';
  bytes: Uint8Array;
  /** 1-based number of the batch's first line within the stream */
  firstLine: number;
  /** byte offset of the batch's first byte within the stream */
  firstOffset: number;
  /** how many lines the batch holds */
  lineCount: number;
}

/** A line longer than the limit: reported, never scanned. */
export interface OverlongLine {
  kind: 'overlong';
  line: number;
  offset: number;
  /** the limit it exceeded, in bytes */
  maxLineBytes: number;
}

export type LinePiece = LineBatch | OverlongLine;

export interface LineSplitterOptions {
  /** largest batch handed out, in bytes (a single longer line still comes out whole, alone) */
  batchBytes: number;
  /** longest line accepted, in bytes, line feed excluded */
  maxLineBytes: number;
}

export class LineSplitter {
  readonly #batchBytes: number;
  readonly #maxLineBytes: number;
  /** pieces of the current, unfinished line */
  #carry: Uint8Array[] = [];
  #carryLength = 0;
  /** inside an overlong line: drop bytes until the next line feed */
  #skipping = false;
  /** line number and offset of the current (unfinished) line */
  #line = 1;
  #offset = 0;

  constructor(options: LineSplitterOptions) {
    this.#batchBytes = options.batchBytes;
    this.#maxLineBytes = options.maxLineBytes;
  }

  /** Line number the next line will get (1-based). */
  get nextLine(): number {
    return this.#line;
  }

  /** Bytes held for the unfinished line. */
  get bufferedBytes(): number {
    return this.#carryLength;
  }

  /** Takes one chunk; returns the pieces it completes, in stream order. */
  push(chunk: Uint8Array): LinePiece[] {
    const pieces: LinePiece[] = [];
    let start = 0;
    if (this.#skipping) {
      const end = indexOfLineFeed(chunk, 0);
      if (end < 0) {
        this.#offset += chunk.length;
        return pieces;
      }
      this.#skipping = false;
      this.#line += 1;
      this.#offset += end + 1;
      start = end + 1;
    }
    const lastLineFeed = lastIndexOfLineFeed(chunk);
    if (lastLineFeed >= start) {
      // Complete the carried line with the head of this chunk, then cut whole lines.
      const firstLineFeed = indexOfLineFeed(chunk, start);
      if (this.#carryLength > 0) {
        const head = chunk.subarray(start, firstLineFeed + 1);
        if (this.#carryLength + head.length - 1 > this.#maxLineBytes) {
          pieces.push(this.#overlong());
          this.#line += 1;
          this.#offset += this.#carryLength + head.length;
          this.#dropCarry();
        } else {
          this.#carry.push(head);
          const line = concatenate(this.#carry, this.#carryLength + head.length);
          this.#dropCarry();
          this.#cutLines(line, pieces);
        }
        start = firstLineFeed + 1;
      }
      if (lastLineFeed >= start) this.#cutLines(chunk.subarray(start, lastLineFeed + 1), pieces);
      start = lastLineFeed + 1;
    }
    this.#hold(chunk.subarray(start), pieces);
    return pieces;
  }

  /** End of stream: the unfinished line, if any, is a complete last line without '\n'. */
  finish(): LinePiece[] {
    if (this.#skipping || this.#carryLength === 0) {
      this.#skipping = false;
      return [];
    }
    const line = concatenate(this.#carry, this.#carryLength);
    const piece: LineBatch = { kind: 'lines', bytes: line, firstLine: this.#line, firstOffset: this.#offset, lineCount: 1 };
    this.#line += 1;
    this.#offset += line.length;
    this.#dropCarry();
    return [piece];
  }

  /** Keeps the tail of a chunk (no line feed in it) as the start of the next line. */
  #hold(tail: Uint8Array, pieces: LinePiece[]): void {
    if (tail.length === 0) return;
    if (this.#carryLength + tail.length > this.#maxLineBytes) {
      pieces.push(this.#overlong());
      this.#offset += this.#carryLength + tail.length;
      this.#dropCarry();
      this.#skipping = true;
      return;
    }
    // Copy: a view would pin the whole chunk's memory for the sake of a short tail.
    this.#carry.push(new Uint8Array(tail));
    this.#carryLength += tail.length;
  }

  /** `bytes` holds whole lines, each ending in '\n'; appends them as batches and overlong pieces. */
  #cutLines(bytes: Uint8Array, pieces: LinePiece[]): void {
    let batchStart = 0;
    let batchLines = 0;
    let batchFirstLine = this.#line;
    let batchFirstOffset = this.#offset;
    let lineStart = 0;
    const flushBatch = (end: number) => {
      if (end > batchStart) {
        pieces.push({
          kind: 'lines',
          bytes: bytes.subarray(batchStart, end),
          firstLine: batchFirstLine,
          firstOffset: batchFirstOffset,
          lineCount: batchLines,
        });
      }
    };
    while (lineStart < bytes.length) {
      const lineEnd = indexOfLineFeed(bytes, lineStart) + 1;
      const lineLength = lineEnd - lineStart;
      if (lineLength - 1 > this.#maxLineBytes) {
        flushBatch(lineStart);
        pieces.push(this.#overlong());
        batchStart = lineEnd;
        batchLines = 0;
        batchFirstLine = this.#line + 1;
        batchFirstOffset = this.#offset + lineLength;
      } else {
        if (lineEnd - batchStart > this.#batchBytes && lineStart > batchStart) {
          flushBatch(lineStart);
          batchStart = lineStart;
          batchLines = 0;
          batchFirstLine = this.#line;
          batchFirstOffset = this.#offset;
        }
        batchLines += 1;
      }
      this.#line += 1;
      this.#offset += lineLength;
      lineStart = lineEnd;
    }
    flushBatch(bytes.length);
  }

  #overlong(): OverlongLine {
    return { kind: 'overlong', line: this.#line, offset: this.#offset, maxLineBytes: this.#maxLineBytes };
  }

  #dropCarry(): void {
    this.#carry = [];
    this.#carryLength = 0;
  }
}

function indexOfLineFeed(bytes: Uint8Array, from: number): number {
  return bytes.indexOf(LINE_FEED, from);
}

function lastIndexOfLineFeed(bytes: Uint8Array): number {
  return bytes.lastIndexOf(LINE_FEED);
}

function concatenate(parts: Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const joined = new Uint8Array(length);
  let position = 0;
  for (const part of parts) {
    joined.set(part, position);
    position += part.length;
  }
  return joined;
}
