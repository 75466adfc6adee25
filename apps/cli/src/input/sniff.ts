import { open } from 'node:fs/promises';

/** What the first bytes of an input say about it. */
export interface Sniff {
  /** gzip magic number (1f 8b): the bytes are decompressed whatever the file is called */
  gzip: boolean;
  /** first byte that is not whitespace or a UTF-8 byte order mark, or -1 when none was seen */
  firstSignificantByte: number;
}

const SNIFF_BYTES = 64 * 1024;
export const OPEN_BRACKET = 0x5b;

export function isGzipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** First byte that is not JSON whitespace (nor a leading UTF-8 BOM), or -1. */
export function firstSignificantByte(bytes: Uint8Array): number {
  let index = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) index = 3;
  for (; index < bytes.length; index++) {
    const byte = bytes[index];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return byte;
  }
  return -1;
}

/** Reads the first bytes of a file (a pipe is never sniffed: it cannot be read twice). */
export async function sniffFile(path: string): Promise<Sniff> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    const head = buffer.subarray(0, bytesRead);
    return { gzip: isGzipMagic(head), firstSignificantByte: isGzipMagic(head) ? -1 : firstSignificantByte(head) };
  } finally {
    await handle.close();
  }
}

/**
 * How a file's content is laid out. `.ndjson` and `.jsonl` names are always NDJSON;
 * anything else (`.json`, stdin, other names) is a JSON array when its first significant
 * byte is '[' and NDJSON otherwise.
 */
export type LayoutHint = 'ndjson' | 'sniff';

export function layoutHintForName(name: string): LayoutHint {
  return /\.(ndjson|jsonl)(\.gz)?$/i.test(name) ? 'ndjson' : 'sniff';
}
