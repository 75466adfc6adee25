// Key anchors: a cheaper first stage for the prefilter (ARCHITECTURE.md "Performance
// design": required literals can also come from field names).
//
// Every match of a rule makes each top-level conjunct of its program true (a predicate
// under `and`s only, not under `not` or `or`), and a true predicate on field f needs a
// value in V(f) (group, exists, compare and cidr are all "some value of f …"). A value at
// `dns.question.name` can only be reached through keys whose dot-separated pieces are
// `dns`, `question` and `name`, so the raw line contains the text `question` — unless a
// JSON escape writes one of its characters, which the prefilter's escape rule already
// sends to full evaluation (segments are restricted to the same printable alphabet as
// literals). Keys are compared exactly, so the search is case-sensitive.
//
// Per rule the anchor is the most telling segment of its conjunct fields: one that is
// not in almost every endpoint event (`event`, `category`, `host`…), then the longest.
// The plan uses anchors only when every rule that can match has such a segment and
// there are at most MAX_ANCHORS distinct ones; a line without any of them cannot match.
//
// Literals follow their anchor. When the anchor comes from a conjunct *group* whose every
// pattern contains a plan literal (in a run without wildcards: every matching value then
// holds that literal), a match puts the literal inside a value of the anchor's field, and
// a value comes after its key in JSON text: the literal occurs after the line's first
// anchor. Such fields are preferred; when every rule's anchor is of this kind, the
// literal search of an anchored line starts at its first anchor instead of its start.

import { KIND_GROUP, PREDICATE_BYTES, Plan, SET_BYTES } from './plan';
import { isLiteralText, literalAt } from './prefilter';

export const MAX_ANCHORS: u32 = 2;
/**
 * Anchors are cut to this many bytes (a prefix of a required segment is required too):
 * it bounds the exact compare at every candidate position.
 */
const MAX_ANCHOR_BYTES: u32 = 64;
// scores: an uncommon segment first, then one whose literals follow it, then the longest
const UNCOMMON_BONUS: i32 = 100000;
const LITERALS_FOLLOW_BONUS: i32 = 1000;

// Layout of an anchor block: u32 count, u32 longest length, u32 has-slash, u32 literals
// follow (1: the literal search may start at the first anchor), u32 inside strings only
// (1: no anchor can occur outside a JSON string), then per anchor u32 pointer, u32 length.
export const ANCHOR_COUNT: usize = 0;
export const ANCHOR_LONGEST: usize = 4;
export const ANCHOR_HAS_SLASH: usize = 8;
export const ANCHOR_LITERALS_FOLLOW: usize = 12;
export const ANCHOR_IN_STRINGS_ONLY: usize = 16;
export const ANCHOR_LIST: usize = 20;

/**
 * Can this byte occur outside strings in valid JSON? Whitespace, structure, number
 * characters and the letters of true, false and null.
 */
function occursOutsideStrings(byte: u32): bool {
  if (byte == 0x20 || byte == 0x09 || byte == 0x0a || byte == 0x0d) return true;
  if (byte == 0x7b || byte == 0x7d || byte == 0x5b || byte == 0x5d || byte == 0x2c || byte == 0x3a) return true;
  if (byte - 0x30 < 10 || byte == 0x2d || byte == 0x2b || byte == 0x2e || byte == 0x45) return true;
  return byte == 0x74 || byte == 0x72 || byte == 0x75 || byte == 0x65 || byte == 0x66 || byte == 0x61 || byte == 0x6c || byte == 0x73 || byte == 0x6e;
}

/** Segments present in nearly every ECS endpoint event: useless as anchors. */
const COMMON_SEGMENTS: string[] = [
  '@timestamp', 'Ext', 'action', 'agent', 'architecture', 'args', 'category', 'code_signature', 'command_line', 'created',
  'data_stream', 'dataset', 'destination', 'domain', 'ecs', 'entity_id', 'event', 'executable', 'exists', 'family', 'file',
  'full', 'hash', 'host', 'hostname', 'id', 'ingested', 'ip', 'kind', 'mac', 'message', 'module', 'name', 'namespace',
  'network', 'original', 'os', 'outcome', 'parent', 'path', 'pid', 'platform', 'port', 'process', 'provider', 'sequence',
  'source', 'status', 'subject_name', 'trusted', 'type', 'user', 'version', 'winlog',
];

function isCommon(pointer: usize, length: u32): bool {
  for (let index = 0; index < COMMON_SEGMENTS.length; index++) {
    const word = COMMON_SEGMENTS[index];
    if (<u32>word.length != length) continue;
    let same = true;
    for (let offset: u32 = 0; offset < length; offset++) {
      if (<u32>word.charCodeAt(offset) != <u32>load<u8>(pointer + offset)) {
        same = false;
        break;
      }
    }
    if (same) return true;
  }
  return false;
}

// the best segment seen for the rule being examined
let bestPointer: usize = 0;
let bestLength: u32 = 0;
let bestScore: i32 = -1;

/** Does the run [pointer, pointer + length) contain some plan literal, ASCII case folded? (walks the literal trie) */
function runHasLiteral(plan: Plan, pointer: usize, length: u32): bool {
  const end = pointer + length;
  for (let at = pointer; at < end; at++) if (literalAt(plan.prefilter, at, end)) return true;
  return false;
}

/** Does every pattern of group `group` of set `set` contain a plan literal in a wildcard-free run? */
function groupImpliesLiteral(plan: Plan, set: u32, group: u32): bool {
  if (plan.prefilter == 0) return false;
  const record = plan.sets + <usize>set * SET_BYTES;
  const spec = <usize>load<u32>(record, 28);
  let at: usize = 4; // the loader and the automaton checked the layout
  for (let index: u32 = 0; index < group; index++) {
    const patternCount = load<u32>(spec + at, 4);
    at += 8;
    for (let pattern: u32 = 0; pattern < patternCount; pattern++) at += 4 + <usize>load<u32>(spec + at);
  }
  const mode = <u32>load<u8>(spec + at);
  const patternCount = load<u32>(spec + at, 4);
  at += 8;
  if (patternCount == 0) return false;
  for (let pattern: u32 = 0; pattern < patternCount; pattern++) {
    const length = load<u32>(spec + at);
    const text = spec + at + 4;
    at += 4 + <usize>length;
    let found = false;
    if (mode != 1) {
      found = runHasLiteral(plan, text, length);
    } else {
      let start: u32 = 0;
      while (start <= length && !found) {
        let end = start;
        while (end < length && load<u8>(text + end) != 0x2a && load<u8>(text + end) != 0x3f) end++;
        found = runHasLiteral(plan, text + start, end - start);
        start = end + 1;
      }
    }
    if (!found) return false;
  }
  return true;
}

function considerField(plan: Plan, field: u32, bonus: i32): void {
  const path = plan.fieldPaths + (<usize>field << 3);
  const pointer = <usize>load<u32>(path);
  const length = load<u32>(path, 4);
  let start: u32 = 0;
  while (start <= length) {
    let end = start;
    while (end < length && load<u8>(pointer + end) != 0x2e) end++;
    const segment = pointer + start;
    const segmentLength = end - start;
    if (isLiteralText(segment, segmentLength)) {
      const score = bonus + <i32>min<u32>(segmentLength, 999) + (isCommon(segment, segmentLength) ? 0 : UNCOMMON_BONUS);
      if (score > bestScore) {
        bestScore = score;
        bestPointer = segment;
        bestLength = min<u32>(segmentLength, MAX_ANCHOR_BYTES);
      }
    }
    start = end + 1;
  }
}

/**
 * Looks at the top-level conjuncts of rule `rule` (plan.ruleConjuncts). Returns false
 * when the rule can never match (a `false` conjunct): it needs no anchor.
 */
function examineRule(plan: Plan, rule: u32): bool {
  const list = <usize>load<u32>(plan.ruleConjuncts + (<usize>rule << 2));
  const count = load<u32>(list);
  if (load<u32>(list, 4) != 0) return false;
  for (let index: u32 = 0; index < count; index++) {
    const predicate = plan.predicates + <usize>load<u32>(list + 8 + (<usize>index << 2)) * PREDICATE_BYTES;
    const follows = load<u8>(predicate) == KIND_GROUP && groupImpliesLiteral(plan, load<u32>(predicate, 8), load<u32>(predicate, 12));
    considerField(plan, load<u32>(predicate, 4), follows ? LITERALS_FOLLOW_BONUS : 0);
  }
  return true;
}

/** Builds the plan's anchor block, or returns 0 when anchors would not help (or not be sound). */
export function deriveAnchors(plan: Plan): usize {
  const found = heap.alloc(<usize>max<u32>(plan.ruleCount, 1) << 3);
  let count: u32 = 0;
  let usable = plan.ruleCount > 0;
  let literalsFollow: u32 = 1;
  for (let rule: u32 = 0; rule < plan.ruleCount && usable; rule++) {
    bestScore = -1;
    if (!examineRule(plan, rule)) continue;
    if (bestScore < UNCOMMON_BONUS) {
      usable = false;
      break;
    }
    if (bestScore % UNCOMMON_BONUS < LITERALS_FOLLOW_BONUS) literalsFollow = 0;
    let known = false;
    for (let index: u32 = 0; index < count; index++) {
      const at = found + (<usize>index << 3);
      if (load<u32>(at, 4) == bestLength && memory.compare(<usize>load<u32>(at), bestPointer, bestLength) == 0) known = true;
    }
    if (!known) {
      if (count == MAX_ANCHORS) {
        usable = false;
        break;
      }
      store<u32>(found + (<usize>count << 3), <u32>bestPointer);
      store<u32>(found + (<usize>count << 3), bestLength, 4);
      count++;
    }
  }
  if (!usable || count == 0) {
    heap.free(found);
    return 0;
  }
  const block = heap.alloc(ANCHOR_LIST + (<usize>count << 3));
  let longest: u32 = 0;
  let hasSlash: u32 = 0;
  let inStringsOnly: u32 = 1;
  for (let index: u32 = 0; index < count; index++) {
    const pointer = <usize>load<u32>(found + (<usize>index << 3));
    const length = load<u32>(found + (<usize>index << 3), 4);
    store<u32>(block + ANCHOR_LIST + (<usize>index << 3), <u32>pointer);
    store<u32>(block + ANCHOR_LIST + (<usize>index << 3), length, 4);
    if (length > longest) longest = length;
    let stringOnly = false;
    for (let offset: u32 = 0; offset < length; offset++) {
      const byte = <u32>load<u8>(pointer + offset);
      if (byte == 0x2f) hasSlash = 1;
      if (!occursOutsideStrings(byte)) stringOnly = true;
    }
    if (!stringOnly) inStringsOnly = 0;
  }
  store<u32>(block + ANCHOR_IN_STRINGS_ONLY, inStringsOnly);
  store<u32>(block + ANCHOR_COUNT, count);
  store<u32>(block + ANCHOR_LONGEST, longest);
  store<u32>(block + ANCHOR_HAS_SLASH, hasSlash);
  store<u32>(block + ANCHOR_LITERALS_FOLLOW, literalsFollow);
  heap.free(found);
  return block;
}

/** True when anchor `index` of the block occurs at `at` (exactly, bytes up to `end`). */
export function anchorAt(block: usize, index: u32, at: usize, end: usize): bool {
  const entry = block + ANCHOR_LIST + (<usize>index << 3);
  const length = load<u32>(entry, 4);
  if (<usize>length > end - at) return false;
  return memory.compare(<usize>load<u32>(entry), at, length) == 0;
}
