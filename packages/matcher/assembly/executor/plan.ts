// Loading a Plan (packages/rules/PLAN.md, binary layout version 1) into unmanaged memory:
// every count, index, opcode and length is checked against the bytes, so a damaged or
// hostile plan ends in a negative error code and an offset, never in a trap. The
// metadata block (JSON: names, clause texts, providers) is skipped: the host has it.

import { deriveAnchors } from './anchors';
import { conjunctNever, conjunctsOf } from './conjuncts';
import {
  PLAN_BAD_CIDR, PLAN_BAD_MAGIC, PLAN_BAD_PROGRAM, PLAN_BAD_VERSION, PLAN_FIELD_MISMATCH, PLAN_INDEX_OUT_OF_RANGE,
  PLAN_INVALID_UTF8, PLAN_OUT_OF_BOUNDS, PLAN_STRING_SET_FAILED, PLAN_TOO_LARGE, PLAN_TRAILING_BYTES, PLAN_TRUNCATED,
  PLAN_UNKNOWN_CODE,
} from './errors';
import { trieBytes, trieInit, trieInsert, trieNodeCount } from './field-trie';
import { utf8SequenceLength } from './json-line';
import { buildPrefilter, isLiteralText } from './prefilter';
import { inMemory } from './region';
import { compileStringSet, freeStringSet, lastCompileErrorGroup, lastCompileErrorPattern, stringSetGroupCount } from './string-sets';
import { resetFieldStamps } from './value-log';

export const KIND_GROUP: u8 = 0;
export const KIND_EXISTS: u8 = 1;
export const KIND_COMPARE: u8 = 2;
export const KIND_CIDR: u8 = 3;

export const OP_EQUAL: u8 = 0;
export const OP_LESS: u8 = 1;
export const OP_LESS_OR_EQUAL: u8 = 2;
export const OP_GREATER: u8 = 3;
export const OP_GREATER_OR_EQUAL: u8 = 4;

export const VALUE_STRING: u8 = 0;
export const VALUE_NUMBER: u8 = 1;
export const VALUE_BOOLEAN: u8 = 2;

export const OPCODE_PREDICATE: u32 = 1;
export const OPCODE_NOT: u32 = 2;
export const OPCODE_AND: u32 = 3;
export const OPCODE_OR: u32 = 4;
export const OPCODE_TRUE: u32 = 5;
export const OPCODE_FALSE: u32 = 6;

const MAX_FIELDS: u32 = 65535;
const MAX_PREDICATES: u32 = 1 << 24;
const MAX_PLANS: i32 = 256;

// set record (40 bytes): field, automaton handle, group count, bit words, aggregate bits
// pointer, aggregate first-pattern pointer, epoch stamp, spec pointer (in the plan's
// bytes), spec length
export const SET_BYTES: usize = 40;
// predicate record (32 bytes): kind u8, op u8, value type u8, boolean u8, field u32,
// a u32 (set | string pointer | blocks pointer), b u32 (group | string length | block count),
// number f64, clause u32
export const PREDICATE_BYTES: usize = 32;
// rule record (16 bytes): program pointer, program length, exception count, exceptions
// pointer (pairs of program pointer and length)
export const RULE_BYTES: usize = 16;

@unmanaged
export class Plan {
  bytes: usize = 0;
  byteLength: u32 = 0;
  fieldCount: u32 = 0;
  /** per field: u32 pointer, u32 length of its dotted path (in `bytes`) */
  fieldPaths: usize = 0;
  trie: usize = 0;
  fieldHeads: usize = 0;
  fieldTails: usize = 0;
  fieldStamps: usize = 0;
  setCount: u32 = 0;
  sets: usize = 0;
  predicateCount: u32 = 0;
  predicates: usize = 0;
  predicateStamps: usize = 0;
  predicateTruth: usize = 0;
  ruleCount: u32 = 0;
  rules: usize = 0;
  /** per rule a pointer to: u32 count, u32 never (1: a `false` conjunct), u32 predicate[count] (conjuncts.ts) */
  ruleConjuncts: usize = 0;
  verdicts: usize = 0;
  stack: usize = 0;
  stackCapacity: u32 = 0;
  /** 0 when every line must be evaluated */
  prefilter: usize = 0;
  /** key anchors (anchors.ts), or 0 */
  anchors: usize = 0;
  literalPairs: usize = 0;
  literalCount: u32 = 0;
  /** u32 words of a predicate bitset */
  bitWords: u32 = 0;
  /** i32 words of one match record */
  recordWords: u32 = 0;
  matchCapacity: u32 = 0;
  matchArea: usize = 0;
  errorCapacity: u32 = 0;
  errorArea: usize = 0;
}

const plans = memory.data(MAX_PLANS << 2);

/** Byte offset in the plan where the last load error was found. */
export let planErrorOffset: u32 = 0;
/** Extra detail of the last load error: the string set index for PLAN_STRING_SET_FAILED. */
export let planErrorDetail: i32 = -1;
/** The automaton's error code, group and pattern for PLAN_STRING_SET_FAILED. */
export let planErrorCause: i32 = 0;
export let planErrorGroup: i32 = -1;
export let planErrorPattern: i32 = -1;

// ---- reader over the plan's own copy ----
let base: usize = 0;
let position: u32 = 0;
let limit: u32 = 0;
let failure: i32 = 0;

function fail(code: i32, at: u32): void {
  if (failure == 0) {
    failure = code;
    planErrorOffset = at;
  }
}

function remaining(): u32 {
  return limit - position;
}

function readU8(): u32 {
  if (failure != 0) return 0;
  if (remaining() < 1) {
    fail(PLAN_TRUNCATED, position);
    return 0;
  }
  return <u32>load<u8>(base + position++);
}

function readU16(): u32 {
  if (failure != 0) return 0;
  if (remaining() < 2) {
    fail(PLAN_TRUNCATED, position);
    return 0;
  }
  const value = <u32>load<u16>(base + position);
  position += 2;
  return value;
}

function readU32(): u32 {
  if (failure != 0) return 0;
  if (remaining() < 4) {
    fail(PLAN_TRUNCATED, position);
    return 0;
  }
  const value = load<u32>(base + position);
  position += 4;
  return value;
}

function readF64(): f64 {
  if (failure != 0) return 0;
  if (remaining() < 8) {
    fail(PLAN_TRUNCATED, position);
    return 0;
  }
  const value = load<f64>(base + position);
  position += 8;
  return value;
}

/** A count whose elements take at least `minimumBytes` each must fit in the bytes left. */
function readCount(minimumBytes: u32): u32 {
  const at = position;
  const value = readU32();
  if (failure == 0 && <u64>value * <u64>minimumBytes > <u64>remaining()) fail(PLAN_TRUNCATED, at);
  return failure == 0 ? value : 0;
}

// the last string read
let stringPointer: usize = 0;
let stringLength: u32 = 0;

function readString(checkUtf8: bool): void {
  const at = position;
  const length = readU32();
  stringPointer = base + position;
  stringLength = 0;
  if (failure != 0) return;
  if (remaining() < length) {
    fail(PLAN_TRUNCATED, at);
    return;
  }
  stringLength = length;
  position += length;
  if (checkUtf8) {
    const end = stringPointer + length;
    let cursor = stringPointer;
    while (cursor < end) {
      const sequence = utf8SequenceLength(cursor, end);
      if (sequence == 0) {
        fail(PLAN_INVALID_UTF8, at);
        return;
      }
      cursor += sequence;
    }
  }
}

function allocateZeroed(bytes: usize): usize {
  const pointer = heap.alloc(bytes == 0 ? 4 : bytes);
  memory.fill(pointer, 0, bytes == 0 ? 4 : bytes);
  return pointer;
}

/** Checks a postfix program (stack never underflows, exactly one value left); returns its deepest stack or -1. */
function checkProgram(pointer: usize, length: u32, predicateCount: u32, at: u32): i32 {
  let depth: i32 = 0;
  let deepest: i32 = 0;
  for (let index: u32 = 0; index < length; index++) {
    const word = load<u32>(pointer + (<usize>index << 2));
    const opcode = word >>> 24;
    const operand = word & 0xffffff;
    const offset = at + index * 4;
    if (opcode == OPCODE_PREDICATE) {
      if (operand >= predicateCount) {
        fail(PLAN_INDEX_OUT_OF_RANGE, offset);
        return -1;
      }
      depth++;
    } else if (opcode == OPCODE_TRUE || opcode == OPCODE_FALSE) {
      depth++;
    } else if (opcode == OPCODE_NOT) {
      if (depth < 1) {
        fail(PLAN_BAD_PROGRAM, offset);
        return -1;
      }
    } else if (opcode == OPCODE_AND || opcode == OPCODE_OR) {
      if (depth < 2) {
        fail(PLAN_BAD_PROGRAM, offset);
        return -1;
      }
      depth--;
    } else {
      fail(PLAN_UNKNOWN_CODE, offset);
      return -1;
    }
    if (depth > deepest) deepest = depth;
  }
  if (depth != 1) {
    fail(PLAN_BAD_PROGRAM, at);
    return -1;
  }
  return deepest;
}

/** Reads a program (u32 length, instructions) in place; returns its deepest stack, or -1. */
let programPointer: usize = 0;
let programLength: u32 = 0;
function readProgram(predicateCount: u32): i32 {
  const at = position;
  programLength = readCount(4);
  if (failure != 0) return -1;
  programPointer = base + position;
  position += programLength * 4;
  return checkProgram(programPointer, programLength, predicateCount, at + 4);
}

/** Frees everything a plan owns (also a partly loaded one). */
export function disposePlan(plan: Plan): void {
  if (plan.sets != 0) {
    for (let index: u32 = 0; index < plan.setCount; index++) {
      const set = plan.sets + <usize>index * SET_BYTES;
      const handle = load<i32>(set, 4);
      if (handle >= 0) freeStringSet(handle);
      const bits = <usize>load<u32>(set, 16);
      const first = <usize>load<u32>(set, 20);
      if (bits != 0) heap.free(bits);
      if (first != 0) heap.free(first);
    }
    heap.free(plan.sets);
  }
  if (plan.rules != 0) {
    for (let index: u32 = 0; index < plan.ruleCount; index++) {
      const exceptions = <usize>load<u32>(plan.rules + <usize>index * RULE_BYTES, 12);
      if (exceptions != 0) heap.free(exceptions);
    }
    heap.free(plan.rules);
  }
  if (plan.ruleConjuncts != 0) {
    for (let index: u32 = 0; index < plan.ruleCount; index++) {
      const list = <usize>load<u32>(plan.ruleConjuncts + (<usize>index << 2));
      if (list != 0) heap.free(list);
    }
    heap.free(plan.ruleConjuncts);
  }
  if (plan.trie != 0) heap.free(plan.trie);
  if (plan.fieldPaths != 0) heap.free(plan.fieldPaths);
  if (plan.anchors != 0) heap.free(plan.anchors);
  if (plan.fieldHeads != 0) heap.free(plan.fieldHeads);
  if (plan.fieldTails != 0) heap.free(plan.fieldTails);
  if (plan.fieldStamps != 0) heap.free(plan.fieldStamps);
  if (plan.predicates != 0) heap.free(plan.predicates);
  if (plan.predicateStamps != 0) heap.free(plan.predicateStamps);
  if (plan.predicateTruth != 0) heap.free(plan.predicateTruth);
  if (plan.verdicts != 0) heap.free(plan.verdicts);
  if (plan.stack != 0) heap.free(plan.stack);
  if (plan.prefilter != 0) heap.free(plan.prefilter);
  if (plan.literalPairs != 0) heap.free(plan.literalPairs);
  if (plan.matchArea != 0) heap.free(plan.matchArea);
  if (plan.errorArea != 0) heap.free(plan.errorArea);
  if (plan.bytes != 0) heap.free(plan.bytes);
  heap.free(changetype<usize>(plan));
}

function loadInto(plan: Plan): void {
  // header
  if (remaining() < 8) {
    fail(PLAN_TRUNCATED, 0);
    return;
  }
  if (load<u32>(base) != 0x5047454c) {
    // "LEGP" little-endian
    fail(PLAN_BAD_MAGIC, 0);
    return;
  }
  position = 4;
  if (readU16() != 1) {
    fail(PLAN_BAD_VERSION, 4);
    return;
  }
  readU16();

  // fields
  let at = position;
  const fieldCount = readCount(4);
  if (failure != 0) return;
  if (fieldCount > MAX_FIELDS) {
    fail(PLAN_TOO_LARGE, at);
    return;
  }
  plan.fieldCount = fieldCount;
  const fieldsStart = position;
  let segments: u32 = 0;
  for (let index: u32 = 0; index < fieldCount; index++) {
    readString(true);
    if (failure != 0) return;
    segments += 1;
    for (let offset: u32 = 0; offset < stringLength; offset++) if (load<u8>(stringPointer + offset) == 0x2e) segments++;
  }
  plan.trie = heap.alloc(trieBytes(segments));
  trieInit(plan.trie);
  const canonical = heap.alloc(<usize>max<u32>(fieldCount, 1) << 2);
  plan.fieldPaths = allocateZeroed(<usize>fieldCount << 3);
  position = fieldsStart;
  let nodeCount: i32 = 1;
  for (let index: u32 = 0; index < fieldCount; index++) {
    readString(false);
    store<u32>(plan.fieldPaths + (<usize>index << 3), <u32>stringPointer);
    store<u32>(plan.fieldPaths + (<usize>index << 3), stringLength, 4);
    store<i32>(canonical + (<usize>index << 2), trieInsert(plan.trie, nodeCount, stringPointer, stringLength, <i32>index));
    nodeCount = trieNodeCount;
  }
  plan.fieldHeads = allocateZeroed(<usize>fieldCount << 2);
  plan.fieldTails = allocateZeroed(<usize>fieldCount << 2);
  plan.fieldStamps = allocateZeroed(<usize>fieldCount << 2);
  resetFieldStamps(plan.fieldStamps, fieldCount);

  // string sets
  at = position;
  const setCount = readCount(8);
  if (failure != 0) {
    heap.free(canonical);
    return;
  }
  plan.sets = allocateZeroed(<usize>setCount * SET_BYTES);
  for (let index: u32 = 0; index < setCount; index++) store<i32>(plan.sets + <usize>index * SET_BYTES, -1, 4);
  plan.setCount = setCount;
  for (let index: u32 = 0; index < setCount; index++) {
    const setAt = position;
    const field = readU32();
    const specLength = readU32();
    if (failure != 0) break;
    if (field >= fieldCount) {
      fail(PLAN_INDEX_OUT_OF_RANGE, setAt);
      break;
    }
    if (remaining() < specLength) {
      fail(PLAN_TRUNCATED, setAt + 4);
      break;
    }
    const specPointer = base + position;
    const handle = compileStringSet(specPointer, specLength);
    if (handle < 0) {
      fail(PLAN_STRING_SET_FAILED, setAt);
      planErrorDetail = <i32>index;
      planErrorCause = handle;
      planErrorGroup = lastCompileErrorGroup();
      planErrorPattern = lastCompileErrorPattern();
      break;
    }
    position += specLength;
    const groupCount = <u32>stringSetGroupCount(handle);
    const words = (groupCount + 31) >> 5;
    const set = plan.sets + <usize>index * SET_BYTES;
    store<u32>(set, <u32>load<i32>(canonical + (<usize>field << 2)));
    store<i32>(set, handle, 4);
    store<u32>(set, groupCount, 8);
    store<u32>(set, words, 12);
    store<u32>(set, <u32>allocateZeroed(<usize>words << 2), 16);
    store<u32>(set, <u32>allocateZeroed(<usize>groupCount << 2), 20);
    store<u32>(set, 0, 24);
    store<u32>(set, <u32>specPointer, 28);
    store<u32>(set, specLength, 32);
  }
  if (failure != 0) {
    heap.free(canonical);
    return;
  }

  // predicates
  at = position;
  const predicateCount = readCount(12);
  if (failure == 0 && predicateCount > MAX_PREDICATES) fail(PLAN_TOO_LARGE, at);
  if (failure != 0) {
    heap.free(canonical);
    return;
  }
  plan.predicateCount = predicateCount;
  plan.predicates = allocateZeroed(<usize>predicateCount * PREDICATE_BYTES);
  plan.predicateStamps = allocateZeroed(<usize>predicateCount << 2);
  plan.predicateTruth = allocateZeroed(<usize>predicateCount);
  for (let index: u32 = 0; index < predicateCount && failure == 0; index++) {
    const predicateAt = position;
    const kind = readU8();
    const op = readU8();
    readU16();
    const field = readU32();
    const clause = readU32();
    if (failure != 0) break;
    if (field >= fieldCount) {
      fail(PLAN_INDEX_OUT_OF_RANGE, predicateAt + 4);
      break;
    }
    const record = plan.predicates + <usize>index * PREDICATE_BYTES;
    store<u8>(record, <u8>kind);
    store<u8>(record, <u8>op, 1);
    store<u32>(record, <u32>load<i32>(canonical + (<usize>field << 2)), 4);
    store<u32>(record, clause, 24);
    if (kind == KIND_GROUP) {
      const set = readU32();
      const group = readU32();
      if (failure != 0) break;
      if (set >= setCount || group >= load<u32>(plan.sets + <usize>set * SET_BYTES, 8)) {
        fail(PLAN_INDEX_OUT_OF_RANGE, predicateAt + 12);
        break;
      }
      if (load<u32>(plan.sets + <usize>set * SET_BYTES) != load<u32>(record, 4)) {
        fail(PLAN_FIELD_MISMATCH, predicateAt);
        break;
      }
      store<u32>(record, set, 8);
      store<u32>(record, group, 12);
    } else if (kind == KIND_EXISTS) {
      // no body
    } else if (kind == KIND_COMPARE) {
      if (op > OP_GREATER_OR_EQUAL) {
        fail(PLAN_UNKNOWN_CODE, predicateAt + 1);
        break;
      }
      const typeAt = position;
      const type = readU8();
      store<u8>(record, <u8>type, 2);
      if (type == VALUE_STRING) {
        readString(true);
        store<u32>(record, <u32>stringPointer, 8);
        store<u32>(record, stringLength, 12);
      } else if (type == VALUE_NUMBER) {
        store<f64>(record, readF64(), 16);
      } else if (type == VALUE_BOOLEAN) {
        store<u8>(record, <u8>(readU8() == 1 ? 1 : 0), 3);
      } else if (failure == 0) {
        fail(PLAN_UNKNOWN_CODE, typeAt);
      }
    } else if (kind == KIND_CIDR) {
      const count = readCount(18);
      if (failure != 0) break;
      store<u32>(record, <u32>(base + position), 8);
      store<u32>(record, count, 12);
      for (let block: u32 = 0; block < count; block++) {
        const blockAt = position;
        const family = load<u8>(base + position);
        const prefixLength = load<u8>(base + position + 1);
        if (family != 4 && family != 6) {
          fail(PLAN_UNKNOWN_CODE, blockAt);
          break;
        }
        if (prefixLength > (family == 4 ? 32 : 128)) {
          fail(PLAN_BAD_CIDR, blockAt + 1);
          break;
        }
        position += 18;
      }
    } else {
      fail(PLAN_UNKNOWN_CODE, predicateAt);
    }
  }
  heap.free(canonical);
  if (failure != 0) return;

  // rules and their exceptions
  at = position;
  const ruleCount = readCount(8);
  if (failure != 0) return;
  plan.ruleCount = ruleCount;
  plan.rules = allocateZeroed(<usize>ruleCount * RULE_BYTES);
  plan.verdicts = allocateZeroed(<usize>ruleCount << 2);
  let deepest: i32 = 1;
  for (let index: u32 = 0; index < ruleCount && failure == 0; index++) {
    const record = plan.rules + <usize>index * RULE_BYTES;
    const depth = readProgram(predicateCount);
    if (depth < 0) break;
    if (depth > deepest) deepest = depth;
    store<u32>(record, <u32>programPointer);
    store<u32>(record, programLength, 4);
    const exceptionCount = readCount(4);
    if (failure != 0) break;
    const exceptions = allocateZeroed(<usize>exceptionCount << 3);
    store<u32>(record, exceptionCount, 8);
    store<u32>(record, <u32>exceptions, 12);
    for (let exception: u32 = 0; exception < exceptionCount; exception++) {
      const exceptionDepth = readProgram(predicateCount);
      if (exceptionDepth < 0) break;
      if (exceptionDepth > deepest) deepest = exceptionDepth;
      store<u32>(exceptions + (<usize>exception << 3), <u32>programPointer);
      store<u32>(exceptions + (<usize>exception << 3), programLength, 4);
    }
  }
  if (failure != 0) return;
  plan.stackCapacity = <u32>deepest;
  plan.stack = allocateZeroed(<usize>deepest);

  // prefilter
  const hasPrefilter = readU8();
  at = position;
  const literalCount = readCount(4);
  if (failure != 0) return;
  const pairs = allocateZeroed(<usize>literalCount << 3);
  plan.literalPairs = pairs;
  plan.literalCount = literalCount;
  let usable = hasPrefilter == 1 && literalCount > 0;
  for (let index: u32 = 0; index < literalCount; index++) {
    readString(true);
    if (failure != 0) return;
    store<u32>(pairs + (<usize>index << 3), <u32>stringPointer);
    store<u32>(pairs + (<usize>index << 3), stringLength, 4);
    // a literal outside PLAN.md's alphabet could hide behind escapes we do not check for:
    // run without a prefilter rather than risk a missed match
    if (!isLiteralText(stringPointer, stringLength)) usable = false;
  }
  if (usable) plan.prefilter = buildPrefilter(pairs, literalCount);

  // metadata block: skipped, but it must be the last thing
  readString(false);
  if (failure != 0) return;
  if (position != limit) {
    fail(PLAN_TRAILING_BYTES, position);
    return;
  }
  plan.ruleConjuncts = allocateZeroed(<usize>plan.ruleCount << 2);
  for (let rule: u32 = 0; rule < plan.ruleCount; rule++) {
    const record = plan.rules + <usize>rule * RULE_BYTES;
    const length = load<u32>(record, 4);
    const list = allocateZeroed(8 + (<usize>length << 2));
    store<u32>(list, conjunctsOf(<usize>load<u32>(record), length, list + 8));
    store<u32>(list, conjunctNever ? 1 : 0, 4);
    store<u32>(plan.ruleConjuncts + (<usize>rule << 2), <u32>list);
  }
  plan.anchors = deriveAnchors(plan);
}

/**
 * Loads the plan bytes [pointer, pointer + length) (copied: the host may free them).
 * Returns a plan handle >= 0, or a negative PLAN_* code with planErrorOffset set.
 */
export function loadPlan(pointer: usize, length: u32): i32 {
  failure = 0;
  planErrorOffset = 0;
  planErrorDetail = -1;
  planErrorCause = 0;
  planErrorGroup = -1;
  planErrorPattern = -1;
  if (!inMemory(pointer, length)) return PLAN_OUT_OF_BOUNDS;
  let handle: i32 = -1;
  for (let index: i32 = 0; index < MAX_PLANS; index++) {
    if (load<u32>(plans + (<usize>index << 2)) == 0) {
      handle = index;
      break;
    }
  }
  if (handle < 0) return PLAN_TOO_LARGE;
  const plan = changetype<Plan>(allocateZeroed(offsetof<Plan>()));
  plan.bytes = heap.alloc(length == 0 ? 4 : length);
  plan.byteLength = length;
  memory.copy(plan.bytes, pointer, length);
  base = plan.bytes;
  position = 0;
  limit = length;
  loadInto(plan);
  if (failure != 0) {
    disposePlan(plan);
    return failure;
  }
  plan.bitWords = (plan.predicateCount + 31) >> 5;
  plan.recordWords = 5 + 2 * plan.bitWords + plan.predicateCount;
  store<u32>(plans + (<usize>handle << 2), <u32>changetype<usize>(plan));
  return handle;
}

/** The plan of a handle, or 0. */
export function planOf(handle: i32): usize {
  if (handle < 0 || handle >= MAX_PLANS) return 0;
  return <usize>load<u32>(plans + (<usize>handle << 2));
}

export function freePlan(handle: i32): void {
  const pointer = planOf(handle);
  if (pointer == 0) return;
  disposePlan(changetype<Plan>(pointer));
  store<u32>(plans + (<usize>handle << 2), 0);
}
