import { open } from 'node:fs/promises';

/**
 * Splits a large uncompressed NDJSON file into byte ranges that workers scan in parallel.
 * Every range but the first starts just after the first '\n' at or after its nominal
 * start offset, and ends where the next range starts, so each line belongs to exactly one
 * range. Line numbers are fixed afterwards: a range's lines are numbered from 1 by its
 * worker, which also counts its newlines, and the main thread adds the counts of the
 * ranges before it (see scan/ordered-output.ts).
 */
export interface ByteRange {
  start: number;
  /** exclusive */
  end: number;
}

const PROBE_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

/** Offset just after the first '\n' at or after `from`, or `size` when there is none. */
export async function nextLineStart(path: string, from: number, size: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(PROBE_BYTES);
    let position = from;
    while (position < size) {
      const { bytesRead } = await handle.read(buffer, 0, PROBE_BYTES, position);
      if (bytesRead === 0) break;
      const newline = buffer.subarray(0, bytesRead).indexOf(NEWLINE);
      if (newline !== -1) return position + newline + 1;
      position += bytesRead;
    }
    return size;
  } finally {
    await handle.close();
  }
}

/**
 * Ranges of about `rangeBytes` each covering [0, size) without gaps or overlaps; empty
 * ranges (a nominal start inside the file's last line) are left out.
 */
export async function planRanges(path: string, size: number, rangeBytes: number): Promise<ByteRange[]> {
  if (!(rangeBytes > 0)) throw new RangeError('rangeBytes must be positive');
  const starts = [0];
  for (let nominal = rangeBytes; nominal < size; nominal += rangeBytes) {
    const start = await nextLineStart(path, nominal, size);
    if (start > starts[starts.length - 1] && start < size) starts.push(start);
  }
  return starts.map((start, index) => ({ start, end: index + 1 < starts.length ? starts[index + 1] : size }));
}
