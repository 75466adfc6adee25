/**
 * Cuts a byte stream into chunks of whole NDJSON lines, carrying the partial last line
 * over to the next chunk, and numbers them exactly as one reader of the whole stream
 * would: `firstLine` is the 1-based line number of a chunk's first line, `firstOffset`
 * the byte offset of its first byte.
 *
 * Memory stays bounded by the chunk size plus the longest line; a line longer than
 * `maxLineBytes` is not kept at all: its bytes are dropped up to its newline and it is
 * reported as an over-long line, so one corrupt or absurd line cannot exhaust memory.
 */

const NEWLINE = 0x0a;

export interface LineChunk {
  kind: 'chunk';
  /** whole lines; every line ends with '\n' except possibly the last chunk's last line */
  bytes: Uint8Array;
  firstLine: number;
  firstOffset: number;
  /** number of '\n' bytes in `bytes` (lines after this chunk start at firstLine + newlines) */
  newlines: number;
}

export interface OverlongLine {
  kind: 'overlong';
  line: number;
  offset: number;
  /** bytes of the line, newline excluded */
  length: number;
}

export type ChunkerOutput = LineChunk | OverlongLine;

export interface LineChunkerOptions {
  /** emit a chunk once this many bytes of whole lines are buffered */
  chunkBytes: number;
  /** a single line longer than this is dropped and reported (default 64 MiB) */
  maxLineBytes?: number;
  firstLine?: number;
  firstOffset?: number;
}

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

/** Number of '\n' bytes in `bytes`. */
export function countNewlines(bytes: Uint8Array): number {
  let count = 0;
  let position = bytes.indexOf(NEWLINE);
  while (position !== -1) {
    count++;
    position = bytes.indexOf(NEWLINE, position + 1);
  }
  return count;
}

export class LineChunker {
  private readonly chunkBytes: number;
  private readonly maxLineBytes: number;
  private pieces: Uint8Array[] = [];
  private bufferedBytes = 0;
  /** whether some buffered piece holds a '\n' (without one there is nothing to cut) */
  private bufferHasNewline = false;
  private nextLine: number;
  private nextOffset: number;
  /** while dropping an over-long line: where it started */
  private overlong: { line: number; offset: number; length: number } | null = null;

  constructor(options: LineChunkerOptions) {
    if (!(options.chunkBytes > 0)) throw new RangeError('chunkBytes must be positive');
    this.chunkBytes = options.chunkBytes;
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.nextLine = options.firstLine ?? 1;
    this.nextOffset = options.firstOffset ?? 0;
  }

  /** Line number the next emitted byte belongs to. */
  get line(): number {
    return this.nextLine;
  }

  /** Offset of the next byte not yet emitted (bytes held in the buffer are not counted). */
  get offset(): number {
    return this.nextOffset;
  }

  /** Feeds bytes; returns the chunks (and over-long lines) now complete. */
  push(piece: Uint8Array): ChunkerOutput[] {
    const output: ChunkerOutput[] = [];
    let rest = piece;
    if (this.overlong) {
      rest = this.skipOverlong(rest, output);
      if (this.overlong) return output;
    }
    if (rest.length === 0) return output;
    this.pieces.push(rest);
    this.bufferedBytes += rest.length;
    if (!this.bufferHasNewline && rest.indexOf(NEWLINE) !== -1) this.bufferHasNewline = true;
    if (this.bufferedBytes >= this.chunkBytes && this.bufferHasNewline) {
      this.cut(output);
    } else if (!this.bufferHasNewline && this.bufferedBytes > this.maxLineBytes) {
      // One unfinished line already longer than any event can be: stop keeping it.
      this.overlong = { line: this.nextLine, offset: this.nextOffset, length: this.bufferedBytes };
      this.pieces = [];
      this.bufferedBytes = 0;
    }
    return output;
  }

  /** Ends the stream: the buffered remainder (a last line without '\n') becomes a chunk. */
  end(): ChunkerOutput[] {
    const output: ChunkerOutput[] = [];
    if (this.overlong) {
      const { line, offset, length } = this.overlong;
      this.overlong = null;
      output.push({ kind: 'overlong', line, offset, length });
      this.nextOffset += length;
      return output;
    }
    if (this.bufferedBytes === 0) return output;
    const bytes = this.takeAll();
    const newlines = countNewlines(bytes);
    output.push({ kind: 'chunk', bytes, firstLine: this.nextLine, firstOffset: this.nextOffset, newlines });
    this.nextLine += newlines;
    this.nextOffset += bytes.length;
    return output;
  }

  /**
   * Hands over the bytes held for the next chunk (usually the partial last line), so that
   * a reader can put them in front of the bytes it reads next and push both back as one
   * piece: chunks are then made without copying whole reads.
   */
  takePending(): Uint8Array {
    if (this.bufferedBytes === 0) return new Uint8Array(0);
    return this.takeAll();
  }

  /**
   * Ends a stream that broke off (a read error): the buffered whole lines become a chunk,
   * and the partial line after them, cut by the damage, is dropped (it is not an event).
   */
  endAtDamage(): ChunkerOutput[] {
    const output: ChunkerOutput[] = [];
    if (this.bufferHasNewline) this.cut(output);
    this.discardPartial();
    return output;
  }

  /**
   * Discards the buffered partial line (after a read error: it was cut by the damage and
   * is not an event) and returns how many bytes were dropped.
   */
  discardPartial(): number {
    const dropped = this.bufferedBytes + (this.overlong?.length ?? 0);
    this.pieces = [];
    this.bufferedBytes = 0;
    this.bufferHasNewline = false;
    this.overlong = null;
    return dropped;
  }

  private takeAll(): Uint8Array {
    const bytes = this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces, this.bufferedBytes);
    this.pieces = [];
    this.bufferedBytes = 0;
    this.bufferHasNewline = false;
    return bytes;
  }

  private cut(output: ChunkerOutput[]): void {
    const buffer = this.takeAll();
    const lastNewline = buffer.lastIndexOf(NEWLINE);
    const bytes = buffer.subarray(0, lastNewline + 1);
    const newlines = countNewlines(bytes);
    output.push({ kind: 'chunk', bytes, firstLine: this.nextLine, firstOffset: this.nextOffset, newlines });
    this.nextLine += newlines;
    this.nextOffset += bytes.length;
    const carry = buffer.subarray(lastNewline + 1);
    if (carry.length > this.maxLineBytes) {
      this.overlong = { line: this.nextLine, offset: this.nextOffset, length: carry.length };
    } else if (carry.length > 0) {
      // Copy so the emitted chunk's buffer is not kept alive by the carried tail.
      this.pieces = [new Uint8Array(carry)];
      this.bufferedBytes = carry.length;
    }
  }

  /** Drops bytes of the current over-long line up to its newline; returns what follows. */
  private skipOverlong(piece: Uint8Array, output: ChunkerOutput[]): Uint8Array {
    const overlong = this.overlong;
    if (!overlong) return piece;
    const newline = piece.indexOf(NEWLINE);
    if (newline === -1) {
      overlong.length += piece.length;
      return piece.subarray(piece.length);
    }
    overlong.length += newline;
    output.push({ kind: 'overlong', line: overlong.line, offset: overlong.offset, length: overlong.length });
    this.overlong = null;
    this.nextLine += 1;
    this.nextOffset += overlong.length + 1;
    return piece.subarray(newline + 1);
  }
}
