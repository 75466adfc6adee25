import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type LinePiece, LineSplitter } from './line-splitter.js';

type LineRecord = { line: number; offset: number; text: string } | { line: number; offset: number; overlong: true };

/** What any chunking must produce: every line with its number and offset, by a plain split. */
function expectedLines(input: Uint8Array, maxLineBytes: number): LineRecord[] {
  const records: LineRecord[] = [];
  let start = 0;
  let line = 1;
  while (start < input.length) {
    const feed = input.indexOf(0x0a, start);
    const end = feed < 0 ? input.length : feed + 1;
    const contentLength = (feed < 0 ? input.length : feed) - start;
    records.push(
      contentLength > maxLineBytes
        ? { line, offset: start, overlong: true }
        : { line, offset: start, text: Buffer.from(input.subarray(start, end)).toString('latin1') },
    );
    line += 1;
    start = end;
  }
  return records;
}

/** Flattens pieces back into lines, checking each batch's own bookkeeping on the way. */
function actualLines(pieces: LinePiece[], batchBytes: number): LineRecord[] {
  const records: LineRecord[] = [];
  for (const piece of pieces) {
    if (piece.kind === 'overlong') {
      records.push({ line: piece.line, offset: piece.offset, overlong: true });
      continue;
    }
    const lines: Uint8Array[] = [];
    let start = 0;
    while (start < piece.bytes.length) {
      const feed = piece.bytes.indexOf(0x0a, start);
      const end = feed < 0 ? piece.bytes.length : feed + 1;
      lines.push(piece.bytes.subarray(start, end));
      start = end;
    }
    expect(piece.lineCount).toBe(lines.length);
    expect(lines.length).toBeGreaterThan(0);
    // a batch is over the limit only when it is one line alone
    if (piece.bytes.length > batchBytes) expect(lines.length).toBe(1);
    let offset = piece.firstOffset;
    lines.forEach((bytes, index) => {
      records.push({ line: piece.firstLine + index, offset, text: Buffer.from(bytes).toString('latin1') });
      offset += bytes.length;
    });
  }
  return records;
}

function split(input: Uint8Array, cuts: number[], options: { batchBytes: number; maxLineBytes: number }): LinePiece[] {
  const splitter = new LineSplitter(options);
  const pieces: LinePiece[] = [];
  const points = [...new Set(cuts.map((cut) => cut % (input.length + 1)))].sort((a, b) => a - b);
  let previous = 0;
  for (const point of [...points, input.length]) {
    pieces.push(...splitter.push(input.subarray(previous, point)));
    expect(splitter.bufferedBytes).toBeLessThanOrEqual(options.maxLineBytes);
    previous = point;
  }
  pieces.push(...splitter.finish());
  return pieces;
}

/** Bytes with many line feeds and multi-byte UTF-8 characters, so cuts land inside both. */
const ndjsonLikeBytes = fc
  .array(fc.oneof(fc.constant('\n'), fc.constant('é'), fc.constant('😀'), fc.constant('{"a":1}'), fc.string({ maxLength: 6 })), {
    maxLength: 40,
  })
  .map((parts) => new Uint8Array(Buffer.from(parts.join(''), 'utf8')));

describe('LineSplitter', () => {
  test.prop([ndjsonLikeBytes, fc.array(fc.nat(), { maxLength: 12 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 0, max: 40 })], {
    numRuns: 3000,
  })('any chunking yields every line once, in order, with its 1-based number and byte offset', (input, cuts, batchBytes, maxLineBytes) => {
    const options = { batchBytes, maxLineBytes };
    expect(actualLines(split(input, cuts, options), batchBytes)).toEqual(expectedLines(input, maxLineBytes));
  });

  it('carries a character cut between chunks as its original bytes', () => {
    const input = Buffer.from('{"name":"😀"}\n', 'utf8');
    const splitter = new LineSplitter({ batchBytes: 1024, maxLineBytes: 1024 });
    const pieces = [...splitter.push(input.subarray(0, 11)), ...splitter.push(input.subarray(11))];
    expect(pieces).toHaveLength(1);
    expect(Buffer.from((pieces[0] as { bytes: Uint8Array }).bytes).equals(input)).toBe(true);
  });

  it('counts a last line without a line feed, and nothing for a stream ending in one', () => {
    const splitter = new LineSplitter({ batchBytes: 1024, maxLineBytes: 1024 });
    expect(splitter.push(Buffer.from('a\nb'))).toEqual([
      { kind: 'lines', bytes: Buffer.from('a\n'), firstLine: 1, firstOffset: 0, lineCount: 1 },
    ]);
    expect(splitter.finish()).toEqual([
      { kind: 'lines', bytes: new Uint8Array(Buffer.from('b')), firstLine: 2, firstOffset: 2, lineCount: 1 },
    ]);
    const ended = new LineSplitter({ batchBytes: 1024, maxLineBytes: 1024 });
    ended.push(Buffer.from('a\n'));
    expect(ended.finish()).toEqual([]);
  });

  it('reports an overlong line as soon as it passes the limit, holds none of it, and resumes after it', () => {
    const splitter = new LineSplitter({ batchBytes: 1024, maxLineBytes: 4 });
    expect(splitter.push(Buffer.from('ok\n12345'))).toEqual([
      { kind: 'lines', bytes: Buffer.from('ok\n'), firstLine: 1, firstOffset: 0, lineCount: 1 },
      { kind: 'overlong', line: 2, offset: 3, maxLineBytes: 4 },
    ]);
    expect(splitter.bufferedBytes).toBe(0);
    expect(splitter.push(Buffer.from('6789'.repeat(1000)))).toEqual([]);
    expect(splitter.bufferedBytes).toBe(0);
    expect(splitter.push(Buffer.from('0\nnext\n'))).toEqual([
      { kind: 'lines', bytes: Buffer.from('next\n'), firstLine: 3, firstOffset: 4010, lineCount: 1 },
    ]);
  });
});
