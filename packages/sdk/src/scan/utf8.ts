/**
 * Index of the first byte of the first invalid UTF-8 sequence in `bytes[start, end)`, or
 * -1 when the range is valid UTF-8 (overlongs, surrogates and code points past U+10FFFF
 * are invalid, as for a fatal TextDecoder). Used to locate the error in a line that
 * failed to decode.
 */
export function firstInvalidUtf8(bytes: Uint8Array, start: number, end: number): number {
  let index = start;
  while (index < end) {
    const byte = bytes[index];
    if (byte < 0x80) {
      index++;
      continue;
    }
    let length: number;
    let minimum: number;
    let codePoint: number;
    if (byte >= 0xc2 && byte <= 0xdf) {
      length = 2;
      minimum = 0x80;
      codePoint = byte & 0x1f;
    } else if (byte >= 0xe0 && byte <= 0xef) {
      length = 3;
      minimum = 0x800;
      codePoint = byte & 0x0f;
    } else if (byte >= 0xf0 && byte <= 0xf4) {
      length = 4;
      minimum = 0x10000;
      codePoint = byte & 0x07;
    } else return index;
    if (index + length > end) return index;
    for (let offset = 1; offset < length; offset++) {
      const continuation = bytes[index + offset];
      if ((continuation & 0xc0) !== 0x80) return index;
      codePoint = (codePoint << 6) | (continuation & 0x3f);
    }
    if (codePoint < minimum || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff)) return index;
    index += length;
  }
  return -1;
}
