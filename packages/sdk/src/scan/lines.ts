/**
 * Splits a chunk of NDJSON (whole lines; a final line without `\n` counts as complete)
 * into lines without copying: `start`/`end` exclude the `\n` and a `\r` before it.
 */
export interface LineSpan {
  /** 0-based index of the line within the chunk */
  index: number;
  /** byte offset of the line's first byte within the chunk */
  start: number;
  /** byte offset just past the line's content (before `\r\n` / `\n`) */
  end: number;
}

export function* lineSpans(bytes: Uint8Array): Generator<LineSpan> {
  let start = 0;
  let index = 0;
  while (start < bytes.length) {
    let newline = bytes.indexOf(0x0a, start);
    if (newline === -1) newline = bytes.length;
    const end = newline > start && bytes[newline - 1] === 0x0d ? newline - 1 : newline;
    yield { index, start, end };
    index++;
    start = newline + 1;
  }
}

/** True for a line of only JSON whitespace (space, tab, CR, LF): skipped, never malformed. */
export function isBlank(bytes: Uint8Array, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    const byte = bytes[index];
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0d && byte !== 0x0a) return false;
  }
  return true;
}
