// Scanning a chunk of NDJSON: split it into lines, ask the prefilter which lines could
// match, parse and evaluate those, and write match and error records for the host.
//
// The SIMD build walks the chunk 16 bytes at a time in one pass: a Teddy fingerprint
// for the literals, a `\u` (or `\/`) detector for hiding escapes, and a newline detector,
// handled in byte order so each hit is charged to the right line. Once a line is a
// candidate, the rest of it is only searched for its newline. The scalar build (Fluent
// Bit) does the same byte by byte. Both confirm hits exactly (prefilter.ts), so they pass
// the same lines and give the same verdicts.
//
// Output. Records go into the plan's output areas. When one is full the scan stops
// before the line that did not fit and reports where to resume: nothing is dropped.

import { LINE_OUT_OF_MEMORY } from './errors';
import { NO_NODE } from './field-trie';
import { errorColumn, parseLine } from './json-line';
import { Plan, RULE_BYTES } from './plan';
import { predicateEvaluated, predicateFirstPattern } from './predicates';
import { START_TABLE, TEDDY_TABLES, hidesLiteral, isEscapeStart, literalAt, prefilterHasSlash } from './prefilter';
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
let slashHides = false;

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
    if (runProgram(plan, <usize>load<u32>(record), load<u32>(record, 4))) {
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
 * A line [lineStart, newline) is complete. `candidate` says whether the prefilter let it
 * through. Returns false (with the resume point set) when its records do not fit.
 */
function finishLine(lineStart: usize, newline: usize, candidate: bool): bool {
  let lineEnd = newline;
  if (lineEnd > lineStart && load<u8>(lineEnd - 1) == 0x0d) lineEnd--;
  let first = lineStart;
  while (first < lineEnd && isWhitespace(load<u8>(first))) first++;
  if (first < lineEnd) {
    if (candidate) {
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
  return true;
}

/** Exact check of a fingerprint or escape hit at `at` on the line starting at `lineStart`. */
function confirmHit(at: usize, lineStart: usize): bool {
  const byte = <u32>load<u8>(at);
  if (byte == 0x5c) return at + 1 < chunkEnd && hidesLiteral(load<u8>(at + 1), slashHides) && isEscapeStart(at, lineStart);
  return literalAt(prefilter, at, chunkEnd);
}

/** Byte-by-byte scan from `at`, with the line in progress starting at `lineStart`. */
function scanScalar(at: usize, lineStart: usize, candidate: bool): bool {
  const end = chunkEnd;
  const startTable = prefilter + START_TABLE;
  while (at < end) {
    if (candidate) {
      while (at < end && load<u8>(at) != 0x0a) at++;
    } else {
      while (at < end) {
        const byte = <u32>load<u8>(at);
        if (byte == 0x0a) break;
        if (load<u8>(startTable + byte) != 0 && literalAt(prefilter, at, end)) {
          candidate = true;
          break;
        }
        if (byte == 0x5c && at + 1 < end && hidesLiteral(load<u8>(at + 1), slashHides) && isEscapeStart(at, lineStart)) {
          candidate = true;
          break;
        }
        at++;
      }
      if (candidate) continue;
    }
    if (at >= end) break;
    if (!finishLine(lineStart, at, candidate)) return false;
    at++;
    lineStart = at;
    candidate = !hasPrefilter;
  }
  if (lineStart < end && !finishLine(lineStart, end, candidate)) return false;
  return true;
}

/** 16 bytes at a time while three overlapping loads fit, then the scalar scan for the tail. */
function scanSimd(): bool {
  let at = chunkStart;
  let lineStart = at;
  let candidate = !hasPrefilter;
  const end = chunkEnd;
  if (ASC_FEATURE_SIMD) {
    const newline = i8x16.splat(0x0a);
    const backslash = i8x16.splat(0x5c);
    const letterU = i8x16.splat(0x75);
    const slash = slashHides ? i8x16.splat(0x2f) : i8x16.splat(0x75);
    const lowNibble = i8x16.splat(0x0f);
    const zero = i8x16.splat(0);
    const tables = prefilter + TEDDY_TABLES;
    const low0 = v128.load(tables);
    const high0 = v128.load(tables, 16);
    const low1 = v128.load(tables, 32);
    const high1 = v128.load(tables, 48);
    const low2 = v128.load(tables, 64);
    const high2 = v128.load(tables, 80);
    while (at + 18 <= end) {
      if (candidate) {
        const newlines = i8x16.bitmask(i8x16.eq(v128.load(at), newline));
        if (newlines == 0) {
          at += 16;
          continue;
        }
        const position = at + <usize>ctz(newlines);
        if (!finishLine(lineStart, position, true)) return false;
        at = position + 1;
        lineStart = at;
        candidate = !hasPrefilter;
        continue;
      }
      const block0 = v128.load(at);
      const block1 = v128.load(at, 1);
      const block2 = v128.load(at, 2);
      const match0 = v128.and(i8x16.swizzle(low0, v128.and(block0, lowNibble)), i8x16.swizzle(high0, i8x16.shr_u(block0, 4)));
      const match1 = v128.and(i8x16.swizzle(low1, v128.and(block1, lowNibble)), i8x16.swizzle(high1, i8x16.shr_u(block1, 4)));
      const match2 = v128.and(i8x16.swizzle(low2, v128.and(block2, lowNibble)), i8x16.swizzle(high2, i8x16.shr_u(block2, 4)));
      const fingerprints = v128.and(v128.and(match0, match1), match2);
      const escapes = v128.and(i8x16.eq(block0, backslash), v128.or(i8x16.eq(block1, letterU), i8x16.eq(block1, slash)));
      const newlines = i8x16.eq(block0, newline);
      const hits = v128.or(i8x16.ne(fingerprints, zero), escapes);
      if (!v128.any_true(v128.or(hits, newlines))) {
        at += 16;
        continue;
      }
      let hitBits = <u32>i8x16.bitmask(hits);
      let newlineBits = <u32>i8x16.bitmask(newlines);
      while ((hitBits | newlineBits) != 0) {
        const nextNewline = newlineBits != 0 ? ctz(newlineBits) : 32;
        if (hitBits != 0 && ctz(hitBits) < nextNewline) {
          const position = at + <usize>ctz(hitBits);
          hitBits &= hitBits - 1;
          if (!candidate && confirmHit(position, lineStart)) {
            candidate = true;
            // the rest of this line needs no more checks
            hitBits = nextNewline == 32 ? 0 : hitBits & ~((<u32>1 << nextNewline) - 1);
          }
          continue;
        }
        newlineBits &= newlineBits - 1;
        const position = at + <usize>nextNewline;
        if (!finishLine(lineStart, position, candidate)) return false;
        lineStart = position + 1;
        candidate = !hasPrefilter;
      }
      at += 16;
    }
  }
  return scanScalar(at, lineStart, candidate);
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
  slashHides = hasPrefilter && prefilterHasSlash(prefilter);
  matchCount = 0;
  errorCount = 0;
  linesSeen = 0;
  linesRejected = 0;
  linesParsed = 0;
  linesEvaluated = 0;
  outputTooSmall = false;
  resumeOffset = length;
  resumeLine = 0;
  const done = ASC_FEATURE_SIMD ? scanSimd() : scanScalar(start, start, !hasPrefilter);
  if (done) {
    resumeOffset = length;
    resumeLine = lineNumber;
  }
  return done;
}
