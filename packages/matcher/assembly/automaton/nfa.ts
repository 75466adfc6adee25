// The NFA of a string set: a trie of all patterns' atoms, so patterns that share a prefix
// share nodes (10,000 domains do not make 10,000 parallel chains; `*.a.com` and `*.b.com`
// share their star and their dot). A node is a position "after these atoms"; its edges:
//   - literal edges (byte, or ASCII letter in either case when folded) to a child;
//   - one `?` edge: a block of seven intermediate nodes that walk one well-formed UTF-8
//     sequence (Unicode Table 3-7) and then enter the child;
//   - one star child: the position inside a `*` that follows this node.
// A star node loops on every byte and keeps its own edges. Entering a node also enters
// its star child (a star matches the empty run); runs of stars are collapsed, so a star
// node never has a star child and this closure is one step: no recursion, no worklist.
// Patterns that end at a node are listed on it (its accepts, by global pattern id).
//
// Shapes (trie paths): exact "ab" = a b; prefix "ab" = a b *; suffix "ab" = * a b;
// contains "ab" = * a b *; wildcard "a*?b" = a * ? b.

import {
  fail, ERROR_INVALID_FLAGS, ERROR_INVALID_MODE, ERROR_INVALID_UTF8, ERROR_SET_TOO_LARGE, ERROR_TOO_MANY_GROUPS,
  ERROR_TOO_MANY_PATTERNS, ERROR_TRAILING_BYTES, ERROR_TRUNCATED_SPEC,
} from './errors';
import { MAX_GROUPS, MAX_PATTERNS } from './limits';
import { WordList, release } from './memory';
import { isWellFormedUtf8 } from './utf8';

export const MODE_EXACT: u32 = 0;
export const MODE_WILDCARD: u32 = 1;
export const MODE_PREFIX: u32 = 2;
export const MODE_SUFFIX: u32 = 3;
export const MODE_CONTAINS: u32 = 4;

export const FLAG_CASE_INSENSITIVE: u32 = 1;

/** "None" for node, edge and accept links. */
export const NONE: u32 = 0xffffffff;

/** A position after some atoms. */
export const KIND_POSITION: u32 = 0;
/** A position inside a `*`: loops on every byte. */
export const KIND_STAR: u32 = 1;
// The seven intermediate nodes of a `?` edge, in block order from its base B. Their
// successors are fixed offsets in the block; B+6 enters the edge's child (its link).
/** B+0: after F1–F3, three continuation bytes to go. */
export const KIND_NEED_THREE: u32 = 2;
/** B+1: after F0, the next byte must be 90–BF. */
export const KIND_AFTER_F0: u32 = 3;
/** B+2: after F4, the next byte must be 80–8F. */
export const KIND_AFTER_F4: u32 = 4;
/** B+3: two continuation bytes to go. */
export const KIND_NEED_TWO: u32 = 5;
/** B+4: after E0, the next byte must be A0–BF. */
export const KIND_AFTER_E0: u32 = 6;
/** B+5: after ED, the next byte must be 80–9F (no surrogates). */
export const KIND_AFTER_ED: u32 = 7;
/** B+6: one continuation byte to go, then the child. */
export const KIND_NEED_ONE: u32 = 8;

export const ANY_BLOCK_NODES: u32 = 7;

/** Edge key bit: the edge matches its (lower-case) letter in either case. */
export const EDGE_FOLDED: u32 = 0x100;

// @ts-ignore: decorator
@inline
export function word(pointer: usize, index: u32): u32 {
  return load<u32>(pointer + (<usize>index << 2));
}

// @ts-ignore: decorator
@inline
export function setWord(pointer: usize, index: u32, value: u32): void {
  store<u32>(pointer + (<usize>index << 2), value);
}

/** The compiled patterns of one set: read-only once built. */
@unmanaged
export class Nfa {
  nodeCount: u32 = 0;
  /** Per node (u32 each): kind; first edge (NEED_ONE nodes: the child they enter); star
   * child; base of the `?` block; first accept id. NONE when absent. */
  kind: usize = 0;
  firstEdge: usize = 0;
  starChild: usize = 0;
  anyBlock: usize = 0;
  firstAccept: usize = 0;
  /** Per edge: key (byte | EDGE_FOLDED), child node, next edge of the same node. */
  edgeKey: usize = 0;
  edgeChild: usize = 0;
  edgeNext: usize = 0;
  edgeCount: u32 = 0;
  /** Per accept id (= global pattern index): group, index within the group, next accept of the same node. */
  acceptGroup: usize = 0;
  acceptPattern: usize = 0;
  acceptNext: usize = 0;
  patternCount: u32 = 0;
  groupCount: u32 = 0;
  /** 256-bit maps of the bytes literal / folded edges test. */
  literalBytes: usize = 0;
  foldedBytes: usize = 0;
  /** Whether some pattern has a `?` (its UTF-8 ranges then split the byte classes). */
  hasAny: bool = false;

  dispose(): void {
    this.kind = release(this.kind);
    this.firstEdge = release(this.firstEdge);
    this.starChild = release(this.starChild);
    this.anyBlock = release(this.anyBlock);
    this.firstAccept = release(this.firstAccept);
    this.edgeKey = release(this.edgeKey);
    this.edgeChild = release(this.edgeChild);
    this.edgeNext = release(this.edgeNext);
    this.acceptGroup = release(this.acceptGroup);
    this.acceptPattern = release(this.acceptPattern);
    this.acceptNext = release(this.acceptNext);
    this.literalBytes = release(this.literalBytes);
    this.foldedBytes = release(this.foldedBytes);
    heap.free(changetype<usize>(this));
  }

  /** Bytes this NFA holds (for memory reports). */
  bytes(): u32 {
    return this.nodeCount * 20 + this.edgeCount * 12 + this.patternCount * 12 + 64;
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
  const at = map + (<usize>(bit >> 5) << 2);
  store<u32>(at, load<u32>(at) | (<u32>1 << (bit & 31)));
}

/** Growable arrays while the trie is built. */
@unmanaged
class TrieBuilder {
  // Set by create(); an unmanaged class cannot run field initialisers that allocate.
  kind: WordList = changetype<WordList>(0);
  firstEdge: WordList = changetype<WordList>(0);
  starChild: WordList = changetype<WordList>(0);
  anyBlock: WordList = changetype<WordList>(0);
  firstAccept: WordList = changetype<WordList>(0);
  edgeKey: WordList = changetype<WordList>(0);
  edgeChild: WordList = changetype<WordList>(0);
  edgeNext: WordList = changetype<WordList>(0);
  acceptGroup: WordList = changetype<WordList>(0);
  acceptPattern: WordList = changetype<WordList>(0);
  acceptNext: WordList = changetype<WordList>(0);
  literalBytes: usize = 0;
  foldedBytes: usize = 0;
  hasAny: bool = false;
  maxNodes: u32 = 0;
  /** Set when a node could not be added within maxNodes. */
  overflow: bool = false;

  static create(maxNodes: u32): TrieBuilder {
    const builder = new TrieBuilder();
    builder.kind = WordList.create(64);
    builder.firstEdge = WordList.create(64);
    builder.starChild = WordList.create(64);
    builder.anyBlock = WordList.create(64);
    builder.firstAccept = WordList.create(64);
    builder.edgeKey = WordList.create(64);
    builder.edgeChild = WordList.create(64);
    builder.edgeNext = WordList.create(64);
    builder.acceptGroup = WordList.create(16);
    builder.acceptPattern = WordList.create(16);
    builder.acceptNext = WordList.create(16);
    builder.literalBytes = heap.alloc(32);
    builder.foldedBytes = heap.alloc(32);
    memory.fill(builder.literalBytes, 0, 32);
    memory.fill(builder.foldedBytes, 0, 32);
    builder.hasAny = false;
    builder.maxNodes = maxNodes;
    builder.overflow = false;
    builder.addNode(KIND_POSITION); // the root
    return builder;
  }

  addNode(kind: u32): u32 {
    const node = this.kind.length;
    if (node >= this.maxNodes) {
      this.overflow = true;
      return NONE;
    }
    this.kind.push(kind);
    this.firstEdge.push(NONE);
    this.starChild.push(NONE);
    this.anyBlock.push(NONE);
    this.firstAccept.push(NONE);
    return node;
  }

  /** The node after a star at `node` (created if new); `node` itself if it is a star. */
  star(node: u32): u32 {
    if (this.kind.get(node) == KIND_STAR) return node;
    let child = this.starChild.get(node);
    if (child == NONE) {
      child = this.addNode(KIND_STAR);
      if (child == NONE) return NONE;
      setWord(this.starChild.pointer, node, child);
    }
    return child;
  }

  /** The node after a `?` at `node` (its block and child created if new). */
  any(node: u32): u32 {
    let block = this.anyBlock.get(node);
    if (block == NONE) {
      if (this.kind.length + ANY_BLOCK_NODES + 1 > this.maxNodes) {
        this.overflow = true;
        return NONE;
      }
      block = this.kind.length;
      for (let kind = KIND_NEED_THREE; kind <= KIND_NEED_ONE; kind++) this.addNode(kind);
      const child = this.addNode(KIND_POSITION);
      setWord(this.firstEdge.pointer, block + 6, child); // NEED_ONE's link
      setWord(this.anyBlock.pointer, node, block);
      this.hasAny = true;
    }
    return this.firstEdge.get(block + 6);
  }

  /** The node after literal byte `byte` at `node` (folded: either ASCII case). */
  literal(node: u32, byte: u32, fold: bool): u32 {
    let key = byte;
    if (fold && isAsciiLetter(byte)) {
      key = (byte | 0x20) | EDGE_FOLDED;
      setBit(this.foldedBytes, byte | 0x20);
    } else {
      setBit(this.literalBytes, byte);
    }
    for (let edge = this.firstEdge.get(node); edge != NONE; edge = this.edgeNext.get(edge)) {
      if (this.edgeKey.get(edge) == key) return this.edgeChild.get(edge);
    }
    const child = this.addNode(KIND_POSITION);
    if (child == NONE) return NONE;
    const edge = this.edgeKey.length;
    this.edgeKey.push(key);
    this.edgeChild.push(child);
    this.edgeNext.push(this.firstEdge.get(node));
    setWord(this.firstEdge.pointer, node, edge);
    return child;
  }

  accept(node: u32, group: u32, pattern: u32): void {
    const id = this.acceptGroup.length;
    this.acceptGroup.push(group);
    this.acceptPattern.push(pattern);
    this.acceptNext.push(this.firstAccept.get(node));
    setWord(this.firstAccept.pointer, node, id);
  }

  /** Inserts one pattern; false when the node bound was crossed. */
  insert(mode: u32, fold: bool, pattern: usize, length: u32, group: u32, patternIndex: u32): bool {
    let node: u32 = 0;
    if (mode == MODE_SUFFIX || mode == MODE_CONTAINS) node = this.star(node);
    for (let index: u32 = 0; index < length && node != NONE; index++) {
      const byte = <u32>load<u8>(pattern + index);
      if (mode == MODE_WILDCARD && byte == 0x2a) node = this.star(node);
      else if (mode == MODE_WILDCARD && byte == 0x3f) node = this.any(node);
      else node = this.literal(node, byte, fold);
    }
    if (node != NONE && (mode == MODE_PREFIX || mode == MODE_CONTAINS)) node = this.star(node);
    if (node == NONE) return false;
    this.accept(node, group, patternIndex);
    return true;
  }

  finish(groupCount: u32): Nfa {
    const nfa = new Nfa();
    nfa.nodeCount = this.kind.length;
    nfa.edgeCount = this.edgeKey.length;
    nfa.patternCount = this.acceptGroup.length;
    nfa.groupCount = groupCount;
    nfa.kind = this.kind.detach();
    nfa.firstEdge = this.firstEdge.detach();
    nfa.starChild = this.starChild.detach();
    nfa.anyBlock = this.anyBlock.detach();
    nfa.firstAccept = this.firstAccept.detach();
    nfa.edgeKey = this.edgeKey.detach();
    nfa.edgeChild = this.edgeChild.detach();
    nfa.edgeNext = this.edgeNext.detach();
    nfa.acceptGroup = this.acceptGroup.detach();
    nfa.acceptPattern = this.acceptPattern.detach();
    nfa.acceptNext = this.acceptNext.detach();
    nfa.literalBytes = this.literalBytes;
    nfa.foldedBytes = this.foldedBytes;
    nfa.hasAny = this.hasAny;
    heap.free(changetype<usize>(this));
    return nfa;
  }

  dispose(): void {
    this.kind.dispose();
    this.firstEdge.dispose();
    this.starChild.dispose();
    this.anyBlock.dispose();
    this.firstAccept.dispose();
    this.edgeKey.dispose();
    this.edgeChild.dispose();
    this.edgeNext.dispose();
    this.acceptGroup.dispose();
    this.acceptPattern.dispose();
    this.acceptNext.dispose();
    release(this.literalBytes);
    release(this.foldedBytes);
    heap.free(changetype<usize>(this));
  }
}

/**
 * Parses a string-set spec (layout: abi.ts) and builds its NFA. Returns null after
 * recording a located error with `fail`.
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
  const builder = TrieBuilder.create(maxNodes);
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
      if (builder.acceptGroup.length >= MAX_PATTERNS) {
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
      if (!builder.insert(mode, fold, pattern, length, group, patternIndex)) {
        fail(ERROR_SET_TOO_LARGE, <i32>group, <i32>patternIndex);
        error = true;
        break;
      }
      offset += length;
    }
  }
  if (!error && offset != specLength) {
    fail(ERROR_TRAILING_BYTES, -1, -1);
    error = true;
  }
  if (error) {
    builder.dispose();
    return null;
  }
  return builder.finish(groupCount);
}
