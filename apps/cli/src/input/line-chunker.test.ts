import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { type ChunkerOutput, countNewlines, LineChunker } from './line-chunker.js';

const encoder = new TextEncoder();

function feed(chunker: LineChunker, pieces: Uint8Array[]): ChunkerOutput[] {
  const outputs: ChunkerOutput[] = [];
  for (const piece of pieces) outputs.push(...chunker.push(piece));
  outputs.push(...chunker.end());
  return outputs;
}

/** Splits bytes at the given cut points (any order, duplicates allowed). */
function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((left, right) => left - right);
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const point of [...points, bytes.length]) {
    pieces.push(bytes.subarray(start, point));
    start = point;
  }
  return pieces;
}

describe('LineChunker', () => {
  it('numbers lines and offsets across chunks and carries the partial line over', () => {
    const chunker = new LineChunker({ chunkBytes: 8 });
    const outputs = feed(chunker, [encoder.encode('aaa\nbb'), encoder.encode('b\ncccccc'), encoder.encode('cc\nd')]);
    expect(
      outputs.map(
        (output) =>
          output.kind === 'chunk' && [Buffer.from(output.bytes).toString(), output.firstLine, output.firstOffset, output.newlines],
      ),
    ).toEqual([
      ['aaa\nbbb\n', 1, 0, 2],
      ['cccccccc\n', 3, 8, 1],
      ['d', 4, 17, 0],
    ]);
  });

  it('starts numbering where it is told to', () => {
    const outputs = feed(new LineChunker({ chunkBytes: 1, firstLine: 5, firstOffset: 100 }), [encoder.encode('x\ny\n')]);
    expect(outputs).toMatchObject([{ firstLine: 5, firstOffset: 100 }]);
  });

  it('emits nothing for an empty stream', () => {
    expect(feed(new LineChunker({ chunkBytes: 4 }), [new Uint8Array(0)])).toEqual([]);
  });

  it('drops an over-long line, reports where it was, and goes on with the next line', () => {
    const chunker = new LineChunker({ chunkBytes: 4, maxLineBytes: 10 });
    const outputs = feed(chunker, [
      encoder.encode('ok\n'),
      encoder.encode('x'.repeat(8)),
      encoder.encode('x'.repeat(8)),
      encoder.encode('x\nnext\n'),
    ]);
    const overlong = outputs.find((output) => output.kind === 'overlong');
    expect(overlong).toEqual({ kind: 'overlong', line: 2, offset: 3, length: 17 });
    const text = outputs
      .filter((output) => output.kind === 'chunk')
      .map((output) => Buffer.from((output as { bytes: Uint8Array }).bytes).toString());
    expect(text.join('')).toBe('ok\nnext\n');
    const last = outputs[outputs.length - 1];
    expect(last).toMatchObject({ kind: 'chunk', firstLine: 3, firstOffset: 21 });
  });

  it('after damage keeps the whole lines and drops the cut one', () => {
    const chunker = new LineChunker({ chunkBytes: 1000 });
    chunker.push(encoder.encode('one\ntwo\nthr'));
    const outputs = chunker.endAtDamage();
    expect(outputs).toHaveLength(1);
    expect(Buffer.from((outputs[0] as { bytes: Uint8Array }).bytes).toString()).toBe('one\ntwo\n');
    expect(chunker.end()).toEqual([]);
  });

  test.prop(
    [
      fc.array(fc.string({ maxLength: 12, unit: fc.constantFrom('a', 'é', '\n', '{', '"') }), { maxLength: 30 }),
      fc.array(fc.nat(), { maxLength: 10 }),
      fc.integer({ min: 1, max: 40 }),
    ],
    { numRuns: 2000 },
  )('chunks reassemble the stream, end at newlines, and carry reader-exact positions', (parts, cuts, chunkBytes) => {
    const bytes = encoder.encode(parts.join(''));
    const outputs = feed(new LineChunker({ chunkBytes }), splitAt(bytes, cuts));
    let offset = 0;
    let line = 1;
    for (const [index, output] of outputs.entries()) {
      expect(output.kind).toBe('chunk');
      if (output.kind !== 'chunk') return;
      expect(output.firstOffset).toBe(offset);
      expect(output.firstLine).toBe(line);
      expect(Buffer.from(output.bytes).equals(Buffer.from(bytes.subarray(offset, offset + output.bytes.length)))).toBe(true);
      expect(output.newlines).toBe(countNewlines(output.bytes));
      if (index < outputs.length - 1) expect(output.bytes[output.bytes.length - 1]).toBe(0x0a);
      offset += output.bytes.length;
      line += output.newlines;
    }
    expect(offset).toBe(bytes.length);
  });
});
