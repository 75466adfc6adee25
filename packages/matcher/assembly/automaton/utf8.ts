// Strict UTF-8 validation (Unicode Table 3-7: no overlongs, no surrogates, nothing past
// U+10FFFF). Patterns must pass it; values are never validated (see DESIGN.md).

/** Returns true when bytes [pointer, pointer + length) are well-formed UTF-8. */
export function isWellFormedUtf8(pointer: usize, length: u32): bool {
  let index: u32 = 0;
  while (index < length) {
    const lead = <u32>load<u8>(pointer + index);
    if (lead < 0x80) {
      index++;
      continue;
    }
    let continuation: u32 = 0;
    let secondLow: u32 = 0x80;
    let secondHigh: u32 = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      continuation = 1;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      continuation = 2;
      if (lead == 0xe0) secondLow = 0xa0;
      else if (lead == 0xed) secondHigh = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      continuation = 3;
      if (lead == 0xf0) secondLow = 0x90;
      else if (lead == 0xf4) secondHigh = 0x8f;
    } else {
      return false;
    }
    if (length - index <= continuation) return false;
    const second = <u32>load<u8>(pointer + index + 1);
    if (second < secondLow || second > secondHigh) return false;
    for (let offset: u32 = 2; offset <= continuation; offset++) {
      const next = <u32>load<u8>(pointer + index + offset);
      if (next < 0x80 || next > 0xbf) return false;
    }
    index += continuation + 1;
  }
  return true;
}
