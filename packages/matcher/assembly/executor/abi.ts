// Raw-bytes executor ABI: NDJSON bytes in, verdicts out (issue 4). Numbers only; the host
// passes bytes as (pointer, length) and reads records from areas whose addresses it asks
// for after each call (memory may have grown: rebuild views). The TS glue is
// src/executor/raw-executor.ts; the record layouts are documented there and in DESIGN.md.

import { ANCHOR_COUNT, ANCHOR_LIST } from './anchors';
import { PLAN_OUT_OF_MEMORY, SCAN_BAD_ARGUMENT, SCAN_INVALID_HANDLE, SCAN_OUTPUT_TOO_SMALL, SCAN_OUT_OF_BOUNDS } from './errors';
import {
  Plan, freePlan, loadPlan, planErrorCause, planErrorDetail, planErrorGroup, planErrorOffset, planErrorPattern, planOf,
} from './plan';
import { prefilterFingerprintLength, prefilterLiteralCount } from './prefilter';
import { grownCapacity, inMemory, takePages } from './region';
import {
  ERROR_RECORD_WORDS, errorCount, linesEvaluated, linesParsed, linesRejected, linesSeen, matchCount, outputTooSmall,
  resumeLine, resumeOffset, scanChunk,
} from './scanner';

/** Bytes readable past the end of the input region (the SIMD loops never need more than 19). */
const INPUT_SLACK: u64 = 64;
const MAX_OUTPUT_BYTES: u64 = 64 << 20;

let inputPointer: usize = 0;
let inputCapacity: u64 = 0;

/** 1: the executor is built into this module. Called once by the loader. */
export function executorReady(): i32 {
  return 1;
}

/**
 * Loads a plan from [pointer, pointer + length) (the bytes are copied). Returns a handle
 * >= 0, or a negative PLAN_* code; executorPlanErrorOffset() etc. then locate the problem.
 * Called once per plan.
 */
export function executorPlanLoad(pointer: usize, length: u32): i32 {
  const handle = loadPlan(pointer, length);
  if (handle < 0) return handle;
  const plan = changetype<Plan>(planOf(handle));
  const code = executorSetOutput(handle, max<u32>(256, plan.ruleCount), 256);
  if (code < 0) {
    freePlan(handle);
    return PLAN_OUT_OF_MEMORY;
  }
  return handle;
}

export function executorPlanFree(handle: i32): void {
  freePlan(handle);
}

export function executorPlanErrorOffset(): u32 {
  return planErrorOffset;
}

/** For a string set that failed to compile: its index, the automaton's code, group and pattern. */
export function executorPlanErrorSet(): i32 {
  return planErrorDetail;
}

export function executorPlanErrorCause(): i32 {
  return planErrorCause;
}

export function executorPlanErrorGroup(): i32 {
  return planErrorGroup;
}

export function executorPlanErrorPattern(): i32 {
  return planErrorPattern;
}

/**
 * What a loaded plan holds, for the host and for benchmarks: 0 fields, 1 string sets,
 * 2 predicates, 3 rules, 4 prefilter literals (-1 when the plan runs without a
 * prefilter), 5 Teddy fingerprint length, 6 i32 words per match record, 7 u32 words per
 * predicate bitset, 8 match capacity, 9 error capacity.
 */
export function executorPlanInfo(handle: i32, what: i32): i32 {
  const pointer = planOf(handle);
  if (pointer == 0) return SCAN_INVALID_HANDLE;
  const plan = changetype<Plan>(pointer);
  switch (what) {
    case 0:
      return <i32>plan.fieldCount;
    case 1:
      return <i32>plan.setCount;
    case 2:
      return <i32>plan.predicateCount;
    case 3:
      return <i32>plan.ruleCount;
    case 4:
      return plan.prefilter == 0 ? -1 : <i32>prefilterLiteralCount(plan.prefilter);
    case 5:
      return plan.prefilter == 0 ? 0 : <i32>prefilterFingerprintLength(plan.prefilter);
    case 6:
      return <i32>plan.recordWords;
    case 7:
      return <i32>plan.bitWords;
    case 8:
      return <i32>plan.matchCapacity;
    case 9:
      return <i32>plan.errorCapacity;
  }
  return SCAN_BAD_ARGUMENT;
}

/** Key anchors of a plan (anchors.ts): how many, and each one's bytes (pointer, length). Called once by info(). */
export function executorPlanAnchorCount(handle: i32): i32 {
  const pointer = planOf(handle);
  if (pointer == 0) return SCAN_INVALID_HANDLE;
  const anchors = changetype<Plan>(pointer).anchors;
  return anchors == 0 ? 0 : <i32>load<u32>(anchors + ANCHOR_COUNT);
}

export function executorPlanAnchorPointer(handle: i32, index: i32): usize {
  const count = executorPlanAnchorCount(handle);
  if (index < 0 || index >= count) return 0;
  return <usize>load<u32>(changetype<Plan>(planOf(handle)).anchors + ANCHOR_LIST + (<usize>index << 3));
}

export function executorPlanAnchorLength(handle: i32, index: i32): i32 {
  const count = executorPlanAnchorCount(handle);
  if (index < 0 || index >= count) return 0;
  return <i32>load<u32>(changetype<Plan>(planOf(handle)).anchors + ANCHOR_LIST + (<usize>index << 3), 4);
}

/**
 * Sizes a plan's output areas: room for `matchRecords` match records (at least one
 * line's worth: one per rule) and `errorRecords` error records (at least one). Called
 * once after loading, and again only to resize.
 */
export function executorSetOutput(handle: i32, matchRecords: u32, errorRecords: u32): i32 {
  const pointer = planOf(handle);
  if (pointer == 0) return SCAN_INVALID_HANDLE;
  const plan = changetype<Plan>(pointer);
  if (matchRecords < plan.ruleCount || matchRecords == 0 || errorRecords == 0) return SCAN_OUTPUT_TOO_SMALL;
  const matchBytes = <u64>matchRecords * <u64>plan.recordWords * 4;
  const errorBytes = <u64>errorRecords * <u64>ERROR_RECORD_WORDS * 4;
  if (matchBytes > MAX_OUTPUT_BYTES || errorBytes > MAX_OUTPUT_BYTES) return SCAN_BAD_ARGUMENT;
  if (plan.matchArea != 0) heap.free(plan.matchArea);
  if (plan.errorArea != 0) heap.free(plan.errorArea);
  plan.matchArea = heap.alloc(<usize>matchBytes);
  plan.errorArea = heap.alloc(<usize>errorBytes);
  plan.matchCapacity = matchRecords;
  plan.errorCapacity = errorRecords;
  return 0;
}

export function executorMatchArea(handle: i32): usize {
  const pointer = planOf(handle);
  return pointer == 0 ? 0 : changetype<Plan>(pointer).matchArea;
}

export function executorErrorArea(handle: i32): usize {
  const pointer = planOf(handle);
  return pointer == 0 ? 0 : changetype<Plan>(pointer).errorArea;
}

/**
 * A scratch input region of at least `bytes` bytes (plus slack), for hosts that write
 * their chunk straight into the module's memory. Its contents do not survive a call that
 * grows it. Returns its address, or 0 when memory cannot grow.
 */
export function executorInput(bytes: u32): usize {
  const needed = <u64>bytes + INPUT_SLACK;
  if (needed > inputCapacity) {
    const capacity = grownCapacity(inputCapacity, needed);
    const pointer = takePages(capacity);
    if (pointer == 0) return 0;
    inputPointer = pointer;
    inputCapacity = capacity;
  }
  return inputPointer;
}

/**
 * Scans the NDJSON chunk [pointer, pointer + length) with a plan. `flags` bit 0: validate
 * every line (exact malformed counts). Lines are numbered from `firstLine`. Returns 0
 * when the chunk is done, 1 when an output area filled up (read the records, then call
 * again from executorResumeOffset() with firstLine = executorResumeLine()), or a negative
 * SCAN_* code. Called once per chunk (plus once per resume); many lines per call.
 */
export function executorScan(handle: i32, pointer: usize, length: u32, flags: u32, firstLine: u32): i32 {
  const planPointer = planOf(handle);
  if (planPointer == 0) return SCAN_INVALID_HANDLE;
  if (!inMemory(pointer, length)) return SCAN_OUT_OF_BOUNDS;
  if (flags > 1) return SCAN_BAD_ARGUMENT;
  if (scanChunk(changetype<Plan>(planPointer), pointer, length, (flags & 1) != 0, firstLine)) return 0;
  return outputTooSmall ? SCAN_OUTPUT_TOO_SMALL : 1;
}

export function executorMatchCount(): u32 {
  return matchCount;
}

export function executorErrorCount(): u32 {
  return errorCount;
}

export function executorLines(): u32 {
  return linesSeen;
}

export function executorRejected(): u32 {
  return linesRejected;
}

export function executorParsed(): u32 {
  return linesParsed;
}

export function executorEvaluated(): u32 {
  return linesEvaluated;
}

export function executorResumeOffset(): u32 {
  return resumeOffset;
}

export function executorResumeLine(): u32 {
  return resumeLine;
}
