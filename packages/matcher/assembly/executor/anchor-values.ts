// The literal stage of an anchored line, narrowed to where a literal can matter.
//
// When literals follow their anchor (anchors.ts), a match needs a literal inside a value
// of the anchor's field, and that value lies inside the value of a key containing the
// anchor. When every anchor has a character that valid JSON has only inside strings
// (anything but whitespace, structure, number characters and the letters of true, false
// and null: `question` has `q`, `i`, `o`), every occurrence of the anchor text is inside
// a string; the string ends at the next quote not escaped by a backslash, and
// it is a key exactly when a `:` follows. So the literal search only needs, for every
// occurrence of the anchor, the extent of the value after that key: for a DNS event that
// is `{"name":"www.example.com","type":"A"}`, not the rest of a 1.7 KB line. Lines that
// are not valid JSON may be judged wrongly here, but they cannot match anyway (and with
// validation on they are parsed regardless); a value cut short by the end of the line is
// searched to the end, so that a truncated event is still parsed and reported.

import { ANCHOR_COUNT, ANCHOR_LIST, anchorAt } from './anchors';
import { lineHasLiteral } from './prefilter';

// @ts-ignore: decorator
@inline
function isWhitespace(byte: u32): bool {
  return byte == 0x20 || byte == 0x09 || byte == 0x0d || byte == 0x0a;
}

/** The position after the string whose body contains `at`: its closing quote + 1, or 0 at the end. */
function stringEnd(at: usize, end: usize): usize {
  while (at < end) {
    const byte = load<u8>(at);
    if (byte == 0x22) return at + 1;
    at += byte == 0x5c ? 2 : 1;
  }
  return 0;
}

/** The position after the JSON value starting at `at` (strings and nesting skipped), or 0. */
function valueEnd(at: usize, end: usize): usize {
  let depth: i32 = 0;
  while (at < end) {
    const byte = <u32>load<u8>(at);
    if (byte == 0x22) {
      at = stringEnd(at + 1, end);
      if (at == 0) return 0;
      if (depth == 0) return at;
      continue;
    }
    if (byte == 0x7b || byte == 0x5b) {
      depth++;
    } else if (byte == 0x7d || byte == 0x5d) {
      depth--;
      if (depth <= 0) return depth == 0 ? at + 1 : 0;
    } else if (depth == 0 && (byte == 0x2c || isWhitespace(byte))) {
      return at; // the end of a number or literal
    }
    at++;
  }
  return depth == 0 ? end : 0;
}

/** The first anchor occurrence in [at, end), or `end` (SIMD reads stay below `chunkEnd`). */
function nextAnchor(anchors: usize, at: usize, end: usize, chunkEnd: usize): usize {
  const count = load<u32>(anchors + ANCHOR_COUNT);
  const pointer0 = <usize>load<u32>(anchors + ANCHOR_LIST);
  const shift0 = <usize>load<u32>(anchors + ANCHOR_LIST + 4) - 1;
  const pointer1 = count > 1 ? <usize>load<u32>(anchors + ANCHOR_LIST + 8) : pointer0;
  const shift1 = count > 1 ? <usize>load<u32>(anchors + ANCHOR_LIST + 12) - 1 : shift0;
  if (ASC_FEATURE_SIMD) {
    // first and last byte of each anchor, 16 positions at a time, then an exact compare
    const first0 = i8x16.splat(load<u8>(pointer0));
    const last0 = i8x16.splat(load<u8>(pointer0 + shift0));
    const first1 = i8x16.splat(load<u8>(pointer1));
    const last1 = i8x16.splat(load<u8>(pointer1 + shift1));
    const reach = 16 + (shift0 > shift1 ? shift0 : shift1);
    while (at < end && at + reach <= chunkEnd) {
      const block = v128.load(at);
      const found = v128.or(
        v128.and(i8x16.eq(block, first0), i8x16.eq(v128.load(at + shift0), last0)),
        v128.and(i8x16.eq(block, first1), i8x16.eq(v128.load(at + shift1), last1)),
      );
      if (v128.any_true(found)) {
        let bits = <u32>i8x16.bitmask(found);
        if (end - at < 16) bits &= (<u32>1 << <u32>(end - at)) - 1;
        while (bits != 0) {
          const position = at + <usize>ctz(bits);
          for (let index: u32 = 0; index < count; index++) if (anchorAt(anchors, index, position, end)) return position;
          bits &= bits - 1;
        }
      }
      at += 16;
    }
  }
  const firstByte0 = <u32>load<u8>(pointer0);
  const firstByte1 = <u32>load<u8>(pointer1);
  while (at < end) {
    const byte = <u32>load<u8>(at);
    if (byte == firstByte0 || byte == firstByte1) {
      for (let index: u32 = 0; index < count; index++) if (anchorAt(anchors, index, at, end)) return at;
    }
    at++;
  }
  return end;
}

/**
 * Does some literal occur in the value of a key holding an anchor, on the line ending at
 * `lineEnd` whose first anchor is at `firstAnchor`? (`chunkEnd` bounds SIMD reads.)
 */
export function anchoredValuesHaveLiteral(anchors: usize, prefilter: usize, firstAnchor: usize, lineEnd: usize, chunkEnd: usize): bool {
  let at = firstAnchor;
  while (at < lineEnd) {
    let after = stringEnd(at, lineEnd);
    // a truncated line: search the rest, so that it is parsed and reported as malformed
    if (after == 0) return lineHasLiteral(prefilter, at, lineEnd, chunkEnd);
    while (after < lineEnd && isWhitespace(load<u8>(after))) after++;
    if (after < lineEnd && load<u8>(after) == 0x3a) {
      let start = after + 1;
      while (start < lineEnd && isWhitespace(load<u8>(start))) start++;
      const stop = valueEnd(start, lineEnd);
      if (stop == 0) return lineHasLiteral(prefilter, start, lineEnd, chunkEnd);
      if (lineHasLiteral(prefilter, start, stop, chunkEnd)) return true;
      // anchors nested in this value are inside a region already searched: go on after
      // it, which keeps the whole walk linear in the line
      at = nextAnchor(anchors, stop, lineEnd, chunkEnd);
    } else {
      at = nextAnchor(anchors, after, lineEnd, chunkEnd);
    }
  }
  return false;
}
