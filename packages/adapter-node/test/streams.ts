import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** Pipes `chunks` through `transform` and collects everything it outputs. */
export async function runThrough<T>(transform: NodeJS.ReadWriteStream, chunks: unknown[]): Promise<T[]> {
  const outputs: T[] = [];
  await pipeline(
    Readable.from(chunks, { objectMode: true }),
    transform,
    new Writable({
      objectMode: true,
      write(item, _encoding, callback) {
        outputs.push(item as T);
        callback();
      },
    }),
  );
  return outputs;
}

/** Cuts `bytes` at the given points (taken modulo its length, deduplicated, sorted). */
export function cut(bytes: Uint8Array, points: number[]): Uint8Array[] {
  const sorted = [...new Set(points.map((point) => point % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let previous = 0;
  for (const point of [...sorted, bytes.length]) {
    chunks.push(bytes.subarray(previous, point));
    previous = point;
  }
  return chunks.filter((chunk) => chunk.length > 0);
}
