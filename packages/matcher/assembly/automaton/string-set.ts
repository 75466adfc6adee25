// The AS-internal API of string sets: what the raw-bytes executor (assembly/executor/)
// and the ABI file call. Handles index a table of compiled sets in unmanaged memory.
//
// Contract (stable; see DESIGN.md):
//   compileStringSet(specPtr, specLen) -> handle >= 0, or a negative error code with
//     lastCompileErrorCode/Group/Pattern set;
//   matchStringSet(handle, valuePtr, valueLen) -> number of groups matched (>= 0), or
//     ERROR_INVALID_HANDLE / ERROR_OUT_OF_BOUNDS; fills the set's result area;
//   streaming: stringSetStart / stringSetAdvance / stringSetFinish, for values that
//     arrive in pieces (JSON strings with escapes): feed the decoded pieces in order.
// Matching never allocates and never traps. Do not interleave two values on one set.

import { CompiledSet } from './compiled-set';
import {
  ERROR_INVALID_HANDLE, ERROR_INVALID_LIMIT, ERROR_INVALID_STATE, ERROR_OUT_OF_BOUNDS, ERROR_TOO_MANY_SETS,
  clearCompileError, fail, lastCompileErrorCode,
} from './errors';
import { DEFAULT_CACHE_STATES, DEFAULT_MAX_DFA_STATES, MAX_NFA_NODES, MAX_SETS, MIN_CACHE_STATES } from './limits';
import { isInMemory, reallocateWords } from './memory';
import { buildNfa } from './nfa';

export { KIND_DFA, KIND_LAZY_DFA } from './compiled-set';
export {
  lastCompileErrorCode, lastCompileErrorGroup, lastCompileErrorPattern,
  ERROR_TRUNCATED_SPEC, ERROR_INVALID_MODE, ERROR_INVALID_FLAGS, ERROR_INVALID_UTF8, ERROR_TOO_MANY_GROUPS,
  ERROR_TOO_MANY_PATTERNS, ERROR_SET_TOO_LARGE, ERROR_TRAILING_BYTES, ERROR_OUT_OF_BOUNDS, ERROR_TOO_MANY_SETS,
  ERROR_INVALID_LIMIT, ERROR_INVALID_HANDLE, ERROR_INVALID_STATE,
} from './errors';

/** Largest `cacheStates` a caller may ask for. */
const MAX_CACHE_STATES: u32 = 1 << 16;
/** Largest `maxDfaStates` a caller may ask for (the table-bytes cap applies as well). */
const MAX_DFA_STATES_LIMIT: u32 = 1 << 20;

let handleTable: usize = 0;
let handleCapacity: u32 = 0;

function setOf(handle: i32): CompiledSet | null {
  if (handle < 0 || <u32>handle >= handleCapacity) return null;
  const pointer = load<usize>(handleTable + (<usize>handle << 2));
  return pointer == 0 ? null : changetype<CompiledSet>(pointer);
}

function freeHandle(): i32 {
  for (let index: u32 = 0; index < handleCapacity; index++) {
    if (load<usize>(handleTable + (<usize>index << 2)) == 0) return <i32>index;
  }
  if (handleCapacity >= MAX_SETS) return -1;
  const capacity = handleCapacity == 0 ? 16 : min<u32>(handleCapacity * 2, MAX_SETS);
  handleTable = reallocateWords(handleTable, capacity);
  memory.fill(handleTable + (<usize>handleCapacity << 2), 0, <usize>(capacity - handleCapacity) << 2);
  const handle = <i32>handleCapacity;
  handleCapacity = capacity;
  return handle;
}

/** Compiles with the default bounds. */
export function compileStringSet(specPtr: usize, specLen: u32): i32 {
  return compileStringSetWithLimits(specPtr, specLen, DEFAULT_MAX_DFA_STATES, DEFAULT_CACHE_STATES);
}

/**
 * Compiles with explicit bounds: `maxDfaStates` caps eager construction (0 = always the
 * lazy DFA, which tests use to exercise it), `cacheStates` sizes the lazy DFA's cache.
 */
export function compileStringSetWithLimits(specPtr: usize, specLen: u32, maxDfaStates: u32, cacheStates: u32): i32 {
  clearCompileError();
  if (!isInMemory(specPtr, specLen)) return fail(ERROR_OUT_OF_BOUNDS, -1, -1);
  if (maxDfaStates > MAX_DFA_STATES_LIMIT || cacheStates < MIN_CACHE_STATES || cacheStates > MAX_CACHE_STATES) {
    return fail(ERROR_INVALID_LIMIT, -1, -1);
  }
  const handle = freeHandle();
  if (handle < 0) return fail(ERROR_TOO_MANY_SETS, -1, -1);
  const nfa = buildNfa(specPtr, specLen, MAX_NFA_NODES);
  if (nfa == null) return lastCompileErrorCode();
  const set = CompiledSet.create(nfa, maxDfaStates, cacheStates);
  store<usize>(handleTable + (<usize>handle << 2), changetype<usize>(set));
  return handle;
}

/** Frees a set; its handle may be reused by a later compile. Unknown handles are ignored. */
export function freeStringSet(handle: i32): void {
  const set = setOf(handle);
  if (set == null) return;
  set.dispose();
  store<usize>(handleTable + (<usize>handle << 2), 0);
}

/** Matches one whole value; returns the number of groups matched. */
export function matchStringSet(handle: i32, valuePtr: usize, valueLen: u32): i32 {
  const set = setOf(handle);
  if (set == null) return ERROR_INVALID_HANDLE;
  if (!isInMemory(valuePtr, valueLen)) return ERROR_OUT_OF_BOUNDS;
  return set.finish(set.advance(set.startRow, valuePtr, valuePtr + valueLen));
}

/** Streaming: the state before any byte (a non-negative row), or ERROR_INVALID_HANDLE. */
export function stringSetStart(handle: i32): i32 {
  const set = setOf(handle);
  if (set == null) return ERROR_INVALID_HANDLE;
  return <i32>set.startRow;
}

/** Streaming: the state after the bytes; 0 is the dead state (no match is possible any more). */
export function stringSetAdvance(handle: i32, state: i32, valuePtr: usize, valueLen: u32): i32 {
  const set = setOf(handle);
  if (set == null) return ERROR_INVALID_HANDLE;
  if (state < 0 || !set.isValidRow(<u32>state)) return ERROR_INVALID_STATE;
  if (!isInMemory(valuePtr, valueLen)) return ERROR_OUT_OF_BOUNDS;
  return <i32>set.advance(<u32>state, valuePtr, valuePtr + valueLen);
}

/** Streaming: ends the value at `state`, fills the result area, returns the groups matched. */
export function stringSetFinish(handle: i32, state: i32): i32 {
  const set = setOf(handle);
  if (set == null) return ERROR_INVALID_HANDLE;
  if (state < 0 || !set.isValidRow(<u32>state)) return ERROR_INVALID_STATE;
  return set.finish(<u32>state);
}

/** Bitset of the groups matched by the last match: u32 words, ceil(groups / 32) of them. */
export function resultGroupBitsPtr(handle: i32): usize {
  const set = setOf(handle);
  return set == null ? 0 : set.resultBits;
}

/** Per group, the index of its first pattern that matched, or -1 (i32 per group). */
export function resultFirstPatternPtr(handle: i32): usize {
  const set = setOf(handle);
  return set == null ? 0 : set.resultFirst;
}

/** The last match as (group, first pattern) u32 pairs, ascending by group; as many as it returned. */
export function resultMatchesPtr(handle: i32): usize {
  const set = setOf(handle);
  return set == null ? 0 : set.resultPairs;
}

export function stringSetGroupCount(handle: i32): i32 {
  const set = setOf(handle);
  return set == null ? ERROR_INVALID_HANDLE : <i32>set.groupCount;
}

/** KIND_DFA (0) or KIND_LAZY_DFA (1). */
export function stringSetKind(handle: i32): i32 {
  const set = setOf(handle);
  return set == null ? ERROR_INVALID_HANDLE : set.kind;
}

/** DFA: states built. Lazy DFA: the cache's capacity in states. */
export function stringSetStates(handle: i32): i32 {
  const set = setOf(handle);
  return set == null ? ERROR_INVALID_HANDLE : <i32>set.stateCapacity;
}

/** Bytes of the transition table (DFA: all of it; lazy DFA: the cache's). */
export function stringSetTableBytes(handle: i32): i32 {
  const set = setOf(handle);
  return set == null ? ERROR_INVALID_HANDLE : <i32>set.tableBytes();
}

/** All unmanaged bytes the set holds (tables, accept lists, cache, NFA). */
export function stringSetMemoryBytes(handle: i32): i32 {
  const set = setOf(handle);
  return set == null ? ERROR_INVALID_HANDLE : <i32>set.memoryBytes();
}

export function stringSetNfaNodes(handle: i32): i32 {
  const set = setOf(handle);
  return set == null ? ERROR_INVALID_HANDLE : <i32>set.nfaNodeCount;
}

export function stringSetClassCount(handle: i32): i32 {
  const set = setOf(handle);
  return set == null ? ERROR_INVALID_HANDLE : <i32>set.classCount;
}

/** How many times the lazy DFA's cache was flushed (always 0 for a DFA). */
export function stringSetCacheFlushes(handle: i32): i32 {
  const set = setOf(handle);
  return set == null ? ERROR_INVALID_HANDLE : <i32>set.flushes;
}
