// String-set automaton ABI: the WebAssembly exports for the JS host. Numbers only; bytes
// travel as (pointer, length) inside the scratch region the host gets from
// stringSetScratch. Other AS code (the executor) imports './string-set' directly.
//
// Spec layout (little-endian), emitted by the TS encoder and by the Plan compiler:
//   u32 groupCount
//   repeat groupCount:
//     u8 mode (0 exact, 1 wildcard, 2 prefix, 3 suffix, 4 contains)
//     u8 flags (bit0 = ASCII case-insensitive)   u16 reserved (0)
//     u32 patternCount
//     repeat patternCount: u32 byteLength, then the pattern's UTF-8 bytes

import * as sets from './string-set';
import { isInMemory } from './memory';

/** Largest scratch region the host may ask for. */
const MAX_SCRATCH_BYTES: u32 = 256 << 20;

let scratch: usize = 0;
let scratchCapacity: u32 = 0;

/**
 * A scratch region of at least `size` bytes for the host to write specs and values into;
 * 0 when `size` exceeds 256 MiB. Called by the host when it needs more room than it has
 * (rarely); the region may move and memory may grow, so the host rebuilds its views.
 */
export function stringSetScratch(size: u32): usize {
  if (size > MAX_SCRATCH_BYTES) return 0;
  if (size > scratchCapacity || scratch == 0) {
    const capacity = max<u32>(size, max<u32>(scratchCapacity * 2, 4096));
    scratch = scratch == 0 ? heap.alloc(capacity) : heap.realloc(scratch, capacity);
    scratchCapacity = capacity;
  }
  return scratch;
}

/** Compiles a spec at (specPtr, specLen). Called once per set (at load or rule reload). */
export function compileStringSet(specPtr: usize, specLen: u32): i32 {
  return sets.compileStringSet(specPtr, specLen);
}

/** As compileStringSet with explicit bounds (tests and benchmarks; see DESIGN.md). */
export function compileStringSetWithLimits(specPtr: usize, specLen: u32, maxDfaStates: u32, cacheStates: u32): i32 {
  return sets.compileStringSetWithLimits(specPtr, specLen, maxDfaStates, cacheStates);
}

/** After a failed compile: its code, and the group and pattern it names (-1 when none). */
export function lastCompileErrorCode(): i32 {
  return sets.lastCompileErrorCode();
}
export function lastCompileErrorGroup(): i32 {
  return sets.lastCompileErrorGroup();
}
export function lastCompileErrorPattern(): i32 {
  return sets.lastCompileErrorPattern();
}

/** Frees a set. Called once per set. */
export function freeStringSet(handle: i32): void {
  sets.freeStringSet(handle);
}

/** Matches one value; called once per value (hot). Returns the number of groups matched. */
export function matchStringSet(handle: i32, valuePtr: usize, valueLen: u32): i32 {
  return sets.matchStringSet(handle, valuePtr, valueLen);
}

/**
 * Matches `count` values described by (u32 pointer, u32 length) pairs at `valuesPtr` and
 * writes each one's matched-group count (i32) at `countsPtr`; the result area holds the
 * last value's result. Returns `count`, or a negative error. One call per batch (hot).
 */
export function matchStringSetMany(handle: i32, valuesPtr: usize, count: u32, countsPtr: usize): i32 {
  if (count > 0x1fffffff) return sets.ERROR_OUT_OF_BOUNDS;
  if (!isInMemory(valuesPtr, count << 3) || !isInMemory(countsPtr, count << 2)) return sets.ERROR_OUT_OF_BOUNDS;
  for (let index: u32 = 0; index < count; index++) {
    const pointer = load<u32>(valuesPtr + (<usize>index << 3));
    const length = load<u32>(valuesPtr + (<usize>index << 3) + 4);
    const result = sets.matchStringSet(handle, pointer, length);
    if (result == sets.ERROR_INVALID_HANDLE) return result;
    store<i32>(countsPtr + (<usize>index << 2), result);
  }
  return <i32>count;
}

/** Streaming match (values in pieces): start, advance per piece, finish. */
export function stringSetStart(handle: i32): i32 {
  return sets.stringSetStart(handle);
}
export function stringSetAdvance(handle: i32, state: i32, valuePtr: usize, valueLen: u32): i32 {
  return sets.stringSetAdvance(handle, state, valuePtr, valueLen);
}
export function stringSetFinish(handle: i32, state: i32): i32 {
  return sets.stringSetFinish(handle, state);
}

/** Result area of the last match (pointers stay valid until the set is freed). */
export function resultGroupBitsPtr(handle: i32): usize {
  return sets.resultGroupBitsPtr(handle);
}
export function resultFirstPatternPtr(handle: i32): usize {
  return sets.resultFirstPatternPtr(handle);
}
export function resultMatchesPtr(handle: i32): usize {
  return sets.resultMatchesPtr(handle);
}

/** What was built, for info() and benchmarks. Called rarely. */
export function stringSetGroupCount(handle: i32): i32 {
  return sets.stringSetGroupCount(handle);
}
export function stringSetKind(handle: i32): i32 {
  return sets.stringSetKind(handle);
}
export function stringSetStates(handle: i32): i32 {
  return sets.stringSetStates(handle);
}
export function stringSetTableBytes(handle: i32): i32 {
  return sets.stringSetTableBytes(handle);
}
export function stringSetMemoryBytes(handle: i32): i32 {
  return sets.stringSetMemoryBytes(handle);
}
export function stringSetNfaNodes(handle: i32): i32 {
  return sets.stringSetNfaNodes(handle);
}
export function stringSetClassCount(handle: i32): i32 {
  return sets.stringSetClassCount(handle);
}
export function stringSetCacheFlushes(handle: i32): i32 {
  return sets.stringSetCacheFlushes(handle);
}
