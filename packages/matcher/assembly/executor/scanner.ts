// Scanning a chunk of NDJSON: split it into lines, ask the prefilter which lines could
// match, parse and evaluate those, and write match and error records for the host.
//
// Every line ends in one of three states: REJECTED (nothing that could match), ANCHORED
// (it holds a key anchor of every-match, anchors.ts: the literal stage decides) or
// CANDIDATE (a literal, or an escape that could hide one: parse and evaluate).
//
// With key anchors, the SIMD build walks the chunk 16 bytes at a time looking for the
// anchors (first and last byte, then an exact compare), `\u` (or `\/`) escapes and
// newlines, in byte order so each hit is charged to the right line; only anchored lines
// are searched for literals (Teddy, prefilter.ts). Without anchors the first pass looks
// for the literals itself. Once a line is a candidate the rest of it is only searched for
// its newline. The scalar build (Fluent Bit) does the same byte by byte. Every hit is
// confirmed exactly, so both builds pass the same lines and give the same verdicts.
//
// Output. Records go into the plan's output areas. When one is full the scan stops
// before the line that did not fit and reports where to resume: nothing is dropped.

import { LINE_OUT_OF_MEMORY } from './errors';
import { NO_NODE } from './field-trie';
import { errorColumn, parseLine } from './json-line';
import { Plan, RULE_BYTES } from './plan';
import { predicateEvaluated, predicateFirstPattern, predicateTruth } from './predicates';
import { anchoredValuesHaveLiteral } from './anchor-values';
import { ANCHOR_COUNT, ANCHOR_HAS_SLASH, ANCHOR_IN_STRINGS_ONLY, ANCHOR_LIST, ANCHOR_LITERALS_FOLLOW, ANCHOR_LONGEST, anchorAt } from './anchors';
import { grownCapacity, takePages } from './region';
import { START_TABLE, TEDDY_REACH, TEDDY_TABLES, decodeEscapes, hidesLiteral, isEscapeStart, lineHasLiteral, literalAt, prefilterHasSlash, teddyBlock } from './prefilter';
import { runProgram } from './program';
import { beginLine } from './value-log';

/** Words of one error record: line, offset, length, column, code. */
export const ERROR_RECORD_WORDS: u32 = 5;

// ---- results of the last scan call ----
export let matchCount: u32 = 0;
export let errorCount: u32 = 0;
export let linesSeen: u32 = 0;
export let linesRejected: u32 = 0;
export let linesParsed: u32 = 0;
export let linesEvaluated: u32 = 0;
/** Byte offset (from the chunk start) where the next call must resume; the chunk length when done. */
export let resumeOffset: u32 = 0;
/** Line index (as counted by the caller) of the line at resumeOffset. */
export let resumeLine: u32 = 0;
/** Set when one line's records cannot fit even in empty output areas. */
export let outputTooSmall: bool = false;

// ---- state of the scan in progress ----
let plan: Plan = changetype<Plan>(0);
let chunkStart: usize = 0;
let chunkEnd: usize = 0;
let lineNumber: u32 = 0;
let validateAll = false;
let hasPrefilter = false;
let prefilter: usize = 0;
let anchors: usize = 0;
let literalsFollow = false;
/** Only the values after keys holding an anchor need the literal search (anchor-values.ts). */
let keyValuesOnly = false;
/** Where the current line's first anchor is (set when it becomes ANCHORED). */
let anchorPosition: usize = 0;
/** The current line is a candidate only because an escape could hide an anchor or literal. */
let lineEscaped = false;
// scratch for the decoded text of such lines
let decodedPointer: usize = 0;
let decodedCapacity: u64 = 0;
let slashHides = false;

/** per byte: bit 0 "look closer while REJECTED", bit 1 "look closer while ANCHORED" (scanScalar) */
const byteClasses = memory.data(256);

const REJECTED: u32 = 0;
const ANCHORED: u32 = 1;
const CANDIDATE: u32 = 2;

// @ts-ignore: decorator
@inline
function isWhitespace(byte: u32): bool {
  return byte == 0x20 || byte == 0x09 || byte == 0x0d;
}

function writeError(lineStart: usize, lineEnd: usize, column: u32, code: i32): bool {
  if (errorCount >= plan.errorCapacity) {
    if (errorCount == 0) outputTooSmall = true;
    return false;
  }
  const record = plan.errorArea + <usize>errorCount * (ERROR_RECORD_WORDS << 2);
  store<u32>(record, lineNumber);
  store<u32>(record, <u32>(lineStart - chunkStart), 4);
  store<u32>(record, <u32>(lineEnd - lineStart), 8);
  store<u32>(record, column, 12);
  store<i32>(record, code, 16);
  errorCount++;
  return true;
}

function writeMatch(lineStart: usize, lineEnd: usize, rule: u32, suppressedBy: i32): void {
  const record = plan.matchArea + <usize>matchCount * (<usize>plan.recordWords << 2);
  store<u32>(record, lineNumber);
  store<u32>(record, <u32>(lineStart - chunkStart), 4);
  store<u32>(record, <u32>(lineEnd - lineStart), 8);
  store<u32>(record, rule, 12);
  store<i32>(record, suppressedBy, 16);
  const words = plan.bitWords;
  const evaluatedBits = record + 20;
  const truthBits = evaluatedBits + (<usize>words << 2);
  const firstPatterns = truthBits + (<usize>words << 2);
  memory.fill(evaluatedBits, 0, <usize>words << 3);
  for (let index: u32 = 0; index < plan.predicateCount; index++) {
    let first: i32 = -1;
    if (predicateEvaluated(plan, index)) {
      const word = <usize>(index >> 5) << 2;
      const bit: u32 = 1 << (index & 31);
      store<u32>(evaluatedBits + word, load<u32>(evaluatedBits + word) | bit);
      if (load<u8>(plan.predicateTruth + index) != 0) {
        store<u32>(truthBits + word, load<u32>(truthBits + word) | bit);
        first = predicateFirstPattern(plan, index);
      }
    }
    store<i32>(firstPatterns + (<usize>index << 2), first);
  }
  matchCount++;
}

/**
 * The rule's top-level conjuncts, in program order (the compiler puts the most selective
 * first): when one fails the program cannot hold, and the rest need not be evaluated.
 */
function conjunctsHold(rule: u32): bool {
  const list = <usize>load<u32>(plan.ruleConjuncts + (<usize>rule << 2));
  if (load<u32>(list, 4) != 0) return false;
  const count = load<u32>(list);
  for (let index: u32 = 0; index < count; index++) {
    if (!predicateTruth(plan, load<u32>(list + 8 + (<usize>index << 2)))) return false;
  }
  return true;
}

/** Parses and evaluates a candidate line; false when its records do not fit. */
function evaluateLine(lineStart: usize, lineEnd: usize): bool {
  if (!beginLine(plan.fieldHeads, plan.fieldTails, plan.fieldStamps, <u32>(lineEnd - lineStart))) {
    if (!writeError(lineStart, lineEnd, 0, LINE_OUT_OF_MEMORY)) return false;
    linesParsed++;
    return true;
  }
  const code = parseLine(plan.trie, 0, lineStart, lineEnd, chunkEnd);
  if (code != 0) {
    if (!writeError(lineStart, lineEnd, errorColumn, code)) return false;
    linesParsed++;
    return true;
  }
  let matches: u32 = 0;
  for (let rule: u32 = 0; rule < plan.ruleCount; rule++) {
    const record = plan.rules + <usize>rule * RULE_BYTES;
    let verdict: i32 = -2;
    if (conjunctsHold(rule) && runProgram(plan, <usize>load<u32>(record), load<u32>(record, 4))) {
      verdict = -1;
      const exceptions = <usize>load<u32>(record, 12);
      const exceptionCount = load<u32>(record, 8);
      for (let exception: u32 = 0; exception < exceptionCount; exception++) {
        const at = exceptions + (<usize>exception << 3);
        if (runProgram(plan, <usize>load<u32>(at), load<u32>(at, 4))) {
          verdict = <i32>exception;
          break;
        }
      }
      matches++;
    }
    store<i32>(plan.verdicts + (<usize>rule << 2), verdict);
  }
  if (matches != 0) {
    if (matchCount + matches > plan.matchCapacity) {
      if (matchCount == 0) outputTooSmall = true;
      return false;
    }
    for (let rule: u32 = 0; rule < plan.ruleCount; rule++) {
      const verdict = load<i32>(plan.verdicts + (<usize>rule << 2));
      if (verdict != -2) writeMatch(lineStart, lineEnd, rule, verdict);
    }
  }
  linesParsed++;
  linesEvaluated++;
  return true;
}

/**
 * A line [lineStart, newline) is complete, in `state`. Returns false (with the resume
 * point set) when its records do not fit.
 */
function finishLine(lineStart: usize, newline: usize, state: u32): bool {
  let lineEnd = newline;
  if (lineEnd > lineStart && load<u8>(lineEnd - 1) == 0x0d) lineEnd--;
  let first = lineStart;
  while (first < lineEnd && isWhitespace(load<u8>(first))) first++;
  if (first < lineEnd) {
    if (state == ANCHORED) {
      let passes = true;
      if (hasPrefilter) {
        const anchored = literalsFollow && anchorPosition >= lineStart && anchorPosition < lineEnd;
        if (anchored && keyValuesOnly) passes = anchoredValuesHaveLiteral(anchors, prefilter, anchorPosition, lineEnd, chunkEnd);
        else passes = lineHasLiteral(prefilter, anchored ? anchorPosition : lineStart, lineEnd, chunkEnd);
      }
      state = passes ? CANDIDATE : REJECTED;
    } else if (state == CANDIDATE && lineEscaped && !decodedMayMatch(lineStart, lineEnd)) {
      state = REJECTED;
    }
    if (state == CANDIDATE) {
      if (!evaluateLine(lineStart, lineEnd)) {
        resumeOffset = <u32>(lineStart - chunkStart);
        resumeLine = lineNumber;
        return false;
      }
    } else {
      if (validateAll) {
        const code = parseLine(plan.trie, NO_NODE, lineStart, lineEnd, chunkEnd);
        if (code != 0 && !writeError(lineStart, lineEnd, errorColumn, code)) {
          resumeOffset = <u32>(lineStart - chunkStart);
          resumeLine = lineNumber;
          return false;
        }
        linesParsed++;
      }
      linesRejected++;
    }
  }
  linesSeen++;
  lineNumber++;
  lineEscaped = false;
  return true;
}

/**
 * A line that escapes made a candidate, checked again on its decoded text: does it hold
 * an anchor (if the plan has anchors) and then a literal (if it has literals)? When
 * scratch memory cannot grow, the answer is yes (the line is evaluated: always sound).
 */
function decodedMayMatch(lineStart: usize, lineEnd: usize): bool {
  const length = <u64>(lineEnd - lineStart);
  if (length + 32 > decodedCapacity) {
    const capacity = grownCapacity(decodedCapacity, length + 32);
    const pointer = takePages(capacity);
    if (pointer == 0) return true;
    decodedPointer = pointer;
    decodedCapacity = capacity;
  }
  const decodedEnd = decodedPointer + decodeEscapes(lineStart, lineEnd, decodedPointer);
  let from = decodedPointer;
  if (anchors != 0) {
    let found = false;
    const count = load<u32>(anchors + ANCHOR_COUNT);
    const firstByte0 = <u32>load<u8>(<usize>load<u32>(anchors + ANCHOR_LIST));
    const firstByte1 = count > 1 ? <u32>load<u8>(<usize>load<u32>(anchors + ANCHOR_LIST + 8)) : firstByte0;
    for (let at = decodedPointer; at < decodedEnd; at++) {
      const byte = <u32>load<u8>(at);
      if ((byte == firstByte0 || byte == firstByte1) && anyAnchorAt(at, decodedEnd)) {
        found = true;
        if (literalsFollow) from = at;
        break;
      }
    }
    if (!found) return false;
  }
  return !hasPrefilter || lineHasLiteral(prefilter, from, decodedEnd, decodedEnd);
}

/** The state a fresh line starts in: every line is a candidate when nothing can filter. */
// @ts-ignore: decorator
@inline
function freshState(): u32 {
  return anchors == 0 && !hasPrefilter ? CANDIDATE : REJECTED;
}

/** Is the backslash at `at` a real escape that could hide an anchor or literal character? */
function escapeHides(at: usize, lineStart: usize): bool {
  return at + 1 < chunkEnd && hidesLiteral(load<u8>(at + 1), slashHides) && isEscapeStart(at, lineStart);
}

/** Does some anchor start at `at` (reading no further than `end`)? */
function anyAnchorAt(at: usize, end: usize): bool {
  const count = load<u32>(anchors + ANCHOR_COUNT);
  for (let index: u32 = 0; index < count; index++) if (anchorAt(anchors, index, at, end)) return true;
  return false;
}

/** Exact check of a first-pass hit at `at` on the line starting at `lineStart`: the state it puts the line in. */
function confirmHit(at: usize, lineStart: usize, state: u32): u32 {
  const byte = <u32>load<u8>(at);
  if (byte == 0x5c) {
    if (!escapeHides(at, lineStart)) return state;
    lineEscaped = true;
    return CANDIDATE;
  }
  if (state != REJECTED) return state;
  if (anchors != 0) {
    if (!anyAnchorAt(at, chunkEnd)) return state;
    anchorPosition = at;
    return ANCHORED;
  }
  return literalAt(prefilter, at, chunkEnd) ? CANDIDATE : state;
}

/** Byte-by-byte scan from `at`, with the line in progress starting at `lineStart` in `state`. */
function scanScalar(at: usize, lineStart: usize, state: u32): bool {
  const end = chunkEnd;
  const startTable = prefilter + START_TABLE;
  // bytes that need a closer look while a line is REJECTED: newline, backslash, and the
  // first bytes of the anchors (or of the literals when there are no anchors); an
  // ANCHORED line only needs newline and backslash
  memory.fill(byteClasses, 0, 256);
  store<u8>(byteClasses + 0x0a, 3);
  store<u8>(byteClasses + 0x5c, 3);
  if (anchors != 0) {
    const count = load<u32>(anchors + ANCHOR_COUNT);
    for (let index: u32 = 0; index < count; index++) {
      const first = <usize>load<u8>(<usize>load<u32>(anchors + ANCHOR_LIST + (<usize>index << 3)));
      store<u8>(byteClasses + first, load<u8>(byteClasses + first) | 1);
    }
  } else if (hasPrefilter) {
    for (let byte: usize = 0; byte < 256; byte++) if (load<u8>(startTable + byte) != 0) store<u8>(byteClasses + byte, load<u8>(byteClasses + byte) | 1);
  }
  while (at < end) {
    if (state == CANDIDATE) {
      while (at < end && load<u8>(at) != 0x0a) at++;
    } else {
      const mask: u8 = state == REJECTED ? 3 : 2;
      let changed = false;
      while (at < end) {
        while (at < end && (load<u8>(byteClasses + load<u8>(at)) & mask) == 0) at++;
        if (at >= end) break;
        const byte = <u32>load<u8>(at);
        if (byte == 0x0a) break;
        if (byte == 0x5c) {
          if (escapeHides(at, lineStart)) {
            state = CANDIDATE;
            lineEscaped = true;
            changed = true;
            break;
          }
        } else if (state == REJECTED) {
          if (anchors != 0) {
            if (anyAnchorAt(at, chunkEnd)) {
              state = ANCHORED;
              anchorPosition = at;
              at++;
              changed = true;
              break; // the rest of the line only needs newline and backslash
            }
          } else if (literalAt(prefilter, at, end)) {
            state = CANDIDATE;
            changed = true;
            break;
          }
        }
        at++;
      }
      if (changed) continue;
    }
    if (at >= end) break;
    if (!finishLine(lineStart, at, state)) return false;
    at++;
    lineStart = at;
    state = freshState();
  }
  if (lineStart < end && !finishLine(lineStart, end, state)) return false;
  return true;
}

/**
 * Handles the hits of one 16-byte block at `at` in byte order: `hitBits` (anchor,
 * literal or escape positions), `newlineBits`. Returns the line state, or NO_STATE when
 * an output area filled up. `blockLineStart` carries the current line start in and out.
 * With `complete` false the hit bits were computed for the current line's state only, so
 * the block stops at its first newline and `blockRestart` says where to scan on;
 * otherwise `blockRestart` is 0.
 */
const NO_STATE: u32 = 0xffffffff;
let blockLineStart: usize = 0;
let blockRestart: usize = 0;

function handleBlock(at: usize, hitBits: u32, newlineBits: u32, state: u32, complete: bool): u32 {
  let lineStart = blockLineStart;
  blockRestart = 0;
  while ((hitBits | newlineBits) != 0) {
    const nextNewline = newlineBits != 0 ? ctz(newlineBits) : 32;
    if (hitBits != 0 && ctz(hitBits) < nextNewline) {
      const position = at + <usize>ctz(hitBits);
      hitBits &= hitBits - 1;
      if (state != CANDIDATE) {
        state = confirmHit(position, lineStart, state);
        // a candidate needs no more checks until its newline
        if (state == CANDIDATE) hitBits = nextNewline == 32 ? 0 : hitBits & ~((<u32>1 << nextNewline) - 1);
      }
      continue;
    }
    newlineBits &= newlineBits - 1;
    const position = at + <usize>nextNewline;
    if (!finishLine(lineStart, position, state)) return NO_STATE;
    lineStart = position + 1;
    state = freshState();
    if (!complete) {
      blockRestart = lineStart;
      break;
    }
  }
  blockLineStart = lineStart;
  return state;
}

/** 16 bytes at a time while the widest load fits, then the scalar scan for the tail. */
function scanSimd(): bool {
  let at = chunkStart;
  blockLineStart = at;
  let state = freshState();
  const end = chunkEnd;
  if (ASC_FEATURE_SIMD) {
    const newline = i8x16.splat(0x0a);
    const backslash = i8x16.splat(0x5c);
    const letterU = i8x16.splat(0x75);
    const slash = slashHides ? i8x16.splat(0x2f) : i8x16.splat(0x75);
    if (anchors != 0) {
      // first pass: anchors (first and last byte), escapes, newlines
      const count = load<u32>(anchors + ANCHOR_COUNT);
      const pointer0 = <usize>load<u32>(anchors + ANCHOR_LIST);
      const shift0 = <usize>load<u32>(anchors + ANCHOR_LIST + 4) - 1;
      const pointer1 = count > 1 ? <usize>load<u32>(anchors + ANCHOR_LIST + 8) : pointer0;
      const shift1 = count > 1 ? <usize>load<u32>(anchors + ANCHOR_LIST + 12) - 1 : shift0;
      const first0 = i8x16.splat(load<u8>(pointer0));
      const last0 = i8x16.splat(load<u8>(pointer0 + shift0));
      const first1 = i8x16.splat(load<u8>(pointer1));
      const last1 = i8x16.splat(load<u8>(pointer1 + shift1));
      const reach = 16 + max<usize>(2, <usize>load<u32>(anchors + ANCHOR_LONGEST));
      while (at + reach <= end) {
        if (state == REJECTED) {
          // most of the text: 32 bytes with no newline, escape or anchor (the common
          // one-anchor, no-slash case has its own loop)
          if (count == 1 && !slashHides) {
            while (at + 16 + reach <= end) {
              const blockA = v128.load(at);
              const blockB = v128.load(at, 16);
              const escapeA = v128.and(i8x16.eq(blockA, backslash), i8x16.eq(v128.load(at, 1), letterU));
              const escapeB = v128.and(i8x16.eq(blockB, backslash), i8x16.eq(v128.load(at, 17), letterU));
              const anchorA = v128.and(i8x16.eq(blockA, first0), i8x16.eq(v128.load(at + shift0), last0));
              const anchorB = v128.and(i8x16.eq(blockB, first0), i8x16.eq(v128.load(at + shift0, 16), last0));
              const newlines = v128.or(i8x16.eq(blockA, newline), i8x16.eq(blockB, newline));
              if (v128.any_true(v128.or(v128.or(newlines, v128.or(escapeA, escapeB)), v128.or(anchorA, anchorB)))) break;
              at += 32;
            }
          } else {
            while (at + 16 + reach <= end) {
              const blockA = v128.load(at);
              const blockB = v128.load(at, 16);
              const nextA = v128.load(at, 1);
              const nextB = v128.load(at, 17);
              let interesting = v128.or(i8x16.eq(blockA, newline), i8x16.eq(blockB, newline));
              interesting = v128.or(interesting, v128.and(i8x16.eq(blockA, backslash), v128.or(i8x16.eq(nextA, letterU), i8x16.eq(nextA, slash))));
              interesting = v128.or(interesting, v128.and(i8x16.eq(blockB, backslash), v128.or(i8x16.eq(nextB, letterU), i8x16.eq(nextB, slash))));
              interesting = v128.or(interesting, v128.and(i8x16.eq(blockA, first0), i8x16.eq(v128.load(at + shift0), last0)));
              interesting = v128.or(interesting, v128.and(i8x16.eq(blockB, first0), i8x16.eq(v128.load(at + shift0, 16), last0)));
              interesting = v128.or(interesting, v128.and(i8x16.eq(blockA, first1), i8x16.eq(v128.load(at + shift1), last1)));
              interesting = v128.or(interesting, v128.and(i8x16.eq(blockB, first1), i8x16.eq(v128.load(at + shift1, 16), last1)));
              if (v128.any_true(interesting)) break;
              at += 32;
            }
          }
          if (at + reach > end) break;
        } else if (state == CANDIDATE) {
          // the rest of a candidate line: 64 bytes at a time to its newline
          while (at + 64 <= end) {
            const found = v128.or(
              v128.or(i8x16.eq(v128.load(at), newline), i8x16.eq(v128.load(at, 16), newline)),
              v128.or(i8x16.eq(v128.load(at, 32), newline), i8x16.eq(v128.load(at, 48), newline)),
            );
            if (v128.any_true(found)) break;
            at += 64;
          }
          if (at + reach > end) break;
        }
        const block = v128.load(at);
        const newlines = i8x16.eq(block, newline);
        if (state == CANDIDATE) {
          const bits = i8x16.bitmask(newlines);
          if (bits == 0) {
            at += 16;
            continue;
          }
          state = handleBlock(at, 0, bits, state, false);
          if (state == NO_STATE) return false;
          at = blockRestart;
          continue;
        }
        const next = v128.load(at, 1);
        const escapes = v128.and(i8x16.eq(block, backslash), v128.or(i8x16.eq(next, letterU), i8x16.eq(next, slash)));
        let hits = escapes;
        const complete = state == REJECTED;
        if (complete) {
          const anchor0 = v128.and(i8x16.eq(block, first0), i8x16.eq(v128.load(at + shift0), last0));
          const anchor1 = v128.and(i8x16.eq(block, first1), i8x16.eq(v128.load(at + shift1), last1));
          hits = v128.or(hits, v128.or(anchor0, anchor1));
        }
        if (!v128.any_true(v128.or(hits, newlines))) {
          at += 16;
          continue;
        }
        // an anchored line only watches escapes: after its newline, scan again from there
        state = handleBlock(at, <u32>i8x16.bitmask(hits), <u32>i8x16.bitmask(newlines), state, complete);
        if (state == NO_STATE) return false;
        at = blockRestart != 0 ? blockRestart : at + 16;
      }
    } else if (hasPrefilter) {
      // first pass: Teddy fingerprints of the literals, escapes, newlines
      const lowNibble = i8x16.splat(0x0f);
      const zero = i8x16.splat(0);
      const tables = prefilter + TEDDY_TABLES;
      const low0 = v128.load(tables);
      const high0 = v128.load(tables, 16);
      const low1 = v128.load(tables, 32);
      const high1 = v128.load(tables, 48);
      const low2 = v128.load(tables, 64);
      const high2 = v128.load(tables, 80);
      const low3 = v128.load(tables, 96);
      const high3 = v128.load(tables, 112);
      while (at + TEDDY_REACH <= end) {
        const block0 = v128.load(at);
        const newlines = i8x16.eq(block0, newline);
        if (state == CANDIDATE) {
          const bits = i8x16.bitmask(newlines);
          if (bits == 0) {
            at += 16;
            continue;
          }
          state = handleBlock(at, 0, bits, state, false);
          if (state == NO_STATE) return false;
          at = blockRestart;
          continue;
        }
        const block1 = v128.load(at, 1);
        const fingerprints = teddyBlock(at, low0, high0, low1, high1, low2, high2, low3, high3, lowNibble);
        const escapes = v128.and(i8x16.eq(block0, backslash), v128.or(i8x16.eq(block1, letterU), i8x16.eq(block1, slash)));
        const hits = v128.or(i8x16.ne(fingerprints, zero), escapes);
        if (!v128.any_true(v128.or(hits, newlines))) {
          at += 16;
          continue;
        }
        state = handleBlock(at, <u32>i8x16.bitmask(hits), <u32>i8x16.bitmask(newlines), state, true);
        if (state == NO_STATE) return false;
        at += 16;
      }
    } else {
      // nothing filters: newlines only
      while (at + 16 <= end) {
        const bits = i8x16.bitmask(i8x16.eq(v128.load(at), newline));
        if (bits != 0) {
          state = handleBlock(at, 0, bits, state, true);
          if (state == NO_STATE) return false;
        }
        at += 16;
      }
    }
  }
  return scanScalar(at, blockLineStart, state);
}

/**
 * Scans the chunk [start, start + length) with `targetPlan`. Lines are numbered from
 * `firstLine`. Returns true when the whole chunk was scanned, false when an output area
 * filled up (resumeOffset/resumeLine say where to continue).
 */
export function scanChunk(targetPlan: Plan, start: usize, length: u32, validate: bool, firstLine: u32): bool {
  plan = targetPlan;
  chunkStart = start;
  chunkEnd = start + length;
  lineNumber = firstLine;
  validateAll = validate;
  prefilter = plan.prefilter;
  hasPrefilter = prefilter != 0;
  anchors = plan.anchors;
  literalsFollow = anchors != 0 && load<u32>(anchors + ANCHOR_LITERALS_FOLLOW) != 0;
  keyValuesOnly = literalsFollow && load<u32>(anchors + ANCHOR_IN_STRINGS_ONLY) != 0;
  slashHides = (hasPrefilter && prefilterHasSlash(prefilter)) || (anchors != 0 && load<u32>(anchors + ANCHOR_HAS_SLASH) != 0);
  matchCount = 0;
  errorCount = 0;
  linesSeen = 0;
  linesRejected = 0;
  linesParsed = 0;
  linesEvaluated = 0;
  outputTooSmall = false;
  lineEscaped = false;
  resumeOffset = length;
  resumeLine = 0;
  const done = ASC_FEATURE_SIMD ? scanSimd() : scanScalar(start, start, freshState());
  if (done) {
    resumeOffset = length;
    resumeLine = lineNumber;
  }
  return done;
}
