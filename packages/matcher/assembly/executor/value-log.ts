// What the line parser extracts from one line: the values of the plan's fields, in
// document order, plus what it needs to apply JSON.parse's duplicate-key rule.
//
// Values. A log entry is one leaf value at a plan field (16 bytes: pointer, length,
// next entry of the same field or -1, field id u16, type u8, dead u8). Strings point at
// their decoded UTF-8 (into the line itself when the text has no escape, else into the
// decode area); numbers point at their JSON text. Entries of one field are chained, so a
// predicate visits only its own field's values.
//
// Duplicate keys. JSON.parse keeps the last of two equal keys in one object, and the
// value it drops may hold any number of plan values (`{"process": {"name": "a"},
// "process": {"pid": 1}}` has no process.name). The values found under one key
// occurrence are a contiguous run of the log, so each object records, for every
// plan-relevant key it has seen, the run its last occurrence produced; a repeated key
// marks that run dead. Keys are compared after escape decoding (as JSON.parse does), and
// `"a.b"` is a different key from `"a"` (so `{"a.b": 1, "a": {"b": 2}}` keeps both).

import { grownCapacity, takePages } from './region';

export const TYPE_STRING: u8 = 1;
export const TYPE_NUMBER: u8 = 2;
export const TYPE_TRUE: u8 = 3;
export const TYPE_FALSE: u8 = 4;

const ENTRY_BYTES: usize = 16;
const SEEN_BYTES: usize = 16;

// ---- the log ----
let logPointer: usize = 0;
let logCapacity: u32 = 0;
export let logLength: u32 = 0;

// ---- per-field chains (arrays sized by the plan, set by the caller) ----
let fieldHeads: usize = 0;
let fieldTails: usize = 0;
let fieldStamps: usize = 0;
let epoch: u32 = 0;

// ---- the decode area: decoded strings and keys of the current line ----
let decodePointer: usize = 0;
let decodeCapacity: u64 = 0;
export let decodeLength: usize = 0;

// ---- keys seen by the open objects ----
let seenPointer: usize = 0;
let seenCapacity: u32 = 0;
export let seenLength: u32 = 0;

/**
 * Starts a line: forgets the previous line's values and makes sure the decode area can
 * hold `lineLength` bytes (decoded text is never longer than its JSON text). Returns
 * false when memory cannot grow.
 */
export function beginLine(heads: usize, tails: usize, stamps: usize, lineLength: u32): bool {
  fieldHeads = heads;
  fieldTails = tails;
  fieldStamps = stamps;
  epoch++;
  if (epoch == 0) {
    // the stamps wrapped around: nothing stamped before may look current
    epoch = 1;
  }
  logLength = 0;
  seenLength = 0;
  decodeLength = 0;
  if (<u64>lineLength > decodeCapacity) {
    const capacity = grownCapacity(decodeCapacity, <u64>lineLength);
    const pointer = takePages(capacity);
    if (pointer == 0) return false;
    decodePointer = pointer;
    decodeCapacity = capacity;
  }
  return true;
}

/** The current epoch; plan-side caches stamped with it belong to the current line. */
export function currentEpoch(): u32 {
  return epoch;
}

/** Stamps of a plan's fields must be reset when the plan is (re)created: call with its arrays. */
export function resetFieldStamps(stamps: usize, count: u32): void {
  memory.fill(stamps, 0, <usize>count << 2);
}

function growLog(): bool {
  const capacity = grownCapacity(<u64>logCapacity * ENTRY_BYTES, (<u64>logCapacity + 1) * ENTRY_BYTES);
  const pointer = takePages(capacity);
  if (pointer == 0) return false;
  if (logLength != 0) memory.copy(pointer, logPointer, <usize>logLength * ENTRY_BYTES);
  logPointer = pointer;
  logCapacity = <u32>(capacity / ENTRY_BYTES);
  return true;
}

/** Appends a value of `field`; false when memory cannot grow. */
export function recordValue(field: i32, type: u8, pointer: usize, length: u32): bool {
  if (logLength == logCapacity && !growLog()) return false;
  const index = logLength++;
  const at = logPointer + <usize>index * ENTRY_BYTES;
  store<u32>(at, <u32>pointer);
  store<u32>(at, length, 4);
  store<i32>(at, -1, 8);
  store<u16>(at, <u16>field, 12);
  store<u8>(at, type, 14);
  store<u8>(at, 0, 15);
  const slot = <usize>field << 2;
  if (load<u32>(fieldStamps + slot) != epoch) {
    store<u32>(fieldStamps + slot, epoch);
    store<i32>(fieldHeads + slot, <i32>index);
  } else {
    store<i32>(logPointer + <usize>load<i32>(fieldTails + slot) * ENTRY_BYTES, <i32>index, 8);
  }
  store<i32>(fieldTails + slot, <i32>index);
  return true;
}

/** First log entry of `field` on the current line, or -1. */
export function firstValue(field: i32): i32 {
  const slot = <usize>field << 2;
  return load<u32>(fieldStamps + slot) == epoch ? load<i32>(fieldHeads + slot) : -1;
}

// @ts-ignore: decorator
@inline
export function entryAddress(index: i32): usize {
  return logPointer + <usize>index * ENTRY_BYTES;
}

// @ts-ignore: decorator
@inline
export function entryNext(index: i32): i32 {
  return load<i32>(entryAddress(index), 8);
}

// @ts-ignore: decorator
@inline
export function entryLive(index: i32): bool {
  return load<u8>(entryAddress(index), 15) == 0;
}

// @ts-ignore: decorator
@inline
export function entryType(index: i32): u8 {
  return load<u8>(entryAddress(index), 14);
}

// @ts-ignore: decorator
@inline
export function entryPointer(index: i32): usize {
  return <usize>load<u32>(entryAddress(index));
}

// @ts-ignore: decorator
@inline
export function entryLength(index: i32): u32 {
  return load<u32>(entryAddress(index), 4);
}

/** Marks log entries [from, to) dead: a later duplicate key replaced the key they came from. */
export function killRange(from: u32, to: u32): void {
  for (let index = from; index < to; index++) store<u8>(logPointer + <usize>index * ENTRY_BYTES, 1, 15);
}

/** Room for `bytes` more decoded bytes is guaranteed by beginLine; returns where they go. */
// @ts-ignore: decorator
@inline
export function decodeCursor(): usize {
  return decodePointer + decodeLength;
}

export function decodeAdvance(bytes: u32): void {
  decodeLength += bytes;
}

// ---- seen keys ----

function growSeen(): bool {
  const capacity = grownCapacity(<u64>seenCapacity * SEEN_BYTES, (<u64>seenCapacity + 1) * SEEN_BYTES);
  const pointer = takePages(capacity);
  if (pointer == 0) return false;
  if (seenLength != 0) memory.copy(pointer, seenPointer, <usize>seenLength * SEEN_BYTES);
  seenPointer = pointer;
  seenCapacity = <u32>(capacity / SEEN_BYTES);
  return true;
}

/**
 * A plan-relevant key (decoded bytes) starts a member of an object whose keys begin at
 * seen entry `objectStart`. If the object already had this key, the values of its earlier
 * occurrence die. Returns the seen entry now describing this key, or -1 when memory
 * cannot grow.
 */
export function enterKey(objectStart: u32, keyPointer: usize, keyLength: u32): i32 {
  for (let index = objectStart; index < seenLength; index++) {
    const at = seenPointer + <usize>index * SEEN_BYTES;
    if (load<u32>(at, 4) == keyLength && memory.compare(<usize>load<u32>(at), keyPointer, keyLength) == 0) {
      killRange(load<u32>(at, 8), load<u32>(at, 12));
      store<u32>(at, logLength, 8);
      store<u32>(at, logLength, 12);
      return <i32>index;
    }
  }
  if (seenLength == seenCapacity && !growSeen()) return -1;
  const index = seenLength++;
  const at = seenPointer + <usize>index * SEEN_BYTES;
  store<u32>(at, <u32>keyPointer);
  store<u32>(at, keyLength, 4);
  store<u32>(at, logLength, 8);
  store<u32>(at, logLength, 12);
  return <i32>index;
}

/** The member of seen entry `index` ended: its values are the log run up to now. */
export function leaveKey(index: i32): void {
  store<u32>(seenPointer + <usize>index * SEEN_BYTES, logLength, 12);
}

/** An object closed: its keys are forgotten. */
export function popSeen(objectStart: u32): void {
  seenLength = objectStart;
}
