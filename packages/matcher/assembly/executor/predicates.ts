// Truth of one predicate on the current line (PLAN.md "Predicates"), over the values the
// line parser extracted. Every predicate is existential over V(f): "some value of the
// field …"; negation lives in the programs. Results are cached per line (epoch stamps),
// and all groups of a string set are answered by one automaton pass per value.

import { addressInBlock, parseAddress } from './address';
import { isJsonNumberText, parseJsonNumber } from './number';
import {
  KIND_CIDR, KIND_COMPARE, KIND_EXISTS, KIND_GROUP, OP_EQUAL, OP_GREATER, OP_GREATER_OR_EQUAL, OP_LESS, OP_LESS_OR_EQUAL,
  PREDICATE_BYTES, Plan, SET_BYTES, VALUE_BOOLEAN, VALUE_NUMBER, VALUE_STRING,
} from './plan';
import { matchStringSet, resultMatchesPtr } from './string-sets';
import {
  TYPE_FALSE, TYPE_NUMBER, TYPE_STRING, TYPE_TRUE, currentEpoch, entryLength, entryLive, entryNext, entryPointer, entryType,
  firstValue,
} from './value-log';

/**
 * Runs the set's automaton over every live string value of its field once per line:
 * afterwards its aggregate bits say which groups some value matched, and its aggregate
 * first-pattern list, for each such group, the first matching pattern of the first value
 * (in document order) that matched it.
 */
function evaluateSet(set: usize): void {
  const epoch = currentEpoch();
  if (load<u32>(set, 24) == epoch) return;
  store<u32>(set, epoch, 24);
  const handle = load<i32>(set, 4);
  const groupCount = load<u32>(set, 8);
  const words = load<u32>(set, 12);
  // groupCount == 0: an empty set matches nothing
  const bits = <usize>load<u32>(set, 16);
  const first = <usize>load<u32>(set, 20);
  memory.fill(bits, 0, <usize>words << 2);
  memory.fill(first, 0xff, <usize>groupCount << 2);
  let matchedGroups: u32 = 0;
  for (let entry = firstValue(<i32>load<u32>(set)); entry >= 0; entry = entryNext(entry)) {
    if (!entryLive(entry) || entryType(entry) != TYPE_STRING) continue;
    const found = matchStringSet(handle, entryPointer(entry), entryLength(entry));
    if (found <= 0) continue;
    // (group, first pattern) pairs, ascending by group
    const pairs = resultMatchesPtr(handle);
    for (let index: i32 = 0; index < found; index++) {
      const group = load<u32>(pairs + (<usize>index << 3));
      const word = bits + (<usize>(group >> 5) << 2);
      const bit: u32 = 1 << (group & 31);
      if ((load<u32>(word) & bit) != 0) continue;
      store<u32>(word, load<u32>(word) | bit);
      store<i32>(first + (<usize>group << 2), load<i32>(pairs + (<usize>index << 3), 4));
      matchedGroups++;
    }
    if (matchedGroups == groupCount) break; // nothing left to learn
  }
}

function orderHolds(comparison: i32, op: u32): bool {
  if (op == OP_EQUAL) return comparison == 0;
  if (op == OP_LESS) return comparison < 0;
  if (op == OP_LESS_OR_EQUAL) return comparison <= 0;
  if (op == OP_GREATER) return comparison > 0;
  if (op == OP_GREATER_OR_EQUAL) return comparison >= 0;
  return false;
}

function numberHolds(value: f64, literal: f64, op: u32): bool {
  if (op == OP_EQUAL) return value == literal;
  if (op == OP_LESS) return value < literal;
  if (op == OP_LESS_OR_EQUAL) return value <= literal;
  if (op == OP_GREATER) return value > literal;
  if (op == OP_GREATER_OR_EQUAL) return value >= literal;
  return false;
}

/** UTF-8 byte order (code point order) of two byte strings. */
function compareBytes(left: usize, leftLength: u32, right: usize, rightLength: u32): i32 {
  const shorter = leftLength < rightLength ? leftLength : rightLength;
  const comparison = memory.compare(left, right, shorter);
  if (comparison != 0) return comparison < 0 ? -1 : 1;
  return leftLength == rightLength ? 0 : leftLength < rightLength ? -1 : 1;
}

function isText(entry: i32, text: u64, length: u32): bool {
  if (entryLength(entry) != length) return false;
  const pointer = entryPointer(entry);
  for (let index: u32 = 0; index < length; index++) {
    if (<u64>load<u8>(pointer + index) != ((text >> (index * 8)) & 0xff)) return false;
  }
  return true;
}

/** `compare`: SEMANTICS.md "Types" — booleans, numbers (JSON or numeric text for ==), strings by bytes. */
function compareHolds(record: usize, entry: i32): bool {
  const op = <u32>load<u8>(record, 1);
  const valueType = load<u8>(record, 2);
  const type = entryType(entry);
  if (valueType == VALUE_BOOLEAN) {
    if (op != OP_EQUAL) return false;
    if (load<u8>(record, 3) != 0) return type == TYPE_TRUE || (type == TYPE_STRING && isText(entry, 0x65757274, 4));
    return type == TYPE_FALSE || (type == TYPE_STRING && (entryLength(entry) == 0 || isText(entry, 0x65736c6166, 5)));
  }
  if (valueType == VALUE_NUMBER) {
    const literal = load<f64>(record, 16);
    if (type == TYPE_NUMBER) return numberHolds(parseJsonNumber(entryPointer(entry), entryLength(entry)), literal, op);
    if (type == TYPE_STRING && op == OP_EQUAL && isJsonNumberText(entryPointer(entry), entryLength(entry))) {
      return parseJsonNumber(entryPointer(entry), entryLength(entry)) == literal;
    }
    return false;
  }
  if (valueType == VALUE_STRING) {
    if (type != TYPE_STRING) return false;
    const comparison = compareBytes(entryPointer(entry), entryLength(entry), <usize>load<u32>(record, 8), load<u32>(record, 12));
    return orderHolds(comparison, op);
  }
  return false;
}

function cidrHolds(record: usize, entry: i32): bool {
  if (entryType(entry) != TYPE_STRING) return false;
  parseAddress(entryPointer(entry), entryLength(entry));
  const blocks = <usize>load<u32>(record, 8);
  const count = load<u32>(record, 12);
  for (let index: u32 = 0; index < count; index++) {
    const block = blocks + <usize>index * 18;
    if (addressInBlock(load<u8>(block), load<u8>(block, 1), block + 2)) return true;
  }
  return false;
}

/** Truth of predicate `index` on the current line (cached). */
export function predicateTruth(plan: Plan, index: u32): bool {
  const stamp = plan.predicateStamps + (<usize>index << 2);
  const epoch = currentEpoch();
  if (load<u32>(stamp) == epoch) return load<u8>(plan.predicateTruth + index) != 0;
  const record = plan.predicates + <usize>index * PREDICATE_BYTES;
  const kind = load<u8>(record);
  const field = <i32>load<u32>(record, 4);
  let truth = false;
  if (kind == KIND_GROUP) {
    const set = plan.sets + <usize>load<u32>(record, 8) * SET_BYTES;
    evaluateSet(set);
    const group = load<u32>(record, 12);
    truth = (load<u32>(<usize>load<u32>(set, 16) + (<usize>(group >> 5) << 2)) & (1 << (group & 31))) != 0;
  } else {
    for (let entry = firstValue(field); entry >= 0; entry = entryNext(entry)) {
      if (!entryLive(entry)) continue;
      if (kind == KIND_EXISTS) truth = true;
      else if (kind == KIND_COMPARE) truth = compareHolds(record, entry);
      else if (kind == KIND_CIDR) truth = cidrHolds(record, entry);
      if (truth) break;
    }
  }
  store<u32>(stamp, epoch);
  store<u8>(plan.predicateTruth + index, truth ? 1 : 0);
  return truth;
}

/** Whether predicate `index` was evaluated on the current line. */
export function predicateEvaluated(plan: Plan, index: u32): bool {
  return load<u32>(plan.predicateStamps + (<usize>index << 2)) == currentEpoch();
}

/** For a group predicate that holds on the current line: the index of its first matching pattern; else -1. */
export function predicateFirstPattern(plan: Plan, index: u32): i32 {
  const record = plan.predicates + <usize>index * PREDICATE_BYTES;
  if (load<u8>(record) != KIND_GROUP || !predicateEvaluated(plan, index) || load<u8>(plan.predicateTruth + index) == 0) return -1;
  const set = plan.sets + <usize>load<u32>(record, 8) * SET_BYTES;
  return load<i32>(<usize>load<u32>(set, 20) + (<usize>load<u32>(record, 12) << 2));
}
