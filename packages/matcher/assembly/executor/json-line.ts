// One forward pass over one NDJSON line: checks that it is exactly one JSON object in
// well-formed UTF-8 (the same answer as strict UTF-8 decoding + JSON.parse + "is a plain
// object", see DESIGN.md "What counts as malformed"), and extracts the plan's fields on
// the way. Nothing is built for the rest of the document: keys outside the field trie
// are checked and skipped, and so is everything under them.
//
// No recursion: open objects and arrays live on an explicit stack of at most MAX_DEPTH
// frames (Fluent Bit's WAMR stack is 8 KiB). Every read is bounded by the line end
// (the SIMD string skipper reads at most to the chunk end), so no input can trap.

import {
  LINE_CONTROL_CHARACTER, LINE_INVALID_ESCAPE, LINE_INVALID_NUMBER, LINE_INVALID_UTF8, LINE_NOT_AN_OBJECT,
  LINE_OUT_OF_MEMORY, LINE_TOO_DEEP, LINE_TRAILING_CONTENT, LINE_UNEXPECTED_CHARACTER, LINE_UNEXPECTED_END, MAX_DEPTH,
} from './errors';
import { NO_NODE, nodeField, trieWalkKey } from './field-trie';
import {
  TYPE_FALSE, TYPE_NUMBER, TYPE_STRING, TYPE_TRUE, decodeAdvance, decodeCursor, enterKey, leaveKey, popSeen, recordValue,
  seenLength,
} from './value-log';

// frame stack: container kind, trie node, first seen-key entry, current seen-key entry
const KIND_OBJECT: u32 = 0;
const KIND_ARRAY: u32 = 1;
const frameKinds = memory.data((MAX_DEPTH + 1) << 2);
const frameNodes = memory.data((MAX_DEPTH + 1) << 2);
const frameSeenStarts = memory.data((MAX_DEPTH + 1) << 2);
const frameCurrentKeys = memory.data((MAX_DEPTH + 1) << 2);

const STATE_VALUE: u32 = 0;
const STATE_FIRST_KEY: u32 = 1;
const STATE_KEY: u32 = 2;
const STATE_FIRST_ELEMENT: u32 = 3;
const STATE_AFTER_VALUE: u32 = 4;

/** Byte column (0-based, within the line) of the last line error. */
export let errorColumn: u32 = 0;

// results of scanString
let stringEscaped = false;
let stringError: i32 = 0;
let stringErrorAt: usize = 0;

// @ts-ignore: decorator
@inline
function isWhitespace(byte: u32): bool {
  return byte == 0x20 || byte == 0x09 || byte == 0x0d || byte == 0x0a;
}

// @ts-ignore: decorator
@inline
function isDigit(byte: u32): bool {
  return byte - 0x30 < 10;
}

function hexValue(byte: u32): i32 {
  if (byte - 0x30 < 10) return <i32>(byte - 0x30);
  const lower = byte | 0x20;
  if (lower - 0x61 < 6) return <i32>(lower - 0x61 + 10);
  return -1;
}

/**
 * Length (1–4) of the well-formed UTF-8 sequence at `at` (Unicode Table 3-7: no
 * overlongs, no surrogates, nothing past U+10FFFF), or 0 when it is not one.
 */
export function utf8SequenceLength(at: usize, end: usize): u32 {
  const lead = <u32>load<u8>(at);
  if (lead < 0x80) return 1;
  let length: u32 = 0;
  let low: u32 = 0x80;
  let high: u32 = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    if (lead == 0xe0) low = 0xa0;
    else if (lead == 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    if (lead == 0xf0) low = 0x90;
    else if (lead == 0xf4) high = 0x8f;
  } else {
    return 0;
  }
  if (<usize>length > end - at) return 0;
  const second = <u32>load<u8>(at + 1);
  if (second < low || second > high) return 0;
  for (let index: u32 = 2; index < length; index++) {
    const next = <u32>load<u8>(at + index);
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return length;
}

/**
 * Scans a string body from `at` (just after its opening quote). Returns the position of
 * the closing quote, or 0 with stringError/stringErrorAt set. Sets stringEscaped when
 * the body has a backslash escape (it must then be decoded before use).
 */
function scanString(at: usize, end: usize, chunkEnd: usize): usize {
  stringEscaped = false;
  while (true) {
    if (ASC_FEATURE_SIMD) {
      // skip 16 ordinary bytes at a time: stop at '"', '\', a control byte or a non-ASCII
      // byte (signed compare: bytes >= 0x80 are negative). The line end is a '\n', a '\r'
      // or the chunk end, so the skip never passes it.
      const quote = i8x16.splat(0x22);
      const backslash = i8x16.splat(0x5c);
      const control = i8x16.splat(0x20);
      while (at + 16 <= chunkEnd) {
        const block = v128.load(at);
        const special = v128.or(v128.or(i8x16.eq(block, quote), i8x16.eq(block, backslash)), i8x16.lt_s(block, control));
        const bits = i8x16.bitmask(special);
        if (bits == 0) {
          at += 16;
          continue;
        }
        at += <usize>ctz(bits);
        break;
      }
    }
    if (at >= end) {
      stringError = LINE_UNEXPECTED_END;
      stringErrorAt = end;
      return 0;
    }
    const byte = <u32>load<u8>(at);
    if (byte == 0x22) return at;
    if (byte == 0x5c) {
      if (at + 1 >= end) {
        stringError = LINE_UNEXPECTED_END;
        stringErrorAt = end;
        return 0;
      }
      const escape = <u32>load<u8>(at + 1);
      if (escape == 0x75) {
        for (let index: usize = 2; index < 6; index++) {
          if (at + index >= end) {
            stringError = LINE_UNEXPECTED_END;
            stringErrorAt = end;
            return 0;
          }
          if (hexValue(load<u8>(at + index)) < 0) {
            stringError = LINE_INVALID_ESCAPE;
            stringErrorAt = at;
            return 0;
          }
        }
        at += 6;
      } else if (escape == 0x22 || escape == 0x5c || escape == 0x2f || escape == 0x62 || escape == 0x66 || escape == 0x6e || escape == 0x72 || escape == 0x74) {
        at += 2;
      } else {
        stringError = LINE_INVALID_ESCAPE;
        stringErrorAt = at;
        return 0;
      }
      stringEscaped = true;
      continue;
    }
    if (byte < 0x20) {
      stringError = LINE_CONTROL_CHARACTER;
      stringErrorAt = at;
      return 0;
    }
    if (byte >= 0x80) {
      const length = utf8SequenceLength(at, end);
      if (length == 0) {
        stringError = LINE_INVALID_UTF8;
        stringErrorAt = at;
        return 0;
      }
      at += length;
      continue;
    }
    at++;
  }
  return 0;
}

function hex4(at: usize): u32 {
  return (<u32>hexValue(load<u8>(at)) << 12) | (<u32>hexValue(load<u8>(at + 1)) << 8) | (<u32>hexValue(load<u8>(at + 2)) << 4) | <u32>hexValue(load<u8>(at + 3));
}

/**
 * Decodes a string body [from, to) already checked by scanString into the decode area;
 * returns its UTF-8 length. Surrogate pairs combine; an unpaired surrogate escape becomes
 * U+FFFD (SEMANTICS.md "Types").
 */
function decodeString(from: usize, to: usize): u32 {
  const start = decodeCursor();
  let out = start;
  let at = from;
  while (at < to) {
    const byte = <u32>load<u8>(at);
    if (byte != 0x5c) {
      store<u8>(out++, <u8>byte);
      at++;
      continue;
    }
    const escape = <u32>load<u8>(at + 1);
    if (escape != 0x75) {
      let decoded: u32 = escape; // '"', '\', '/'
      if (escape == 0x62) decoded = 0x08;
      else if (escape == 0x66) decoded = 0x0c;
      else if (escape == 0x6e) decoded = 0x0a;
      else if (escape == 0x72) decoded = 0x0d;
      else if (escape == 0x74) decoded = 0x09;
      store<u8>(out++, <u8>decoded);
      at += 2;
      continue;
    }
    let codePoint = hex4(at + 2);
    at += 6;
    if (codePoint >= 0xd800 && codePoint <= 0xdbff) {
      if (at + 6 <= to && load<u8>(at) == 0x5c && load<u8>(at + 1) == 0x75) {
        const low = hex4(at + 2);
        if (low >= 0xdc00 && low <= 0xdfff) {
          codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (low - 0xdc00);
          at += 6;
        } else {
          codePoint = 0xfffd;
        }
      } else {
        codePoint = 0xfffd;
      }
    } else if (codePoint >= 0xdc00 && codePoint <= 0xdfff) {
      codePoint = 0xfffd;
    }
    if (codePoint < 0x80) {
      store<u8>(out++, <u8>codePoint);
    } else if (codePoint < 0x800) {
      store<u8>(out++, <u8>(0xc0 | (codePoint >> 6)));
      store<u8>(out++, <u8>(0x80 | (codePoint & 0x3f)));
    } else if (codePoint < 0x10000) {
      store<u8>(out++, <u8>(0xe0 | (codePoint >> 12)));
      store<u8>(out++, <u8>(0x80 | ((codePoint >> 6) & 0x3f)));
      store<u8>(out++, <u8>(0x80 | (codePoint & 0x3f)));
    } else {
      store<u8>(out++, <u8>(0xf0 | (codePoint >> 18)));
      store<u8>(out++, <u8>(0x80 | ((codePoint >> 12) & 0x3f)));
      store<u8>(out++, <u8>(0x80 | ((codePoint >> 6) & 0x3f)));
      store<u8>(out++, <u8>(0x80 | (codePoint & 0x3f)));
    }
  }
  const length = <u32>(out - start);
  decodeAdvance(length);
  return length;
}

// results of a string's text: where its decoded bytes are
let textPointer: usize = 0;
let textLength: u32 = 0;

/** Points textPointer/textLength at the decoded text of the string body [from, to). */
function stringText(from: usize, to: usize): void {
  if (stringEscaped) {
    textPointer = decodeCursor();
    textLength = decodeString(from, to);
  } else {
    textPointer = from;
    textLength = <u32>(to - from);
  }
}

/** Scans a number from `at`; returns its end, or 0 when it breaks the grammar. */
function scanNumber(at: usize, end: usize): usize {
  if (load<u8>(at) == 0x2d) {
    at++;
    if (at >= end) return 0;
  }
  const first = <u32>load<u8>(at);
  if (first == 0x30) {
    at++;
  } else if (first - 0x31 < 9) {
    at++;
    while (at < end && isDigit(load<u8>(at))) at++;
  } else {
    return 0;
  }
  if (at < end && load<u8>(at) == 0x2e) {
    at++;
    if (at >= end || !isDigit(load<u8>(at))) return 0;
    while (at < end && isDigit(load<u8>(at))) at++;
  }
  if (at < end && (load<u8>(at) | 0x20) == 0x65) {
    at++;
    if (at < end && (load<u8>(at) == 0x2b || load<u8>(at) == 0x2d)) at++;
    if (at >= end || !isDigit(load<u8>(at))) return 0;
    while (at < end && isDigit(load<u8>(at))) at++;
  }
  // `01`, `1.2.3`, `1e5e5`: a number may not run straight into more number characters
  if (at < end) {
    const next = <u32>load<u8>(at);
    if (isDigit(next) || next == 0x2e || next == 0x2b || next == 0x2d || (next | 0x20) == 0x65) return 0;
  }
  return at;
}

/** Checks the literal `word` (4 or 5 ASCII bytes packed little-endian) at `at`; returns its end or 0. */
function matchWord(at: usize, end: usize, word: u64, length: u32): usize {
  for (let index: u32 = 0; index < length; index++) {
    if (at + index >= end) return 0;
    if (<u64>load<u8>(at + index) != ((word >> (index * 8)) & 0xff)) return 0;
  }
  return at + length;
}

/** The error for an unexpected byte at `at`: invalid UTF-8 when it is not part of a well-formed sequence. */
function unexpectedByte(at: usize, end: usize): i32 {
  const byte = <u32>load<u8>(at);
  if (byte >= 0x80 && utf8SequenceLength(at, end) == 0) return LINE_INVALID_UTF8;
  return LINE_UNEXPECTED_CHARACTER;
}

/**
 * Parses the line [start, end). `rootNode` is the trie root to extract the plan's fields
 * (0), or NO_NODE to check the line only. `chunkEnd` bounds the SIMD string skipper's
 * reads. `trie` is the plan's field trie. Returns 0, or a line error code with
 * errorColumn set (0-based byte offset within the line).
 */
export function parseLine(trie: usize, rootNode: i32, start: usize, end: usize, chunkEnd: usize): i32 {
  let at = start;
  let depth: i32 = 0;
  let state = STATE_VALUE;
  let valueNode = rootNode;
  while (true) {
    while (at < end && isWhitespace(load<u8>(at))) at++;
    if (at >= end) {
      if (depth == 0 && state == STATE_AFTER_VALUE) return 0;
      errorColumn = <u32>(end - start);
      return LINE_UNEXPECTED_END;
    }
    const byte = <u32>load<u8>(at);

    if (state == STATE_AFTER_VALUE) {
      if (depth == 0) {
        errorColumn = <u32>(at - start);
        return byte >= 0x80 && utf8SequenceLength(at, end) == 0 ? LINE_INVALID_UTF8 : LINE_TRAILING_CONTENT;
      }
      const slot = <usize>(depth - 1) << 2;
      const kind = load<u32>(frameKinds + slot);
      if (byte == 0x2c) {
        at++;
        if (kind == KIND_OBJECT) {
          state = STATE_KEY;
        } else {
          state = STATE_VALUE;
          valueNode = load<i32>(frameNodes + slot);
        }
        continue;
      }
      if ((kind == KIND_OBJECT && byte == 0x7d) || (kind == KIND_ARRAY && byte == 0x5d)) {
        at++;
        if (kind == KIND_OBJECT && load<i32>(frameNodes + slot) != NO_NODE) {
          const current = load<i32>(frameCurrentKeys + slot);
          if (current >= 0) leaveKey(current);
          popSeen(load<u32>(frameSeenStarts + slot));
        }
        depth--;
        continue;
      }
      errorColumn = <u32>(at - start);
      return unexpectedByte(at, end);
    }

    if (state == STATE_FIRST_KEY || state == STATE_KEY) {
      const slot = <usize>(depth - 1) << 2;
      if (state == STATE_FIRST_KEY && byte == 0x7d) {
        at++;
        if (load<i32>(frameNodes + slot) != NO_NODE) popSeen(load<u32>(frameSeenStarts + slot));
        depth--;
        state = STATE_AFTER_VALUE;
        continue;
      }
      if (byte != 0x22) {
        errorColumn = <u32>(at - start);
        return unexpectedByte(at, end);
      }
      const keyStart = at + 1;
      const keyEnd = scanString(keyStart, end, chunkEnd);
      if (keyEnd == 0) {
        errorColumn = <u32>(stringErrorAt - start);
        return stringError;
      }
      at = keyEnd + 1;
      const objectNode = load<i32>(frameNodes + slot);
      valueNode = NO_NODE;
      if (objectNode != NO_NODE) {
        const current = load<i32>(frameCurrentKeys + slot);
        if (current >= 0) leaveKey(current);
        stringText(keyStart, keyEnd);
        valueNode = trieWalkKey(trie, objectNode, textPointer, textLength);
        let entry: i32 = -1;
        if (valueNode != NO_NODE) {
          entry = enterKey(load<u32>(frameSeenStarts + slot), textPointer, textLength);
          if (entry < 0) {
            errorColumn = <u32>(keyStart - 1 - start);
            return LINE_OUT_OF_MEMORY;
          }
        }
        store<i32>(frameCurrentKeys + slot, entry);
      }
      while (at < end && isWhitespace(load<u8>(at))) at++;
      if (at >= end) {
        errorColumn = <u32>(end - start);
        return LINE_UNEXPECTED_END;
      }
      if (load<u8>(at) != 0x3a) {
        errorColumn = <u32>(at - start);
        return unexpectedByte(at, end);
      }
      at++;
      state = STATE_VALUE;
      continue;
    }

    // a value is expected (STATE_VALUE or STATE_FIRST_ELEMENT)
    if (state == STATE_FIRST_ELEMENT && byte == 0x5d) {
      at++;
      depth--;
      state = STATE_AFTER_VALUE;
      continue;
    }
    if (depth == 0 && byte != 0x7b) {
      errorColumn = <u32>(at - start);
      if (byte == 0x5b || byte == 0x22 || byte == 0x2d || isDigit(byte) || byte == 0x74 || byte == 0x66 || byte == 0x6e) return LINE_NOT_AN_OBJECT;
      return unexpectedByte(at, end);
    }
    if (byte == 0x7b || byte == 0x5b) {
      if (depth >= MAX_DEPTH) {
        errorColumn = <u32>(at - start);
        return LINE_TOO_DEEP;
      }
      const slot = <usize>depth << 2;
      store<u32>(frameKinds + slot, byte == 0x7b ? KIND_OBJECT : KIND_ARRAY);
      store<i32>(frameNodes + slot, valueNode);
      store<u32>(frameSeenStarts + slot, seenLength);
      store<i32>(frameCurrentKeys + slot, -1);
      depth++;
      at++;
      state = byte == 0x7b ? STATE_FIRST_KEY : STATE_FIRST_ELEMENT;
      continue;
    }
    const field = valueNode != NO_NODE ? nodeField(trie, valueNode) : -1;
    state = STATE_AFTER_VALUE;
    if (byte == 0x22) {
      const bodyStart = at + 1;
      const bodyEnd = scanString(bodyStart, end, chunkEnd);
      if (bodyEnd == 0) {
        errorColumn = <u32>(stringErrorAt - start);
        return stringError;
      }
      at = bodyEnd + 1;
      if (field >= 0) {
        stringText(bodyStart, bodyEnd);
        if (!recordValue(field, TYPE_STRING, textPointer, textLength)) {
          errorColumn = <u32>(bodyStart - 1 - start);
          return LINE_OUT_OF_MEMORY;
        }
      }
      continue;
    }
    if (byte == 0x2d || isDigit(byte)) {
      const numberEnd = scanNumber(at, end);
      if (numberEnd == 0) {
        errorColumn = <u32>(at - start);
        return LINE_INVALID_NUMBER;
      }
      if (field >= 0 && !recordValue(field, TYPE_NUMBER, at, <u32>(numberEnd - at))) {
        errorColumn = <u32>(at - start);
        return LINE_OUT_OF_MEMORY;
      }
      at = numberEnd;
      continue;
    }
    let wordEnd: usize = 0;
    let type: u8 = 0;
    let wordLength: u32 = 4;
    if (byte == 0x74) {
      wordEnd = matchWord(at, end, 0x65757274, 4); // "true"
      type = TYPE_TRUE;
    } else if (byte == 0x66) {
      wordLength = 5;
      wordEnd = matchWord(at, end, 0x65736c6166, 5); // "false"
      type = TYPE_FALSE;
    } else if (byte == 0x6e) {
      wordEnd = matchWord(at, end, 0x6c6c756e, 4); // "null"
    } else {
      errorColumn = <u32>(at - start);
      return unexpectedByte(at, end);
    }
    if (wordEnd == 0) {
      // truncated (`tr` at the end of the line) or misspelt
      let index: u32 = 0;
      while (index < wordLength && at + index < end) index++;
      if (at + index >= end && index < wordLength) {
        // every byte present so far might still be right: compare them
        let prefixOk = true;
        const word: u64 = byte == 0x74 ? 0x65757274 : byte == 0x66 ? 0x65736c6166 : 0x6c6c756e;
        for (let check: u32 = 0; check < index; check++) {
          if (<u64>load<u8>(at + check) != ((word >> (check * 8)) & 0xff)) prefixOk = false;
        }
        if (prefixOk) {
          errorColumn = <u32>(end - start);
          return LINE_UNEXPECTED_END;
        }
      }
      errorColumn = <u32>(at - start);
      return LINE_UNEXPECTED_CHARACTER;
    }
    if (type != 0 && field >= 0 && !recordValue(field, type, at, 0)) {
      errorColumn = <u32>(at - start);
      return LINE_OUT_OF_MEMORY;
    }
    at = wordEnd;
    // `truex`, `nullnull`: a literal may not run straight into letters or digits
    if (at < end) {
      const next = <u32>load<u8>(at);
      if ((next | 0x20) - 0x61 < 26 || isDigit(next)) {
        errorColumn = <u32>(at - start);
        return LINE_UNEXPECTED_CHARACTER;
      }
    }
  }
  return 0;
}
