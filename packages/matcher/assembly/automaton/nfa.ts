// The NFA of a string set: every pattern becomes a straight line of nodes ending in an
// accept node. A node is one u32 word: kind in bits 0–7, then the literal byte (bits
// 8–15) or the accept id (bits 8–31). Node ids are dense, so a DFA state can be a plain
// list of node ids, and the next node of a line is always `id + 1`.
//
// Shapes (A = accept):
//   exact "ab"        a b A            prefix "ab"    a b * A
//   suffix "ab"       * a b A          contains "ab"  * a b * A
//   wildcard "a*?b"   a * ?(8 nodes) b A
// A star loops on every byte; entering a star also enters the node after it (its
// epsilon move). Runs of stars are collapsed, so that node is never a star and the
// closure of any node is at most two nodes: no recursion, no worklist.

import { fail, ERROR_INVALID_FLAGS, ERROR_INVALID_MODE, ERROR_INVALID_UTF8, ERROR_SET_TOO_LARGE,
  ERROR_TOO_MANY_GROUPS, ERROR_TOO_MANY_PATTERNS, ERROR_TRAILING_BYTES, ERROR_TRUNCATED_SPEC } from './errors';
import { MAX_GROUPS, MAX_PATTERNS } from './limits';
import { WordList, release } from './memory';
import { isWellFormedUtf8 } from './utf8';

export const MODE_EXACT: u32 = 0;
export const MODE_WILDCARD: u32 = 1;
export const MODE_PREFIX: u32 = 2;
export const MODE_SUFFIX: u32 = 3;
export const MODE_CONTAINS: u32 = 4;

export const FLAG_CASE_INSENSITIVE: u32 = 1;

/** Matches one byte exactly. */
export const NODE_LITERAL: u32 = 0;
/** Matches an ASCII letter in either case; the stored byte is the lower-case letter. */
export const NODE_LITERAL_FOLDED: u32 = 1;
/** `*`: loops on every byte; entering it also enters the next node. */
export const NODE_STAR: u32 = 2;
/** End of a pattern: the value matched it. The accept id is the pattern's global index. */
export const NODE_ACCEPT: u32 = 3;
// `?` is one well-formed UTF-8 sequence (Unicode Table 3-7). It takes eight nodes laid
// out in this order from its first node `base`; the node after them is `base + 8`.
// Invalid sequences have no path through them, so `?` never matches a stray byte.
/** base+0: the first byte of a code point. */
export const NODE_ANY_START: u32 = 4;
/** base+1: after F1–F3, three continuation bytes to go. */
export const NODE_ANY_NEED_THREE: u32 = 5;
/** base+2: after F0, the second byte must be 90–BF. */
export const NODE_ANY_AFTER_F0: u32 = 6;
/** base+3: after F4, the second byte must be 80–8F. */
export const NODE_ANY_AFTER_F4: u32 = 7;
/** base+4: two continuation bytes to go. */
export const NODE_ANY_NEED_TWO: u32 = 8;
/** base+5: after E0, the second byte must be A0–BF. */
export const NODE_ANY_AFTER_E0: u32 = 9;
/** base+6: after ED, the second byte must be 80–9F (no surrogates). */
export const NODE_ANY_AFTER_ED: u32 = 10;
/** base+7: one continuation byte to go. */
export const NODE_ANY_NEED_ONE: u32 = 11;

const ANY_NODES: u32 = 8;

// @ts-ignore: decorator
@inline
export function nodeHeader(nodes: usize, node: u32): u32 {
  return load<u32>(nodes + (<usize>node << 2));
}

// @ts-ignore: decorator
@inline
export function isStar(nodes: usize, node: u32): bool {
  return (nodeHeader(nodes, node) & 0xff) == NODE_STAR;
}

/**
 * The node reached from `node` on `byte`, or -1. Every node has at most one successor
 * per byte (the automaton is an NFA only because a state holds many nodes at once).
 */
export function transition(nodes: usize, node: u32, byte: u32): i32 {
  const header = nodeHeader(nodes, node);
  const next = <i32>node + 1;
  switch (header & 0xff) {
    case NODE_LITERAL:
      return byte == ((header >> 8) & 0xff) ? next : -1;
    case NODE_LITERAL_FOLDED:
      // Only bit 5 differs between the cases of an ASCII letter, and no other byte
      // ORed with 0x20 gives a lower-case letter.
      return (byte | 0x20) == ((header >> 8) & 0xff) ? next : -1;
    case NODE_STAR:
      return <i32>node;
    case NODE_ACCEPT:
      return -1;
    case NODE_ANY_START: {
      if (byte < 0x80) return <i32>node + 8;
      if (byte < 0xc2) return -1;
      if (byte < 0xe0) return <i32>node + 7;
      if (byte == 0xe0) return <i32>node + 5;
      if (byte == 0xed) return <i32>node + 6;
      if (byte < 0xf0) return <i32>node + 4;
      if (byte == 0xf0) return <i32>node + 2;
      if (byte < 0xf4) return <i32>node + 1;
      if (byte == 0xf4) return <i32>node + 3;
      return -1;
    }
    case NODE_ANY_NEED_THREE:
      return byte >= 0x80 && byte <= 0xbf ? <i32>node + 3 : -1;
    case NODE_ANY_AFTER_F0:
      return byte >= 0x90 && byte <= 0xbf ? <i32>node + 2 : -1;
    case NODE_ANY_AFTER_F4:
      return byte >= 0x80 && byte <= 0x8f ? next : -1;
    case NODE_ANY_NEED_TWO:
      return byte >= 0x80 && byte <= 0xbf ? <i32>node + 3 : -1;
    case NODE_ANY_AFTER_E0:
      return byte >= 0xa0 && byte <= 0xbf ? <i32>node + 2 : -1;
    case NODE_ANY_AFTER_ED:
      return byte >= 0x80 && byte <= 0x9f ? next : -1;
    case NODE_ANY_NEED_ONE:
      return byte >= 0x80 && byte <= 0xbf ? next : -1;
    default:
      return -1;
  }
}

/** The compiled patterns of one set, before (and, for the lazy DFA, during) matching. */
@unmanaged
export class Nfa {
  /** u32 per node (see the header comment). */
  nodes: usize = 0;
  nodeCount: u32 = 0;
  /** First node of every pattern, in pattern order. */
  firstNodes: usize = 0;
  /** Per accept id (= global pattern index): its group, and its index within the group. */
  acceptGroup: usize = 0;
  acceptPattern: usize = 0;
  patternCount: u32 = 0;
  groupCount: u32 = 0;
  /** 256-bit maps of the bytes that literal / folded-literal nodes test. */
  literalBytes: usize = 0;
  foldedBytes: usize = 0;
  /** Whether some pattern has a `?` (its UTF-8 ranges then split the byte classes). */
  hasAny: bool = false;

  dispose(): void {
    this.nodes = release(this.nodes);
    this.firstNodes = release(this.firstNodes);
    this.acceptGroup = release(this.acceptGroup);
    this.acceptPattern = release(this.acceptPattern);
    this.literalBytes = release(this.literalBytes);
    this.foldedBytes = release(this.foldedBytes);
    heap.free(changetype<usize>(this));
  }
}

// @ts-ignore: decorator
@inline
function isAsciiLetter(byte: u32): bool {
  return ((byte | 0x20) - 0x61) < 26;
}

// @ts-ignore: decorator
@inline
function setBit(map: usize, bit: u32): void {
  const word = map + (<usize>(bit >> 5) << 2);
  store<u32>(word, load<u32>(word) | (<u32>1 << (bit & 31)));
}

/** Nodes a pattern will take, without building it (u64: a hostile length must not wrap). */
function countPatternNodes(mode: u32, pattern: usize, length: u32): u64 {
  let count: u64 = 1; // accept
  let lastWasStar = false;
  if (mode == MODE_SUFFIX || mode == MODE_CONTAINS) {
    count++;
    lastWasStar = true;
  }
  if (mode == MODE_WILDCARD) {
    for (let index: u32 = 0; index < length; index++) {
      const byte = <u32>load<u8>(pattern + index);
      if (byte == 0x2a) {
        if (!lastWasStar) count++;
        lastWasStar = true;
      } else {
        count += byte == 0x3f ? ANY_NODES : 1;
        lastWasStar = false;
      }
    }
  } else {
    count += length;
    if (length > 0) lastWasStar = false;
  }
  if ((mode == MODE_PREFIX || mode == MODE_CONTAINS) && !lastWasStar) count++;
  return count;
}

/**
 * Parses a string-set spec (layout: README of the ABI, abi.ts) and builds its NFA.
 * Returns null after recording a located error with `fail`.
 */
export function buildNfa(spec: usize, specLength: u32, maxNodes: u32): Nfa | null {
  if (specLength < 4) {
    fail(ERROR_TRUNCATED_SPEC, -1, -1);
    return null;
  }
  const groupCount = load<u32>(spec);
  if (groupCount > MAX_GROUPS) {
    fail(ERROR_TOO_MANY_GROUPS, -1, -1);
    return null;
  }
  const nodes = WordList.create(64);
  const firstNodes = WordList.create(16);
  const acceptGroup = WordList.create(16);
  const acceptPattern = WordList.create(16);
  const literalBytes = heap.alloc(32);
  const foldedBytes = heap.alloc(32);
  memory.fill(literalBytes, 0, 32);
  memory.fill(foldedBytes, 0, 32);
  let hasAny = false;
  let offset: u32 = 4;
  let error = false;

  for (let group: u32 = 0; group < groupCount && !error; group++) {
    if (specLength - offset < 8) {
      fail(ERROR_TRUNCATED_SPEC, <i32>group, -1);
      error = true;
      break;
    }
    const mode = <u32>load<u8>(spec + offset);
    const flags = <u32>load<u8>(spec + offset + 1);
    const reserved = <u32>load<u16>(spec + offset + 2);
    const patternCount = load<u32>(spec + offset + 4);
    offset += 8;
    if (mode > MODE_CONTAINS) {
      fail(ERROR_INVALID_MODE, <i32>group, -1);
      error = true;
      break;
    }
    if ((flags & ~FLAG_CASE_INSENSITIVE) != 0 || reserved != 0) {
      fail(ERROR_INVALID_FLAGS, <i32>group, -1);
      error = true;
      break;
    }
    const fold = (flags & FLAG_CASE_INSENSITIVE) != 0;
    for (let patternIndex: u32 = 0; patternIndex < patternCount; patternIndex++) {
      if (specLength - offset < 4) {
        fail(ERROR_TRUNCATED_SPEC, <i32>group, <i32>patternIndex);
        error = true;
        break;
      }
      const length = load<u32>(spec + offset);
      offset += 4;
      if (length > specLength - offset) {
        fail(ERROR_TRUNCATED_SPEC, <i32>group, <i32>patternIndex);
        error = true;
        break;
      }
      if (acceptGroup.length >= MAX_PATTERNS) {
        fail(ERROR_TOO_MANY_PATTERNS, <i32>group, <i32>patternIndex);
        error = true;
        break;
      }
      const pattern = spec + offset;
      if (!isWellFormedUtf8(pattern, length)) {
        fail(ERROR_INVALID_UTF8, <i32>group, <i32>patternIndex);
        error = true;
        break;
      }
      if (<u64>nodes.length + countPatternNodes(mode, pattern, length) > <u64>maxNodes) {
        fail(ERROR_SET_TOO_LARGE, <i32>group, <i32>patternIndex);
        error = true;
        break;
      }
      const acceptId = acceptGroup.length;
      firstNodes.push(nodes.length);
      acceptGroup.push(group);
      acceptPattern.push(patternIndex);

      let lastWasStar = false;
      if (mode == MODE_SUFFIX || mode == MODE_CONTAINS) {
        nodes.push(NODE_STAR);
        lastWasStar = true;
      }
      for (let index: u32 = 0; index < length; index++) {
        const byte = <u32>load<u8>(pattern + index);
        if (mode == MODE_WILDCARD && byte == 0x2a) {
          if (!lastWasStar) nodes.push(NODE_STAR);
          lastWasStar = true;
          continue;
        }
        lastWasStar = false;
        if (mode == MODE_WILDCARD && byte == 0x3f) {
          for (let kind = NODE_ANY_START; kind <= NODE_ANY_NEED_ONE; kind++) nodes.push(kind);
          hasAny = true;
        } else if (fold && isAsciiLetter(byte)) {
          nodes.push(NODE_LITERAL_FOLDED | ((byte | 0x20) << 8));
          setBit(foldedBytes, byte | 0x20);
        } else {
          nodes.push(NODE_LITERAL | (byte << 8));
          setBit(literalBytes, byte);
        }
      }
      if ((mode == MODE_PREFIX || mode == MODE_CONTAINS) && !lastWasStar) nodes.push(NODE_STAR);
      nodes.push(NODE_ACCEPT | (acceptId << 8));
      offset += length;
    }
  }
  if (!error && offset != specLength) {
    fail(ERROR_TRAILING_BYTES, -1, -1);
    error = true;
  }
  if (error) {
    nodes.dispose();
    firstNodes.dispose();
    acceptGroup.dispose();
    acceptPattern.dispose();
    heap.free(literalBytes);
    heap.free(foldedBytes);
    return null;
  }
  const nfa = new Nfa();
  nfa.nodeCount = nodes.length;
  nfa.patternCount = acceptGroup.length;
  nfa.groupCount = groupCount;
  nfa.nodes = nodes.detach();
  nfa.firstNodes = firstNodes.detach();
  nfa.acceptGroup = acceptGroup.detach();
  nfa.acceptPattern = acceptPattern.detach();
  nfa.literalBytes = literalBytes;
  nfa.foldedBytes = foldedBytes;
  nfa.hasAny = hasAny;
  return nfa;
}
