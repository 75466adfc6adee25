// The required-literal prefilter (PLAN.md "Prefilter"): a line may be skipped only when
// none of the plan's literals occurs in it, compared ASCII-case-insensitively, and no
// backslash escape in it could hide a literal character: a `\u` escape (any character can
// be written so), or `\/` when some literal contains `/`. Literals never contain `"`,
// `\` or control characters, so no other escape can spell one of their characters.
//
// Finding candidates is approximate (a Teddy fingerprint in the SIMD build, a first-byte
// table in the scalar build); confirming them is exact (a walk of the literal trie over
// case-folded bytes), so both builds pass exactly the same lines.
//
// Layout of a prefilter (one block, PREFILTER_BYTES + trie nodes):
//   0   u8[256]  start table: 1 when the byte (either case) begins some literal
//   256 i32[256] root of the literal trie, indexed by the folded byte (-1: none)
//   1280 v128[8] Teddy nibble tables: low/high nibble masks for fingerprint bytes 0–3
//   1408 u32     fingerprint length (1–4)
//   1412 u32     1 when some literal contains '/'
//   1416 u32     trie node count
//   1420 u32     literal count
//   1424 u8[512] fingerprint set: a 4096-bit hash set of the literals' folded fingerprints
//   1936 ...     trie nodes, 12 bytes each: first child i32, next sibling i32, byte u8, terminal u8

export const START_TABLE: usize = 0;
const ROOT_TABLE: usize = 256;
export const TEDDY_TABLES: usize = 1280;
const FINGERPRINT_LENGTH: usize = 1408;
const HAS_SLASH: usize = 1412;
const NODE_COUNT: usize = 1416;
const LITERAL_COUNT: usize = 1420;
const FINGERPRINT_SET: usize = 1424;
const NODES: usize = 1936;
/** Bytes a Teddy block reads past its 16: the fingerprint's last byte is at offset 3. */
export const TEDDY_REACH: usize = 19;
const NODE_BYTES: usize = 12;

// @ts-ignore: decorator
@inline
export function fold(byte: u32): u32 {
  return byte - 0x41 < 26 ? byte | 0x20 : byte;
}

/**
 * Literals are cut to this many bytes: a line holding a literal holds its prefix, so this
 * stays sound, and it bounds the trie walk at any position (a 64 KiB literal against a
 * line of its repeated first byte would otherwise cost length × literal length).
 */
export const MAX_LITERAL_BYTES: u32 = 64;

/** True when every byte is printable ASCII other than `"` and `\` (PLAN.md's literal alphabet). */
export function isLiteralText(pointer: usize, length: u32): bool {
  if (length == 0) return false;
  for (let index: u32 = 0; index < length; index++) {
    const byte = <u32>load<u8>(pointer + index);
    if (byte < 0x20 || byte > 0x7e || byte == 0x22 || byte == 0x5c) return false;
  }
  return true;
}

// @ts-ignore: decorator
@inline
function node(prefilter: usize, index: i32): usize {
  return prefilter + NODES + <usize>index * NODE_BYTES;
}

/**
 * Builds a prefilter from `count` literals whose (pointer, length) pairs are u32 words at
 * `literals`; every literal must pass isLiteralText. Returns the block, or 0 when memory
 * ran out (callers then run without a prefilter, which is always sound).
 */
export function buildPrefilter(literals: usize, count: u32): usize {
  let totalBytes: usize = 0;
  let shortest: u32 = 0xffffffff;
  for (let index: u32 = 0; index < count; index++) {
    const length = min<u32>(load<u32>(literals + (<usize>index << 3), 4), MAX_LITERAL_BYTES);
    totalBytes += length;
    if (length < shortest) shortest = length;
  }
  const prefilter = heap.alloc(NODES + (totalBytes + 1) * NODE_BYTES);
  memory.fill(prefilter, 0, NODES);
  memory.fill(prefilter + ROOT_TABLE, 0xff, 1024);
  let nodeCount: i32 = 0;
  let hasSlash: u32 = 0;
  for (let index: u32 = 0; index < count; index++) {
    const pointer = <usize>load<u32>(literals + (<usize>index << 3));
    const length = min<u32>(load<u32>(literals + (<usize>index << 3), 4), MAX_LITERAL_BYTES);
    const first = fold(load<u8>(pointer));
    store<u8>(prefilter + START_TABLE + first, 1);
    if (first - 0x61 < 26) store<u8>(prefilter + START_TABLE + (first ^ 0x20), 1);
    let current = load<i32>(prefilter + ROOT_TABLE + (<usize>first << 2));
    if (current < 0) {
      current = nodeCount++;
      const at = node(prefilter, current);
      store<i32>(at, -1);
      store<i32>(at, -1, 4);
      store<u8>(at, <u8>first, 8);
      store<u8>(at, 0, 9);
      store<i32>(prefilter + ROOT_TABLE + (<usize>first << 2), current);
    }
    if (first == 0x2f) hasSlash = 1;
    for (let offset: u32 = 1; offset < length; offset++) {
      const byte = fold(load<u8>(pointer + offset));
      if (byte == 0x2f) hasSlash = 1;
      let child = load<i32>(node(prefilter, current));
      while (child >= 0 && <u32>load<u8>(node(prefilter, child), 8) != byte) child = load<i32>(node(prefilter, child), 4);
      if (child < 0) {
        child = nodeCount++;
        const at = node(prefilter, child);
        store<i32>(at, -1);
        store<i32>(at, load<i32>(node(prefilter, current)), 4);
        store<u8>(at, <u8>byte, 8);
        store<u8>(at, 0, 9);
        store<i32>(node(prefilter, current), child);
      }
      current = child;
    }
    store<u8>(node(prefilter, current), 1, 9);
  }
  store<u32>(prefilter + NODE_COUNT, <u32>nodeCount);
  store<u32>(prefilter + LITERAL_COUNT, count);
  store<u32>(prefilter + HAS_SLASH, hasSlash);
  // four bytes: on ECS text three-byte prefixes such as "int" or "gen" hit every few
  // hundred bytes, four-byte ones ("api.", "open") about a hundred times less often
  const fingerprint: u32 = shortest < 4 ? shortest : 4;
  store<u32>(prefilter + FINGERPRINT_LENGTH, fingerprint);
  buildTeddyTables(prefilter, literals, count, fingerprint);
  for (let index: u32 = 0; index < count; index++) {
    const pointer = <usize>load<u32>(literals + (<usize>index << 3));
    const hash = fingerprintHash(pointer, fingerprint);
    store<u8>(prefilter + FINGERPRINT_SET + (hash >> 3), load<u8>(prefilter + FINGERPRINT_SET + (hash >> 3)) | (<u8>1 << <u8>(hash & 7)));
  }
  return prefilter;
}

/**
 * Teddy nibble tables. Each distinct fingerprint (first 1–4 folded bytes of a literal)
 * goes to one of eight buckets, in sorted order so that similar fingerprints share a
 * bucket; for fingerprint byte j, the low-nibble table of position j has the bucket's bit
 * at the byte's low nibble, the high-nibble table at its high nibble (both cases of a
 * letter: they differ only in bit 5, a high-nibble bit). A position where all three
 * tables agree on some bucket is a candidate; the trie confirms it.
 */
function buildTeddyTables(prefilter: usize, literals: usize, count: u32, fingerprint: u32): void {
  const tables = prefilter + TEDDY_TABLES;
  memory.fill(tables, 0, 128);
  for (let position: u32 = fingerprint; position < 4; position++) {
    memory.fill(tables + <usize>position * 32, 0xff, 32);
  }
  // fingerprints as u32 keys (folded bytes, first byte highest so sorting is lexicographic)
  const keys = heap.alloc(<usize>max<u32>(count, 1) << 2);
  let distinct: u32 = 0;
  for (let index: u32 = 0; index < count; index++) {
    const pointer = <usize>load<u32>(literals + (<usize>index << 3));
    let key: u32 = 0;
    for (let position: u32 = 0; position < 4; position++) {
      key = (key << 8) | (position < fingerprint ? fold(load<u8>(pointer + position)) : 0);
    }
    // insertion into a sorted list of distinct keys
    let slot: u32 = 0;
    while (slot < distinct && load<u32>(keys + (<usize>slot << 2)) < key) slot++;
    if (slot < distinct && load<u32>(keys + (<usize>slot << 2)) == key) continue;
    for (let move = distinct; move > slot; move--) store<u32>(keys + (<usize>move << 2), load<u32>(keys + (<usize>(move - 1) << 2)));
    store<u32>(keys + (<usize>slot << 2), key);
    distinct++;
  }
  for (let index: u32 = 0; index < distinct; index++) {
    const key = load<u32>(keys + (<usize>index << 2));
    const bucket: u32 = (index * 8) / distinct;
    const bit: u8 = <u8>((<u32>1) << bucket);
    for (let position: u32 = 0; position < fingerprint; position++) {
      const byte = (key >> ((3 - position) * 8)) & 0xff;
      const low = tables + <usize>position * 32;
      const high = low + 16;
      store<u8>(low + (byte & 15), load<u8>(low + (byte & 15)) | bit);
      store<u8>(high + (byte >> 4), load<u8>(high + (byte >> 4)) | bit);
      if (byte - 0x61 < 26) store<u8>(high + ((byte ^ 0x20) >> 4), load<u8>(high + ((byte ^ 0x20) >> 4)) | bit);
    }
  }
  heap.free(keys);
}

export function prefilterHasSlash(prefilter: usize): bool {
  return load<u32>(prefilter + HAS_SLASH) != 0;
}

export function prefilterFingerprintLength(prefilter: usize): u32 {
  return load<u32>(prefilter + FINGERPRINT_LENGTH);
}

export function prefilterLiteralCount(prefilter: usize): u32 {
  return load<u32>(prefilter + LITERAL_COUNT);
}

/** 12-bit hash of the first `length` (1–4) folded bytes at `at`. */
// @ts-ignore: decorator
@inline
function fingerprintHash(at: usize, length: u32): u32 {
  let key: u32 = fold(load<u8>(at));
  if (length > 1) key = (key << 8) | fold(load<u8>(at + 1));
  if (length > 2) key = (key << 8) | fold(load<u8>(at + 2));
  if (length > 3) key = (key << 8) | fold(load<u8>(at + 3));
  return (key * 2654435761) >>> 20;
}

/**
 * Cheap exact-ish test before the trie walk: can a literal start at `at`? False only when
 * the folded fingerprint there is certainly no literal's (`end` bounds the reads).
 */
// @ts-ignore: decorator
@inline
function fingerprintMayMatch(prefilter: usize, at: usize, end: usize): bool {
  const length = load<u32>(prefilter + FINGERPRINT_LENGTH);
  if (<usize>length > end - at) return false;
  const hash = fingerprintHash(at, length);
  return (load<u8>(prefilter + FINGERPRINT_SET + (hash >> 3)) & (<u8>1 << <u8>(hash & 7))) != 0;
}

/** True when some literal starts at `at` (case-folded), reading no further than `end`. */
export function literalAt(prefilter: usize, at: usize, end: usize): bool {
  if (!fingerprintMayMatch(prefilter, at, end)) return false;
  let current = load<i32>(prefilter + ROOT_TABLE + (<usize>fold(load<u8>(at)) << 2));
  while (current >= 0) {
    const address = node(prefilter, current);
    if (load<u8>(address, 9) != 0) return true;
    at++;
    if (at >= end) return false;
    const byte = fold(load<u8>(at));
    let child = load<i32>(address);
    while (child >= 0 && <u32>load<u8>(node(prefilter, child), 8) != byte) child = load<i32>(node(prefilter, child), 4);
    current = child;
  }
  return false;
}

/**
 * The backslash at `at` is followed by `next` (`u`, or `/` when a literal has one): is it
 * a real escape (an odd run of backslashes ends here) rather than the second half of `\\`?
 */
export function isEscapeStart(at: usize, lineStart: usize): bool {
  let run: u32 = 1;
  while (at > lineStart && load<u8>(at - 1) == 0x5c) {
    at--;
    run++;
  }
  return (run & 1) == 1;
}

/** True when the byte after a backslash could begin an escape that hides a literal character. */
// @ts-ignore: decorator
@inline
export function hidesLiteral(next: u32, hasSlash: bool): bool {
  return next == 0x75 || (hasSlash && next == 0x2f);
}

/**
 * Teddy on the 16 positions from `at`: lane i is non-zero when the four bytes from `at + i`
 * may be some literal's fingerprint (it reads 19 bytes).
 */
// @ts-ignore: decorator
@inline
export function teddyBlock(at: usize, low0: v128, high0: v128, low1: v128, high1: v128, low2: v128, high2: v128, low3: v128, high3: v128, lowNibble: v128): v128 {
  const block0 = v128.load(at);
  const block1 = v128.load(at, 1);
  const block2 = v128.load(at, 2);
  const block3 = v128.load(at, 3);
  const match0 = v128.and(i8x16.swizzle(low0, v128.and(block0, lowNibble)), i8x16.swizzle(high0, i8x16.shr_u(block0, 4)));
  const match1 = v128.and(i8x16.swizzle(low1, v128.and(block1, lowNibble)), i8x16.swizzle(high1, i8x16.shr_u(block1, 4)));
  const match2 = v128.and(i8x16.swizzle(low2, v128.and(block2, lowNibble)), i8x16.swizzle(high2, i8x16.shr_u(block2, 4)));
  const match3 = v128.and(i8x16.swizzle(low3, v128.and(block3, lowNibble)), i8x16.swizzle(high3, i8x16.shr_u(block3, 4)));
  return v128.and(v128.and(match0, match1), v128.and(match2, match3));
}

/**
 * Second stage after a key anchor: does the line [start, end) contain a literal? Teddy
 * 16 bytes at a time in the SIMD build (reads stay below `chunkEnd`), byte by byte
 * otherwise and for the tail.
 */
export function lineHasLiteral(prefilter: usize, start: usize, end: usize, chunkEnd: usize): bool {
  let at = start;
  if (ASC_FEATURE_SIMD) {
    const tables = prefilter + TEDDY_TABLES;
    const low0 = v128.load(tables);
    const high0 = v128.load(tables, 16);
    const low1 = v128.load(tables, 32);
    const high1 = v128.load(tables, 48);
    const low2 = v128.load(tables, 64);
    const high2 = v128.load(tables, 80);
    const low3 = v128.load(tables, 96);
    const high3 = v128.load(tables, 112);
    const lowNibble = i8x16.splat(0x0f);
    const zero = i8x16.splat(0);
    while (at < end && at + TEDDY_REACH <= chunkEnd) {
      const fingerprints = teddyBlock(at, low0, high0, low1, high1, low2, high2, low3, high3, lowNibble);
      if (v128.any_true(fingerprints)) {
        let bits = <u32>i8x16.bitmask(i8x16.ne(fingerprints, zero));
        if (end - at < 16) bits &= (<u32>1 << <u32>(end - at)) - 1;
        while (bits != 0) {
          if (literalAt(prefilter, at + <usize>ctz(bits), chunkEnd)) return true;
          bits &= bits - 1;
        }
      }
      at += 16;
    }
  }
  const startTable = prefilter + START_TABLE;
  while (at < end) {
    if (load<u8>(startTable + load<u8>(at)) != 0 && literalAt(prefilter, at, chunkEnd)) return true;
    at++;
  }
  return false;
}

function hexDigitValue(byte: u32): i32 {
  if (byte - 0x30 < 10) return <i32>(byte - 0x30);
  const lower = byte | 0x20;
  if (lower - 0x61 < 6) return <i32>(lower - 0x61 + 10);
  return -1;
}

/** The code unit of `\uXXXX` at `at` (the backslash), or -1 when it is not one within `end`. */
function unicodeEscape(at: usize, end: usize): i32 {
  if (end - at < 6 || load<u8>(at + 1) != 0x75) return -1;
  let value: i32 = 0;
  for (let index: usize = 2; index < 6; index++) {
    const digit = hexDigitValue(load<u8>(at + index));
    if (digit < 0) return -1;
    value = (value << 4) | digit;
  }
  return value;
}

/**
 * Decodes the JSON escapes of the line [start, end) into `out` (room for end - start + 16
 * bytes: decoding never lengthens; the SIMD copy may write 16 bytes ahead), as JSON.parse would for every string of a valid line
 * (unpaired surrogates become U+FFFD); bytes of anything that is not an escape are copied
 * as they are. Returns the decoded length. A line whose escapes made it a candidate is
 * checked again on this text: its anchors and literals are now verbatim.
 */
export function decodeEscapes(start: usize, end: usize, out: usize): u32 {
  let at = start;
  let write = out;
  while (at < end) {
    if (ASC_FEATURE_SIMD) {
      // copy 16 bytes at a time up to the next backslash (`out` has 16 bytes of slack)
      const backslash = i8x16.splat(0x5c);
      while (at + 16 <= end) {
        const block = v128.load(at);
        v128.store(write, block);
        const bits = i8x16.bitmask(i8x16.eq(block, backslash));
        if (bits != 0) {
          const skip = <usize>ctz(bits);
          at += skip;
          write += skip;
          break;
        }
        at += 16;
        write += 16;
      }
      if (at >= end) break;
    }
    const byte = <u32>load<u8>(at);
    if (byte != 0x5c || at + 1 >= end) {
      store<u8>(write++, <u8>byte);
      at++;
      continue;
    }
    const escape = <u32>load<u8>(at + 1);
    let codePoint = unicodeEscape(at, end);
    if (codePoint < 0) {
      let decoded: u32 = 0x5c;
      let width: usize = 1;
      if (escape == 0x22 || escape == 0x5c || escape == 0x2f) {
        decoded = escape;
        width = 2;
      } else if (escape == 0x62 || escape == 0x66 || escape == 0x6e || escape == 0x72 || escape == 0x74) {
        decoded = escape == 0x62 ? 0x08 : escape == 0x66 ? 0x0c : escape == 0x6e ? 0x0a : escape == 0x72 ? 0x0d : 0x09;
        width = 2;
      }
      store<u8>(write++, <u8>decoded);
      at += width;
      continue;
    }
    at += 6;
    if (codePoint >= 0xd800 && codePoint <= 0xdbff) {
      const low = unicodeEscape(at, end);
      if (low >= 0xdc00 && low <= 0xdfff) {
        codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (low - 0xdc00);
        at += 6;
      } else {
        codePoint = 0xfffd;
      }
    } else if (codePoint >= 0xdc00 && codePoint <= 0xdfff) {
      codePoint = 0xfffd;
    }
    if (codePoint < 0x80) {
      store<u8>(write++, <u8>codePoint);
    } else if (codePoint < 0x800) {
      store<u8>(write++, <u8>(0xc0 | (codePoint >> 6)));
      store<u8>(write++, <u8>(0x80 | (codePoint & 0x3f)));
    } else if (codePoint < 0x10000) {
      store<u8>(write++, <u8>(0xe0 | (codePoint >> 12)));
      store<u8>(write++, <u8>(0x80 | ((codePoint >> 6) & 0x3f)));
      store<u8>(write++, <u8>(0x80 | (codePoint & 0x3f)));
    } else {
      store<u8>(write++, <u8>(0xf0 | (codePoint >> 18)));
      store<u8>(write++, <u8>(0x80 | ((codePoint >> 12) & 0x3f)));
      store<u8>(write++, <u8>(0x80 | ((codePoint >> 6) & 0x3f)));
      store<u8>(write++, <u8>(0x80 | (codePoint & 0x3f)));
    }
  }
  return <u32>(write - out);
}
