// A compiled string set: a DFA over byte classes, built by subset construction from the
// NFA (nfa.ts). Each DFA state is a set of NFA nodes and carries its accept list: per
// group whose accept node is in the set, the group and the index of its first pattern.
//
// Two kinds, one state store:
//  - KIND_DFA: every state was built at compile time (within MAX_DFA_STATES, the table
//    and the work caps); the NFA and the subsets are then freed, only the table and the
//    accept lists remain. Matching is one table load per byte.
//  - KIND_LAZY_DFA: eager construction hit a cap. The store becomes a fixed-size cache;
//    a missing transition is computed at match time from the NFA and cached; when the
//    cache is full it is flushed (emptied, start state re-added) and matching goes on from
//    the state just computed. No allocation at match time, no backtracking: the work per
//    byte is bounded by the NFA size.
// DESIGN.md explains the choices.

import { computeByteClasses } from './byte-classes';
import {
  CACHE_SUBSET_WORDS_PER_STATE, MAX_BUILD_STEPS, MAX_BUILD_SUBSET_WORDS, MAX_DFA_TABLE_BYTES, MIN_CACHE_STATES,
} from './limits';
import { allocateWords, fillWords, reallocateWords, release } from './memory';
import {
  EDGE_FOLDED, KIND_AFTER_E0, KIND_AFTER_ED, KIND_AFTER_F0, KIND_AFTER_F4, KIND_NEED_ONE, KIND_NEED_THREE,
  KIND_NEED_TWO, KIND_STAR, NONE, Nfa, setWord, word,
} from './nfa';
import { sortWords } from './sort';

export const KIND_DFA: i32 = 0;
export const KIND_LAZY_DFA: i32 = 1;

/** Table entry of a transition the lazy DFA has not computed yet. */
const UNKNOWN: u32 = 0xffffffff;
/** The dead state (empty subset) is always state 0, so its row offset is 0. */
export const DEAD_ROW: u32 = 0;

// @ts-ignore: decorator
@inline
function mix(value: u32): u32 {
  value = (value ^ (value >> 16)) * 0x7feb352d;
  value = (value ^ (value >> 15)) * 0x846ca68b;
  return value ^ (value >> 16);
}

function nextPowerOfTwo(value: u32): u32 {
  let result: u32 = 1;
  while (result < value) result <<= 1;
  return result;
}

@unmanaged
export class CompiledSet {
  kind: i32 = KIND_DFA;
  groupCount: u32 = 0;
  patternCount: u32 = 0;
  nfaNodeCount: u32 = 0;
  /** Kept for the lazy DFA only (0 once a full DFA is built). */
  nfa: usize = 0;

  /** byte → class (256 bytes) and class → smallest byte of it (256 bytes). */
  classOf: usize = 0;
  representative: usize = 0;
  classCount: u32 = 1;

  // State store. Rows of `table` hold row offsets (state index × classCount).
  stateCount: u32 = 0;
  stateCapacity: u32 = 0;
  /** Largest state count eager construction may reach. */
  stateLimit: u32 = 0;
  growable: bool = false;
  table: usize = 0;
  stateAcceptOffset: usize = 0;
  stateAcceptLength: usize = 0;
  accepts: usize = 0;
  acceptUsed: u32 = 0;
  acceptCapacity: u32 = 0;
  // Needed while states are still being added (freed for a full DFA).
  stateSubsetOffset: usize = 0;
  stateSubsetLength: usize = 0;
  stateHash: usize = 0;
  subsets: usize = 0;
  subsetUsed: u32 = 0;
  subsetCapacity: u32 = 0;
  slots: usize = 0;
  slotMask: u32 = 0;

  // Scratch sized by the NFA (freed for a full DFA).
  stamps: usize = 0;
  generation: u32 = 0;
  candidate: usize = 0;
  candidateLength: u32 = 0;
  candidateHash: u32 = 0;
  startSubset: usize = 0;
  startLength: u32 = 0;
  acceptIds: usize = 0;
  acceptScratch: usize = 0;
  maxAcceptPairs: u32 = 0;

  startRow: u32 = 0;
  flushes: u32 = 0;
  buildSteps: u32 = 0;

  // Result area: bitset of matched groups, first pattern per group, and the
  // (group, first pattern) pairs of the last match (to clear them cheaply next time).
  resultBits: usize = 0;
  resultFirst: usize = 0;
  resultPairs: usize = 0;
  resultCount: u32 = 0;

  /** Builds the automaton of `nfa`, taking ownership of it. */
  static create(nfa: Nfa, maxDfaStates: u32, cacheStates: u32): CompiledSet {
    const set = new CompiledSet();
    set.groupCount = nfa.groupCount;
    set.patternCount = nfa.patternCount;
    set.nfaNodeCount = nfa.nodeCount;
    set.nfa = changetype<usize>(nfa);
    set.classOf = heap.alloc(256);
    set.representative = heap.alloc(256);
    set.classCount = computeByteClasses(nfa.literalBytes, nfa.foldedBytes, nfa.hasAny, set.classOf, set.representative);
    set.maxAcceptPairs = min<u32>(nfa.groupCount, nfa.patternCount);
    set.allocateResults();
    set.allocateScratch(nfa);

    const rowBytes = set.classCount << 2;
    const tableStateLimit = MAX_DFA_TABLE_BYTES / rowBytes;
    set.stateLimit = min<u32>(maxDfaStates, tableStateLimit);
    if (set.stateLimit >= 2 && set.buildEager()) {
      set.finishDfa();
    } else {
      set.releaseStore();
      // A cache may not outgrow the table cap either, but always holds its minimum.
      set.startLazy(max<u32>(MIN_CACHE_STATES, min<u32>(cacheStates, tableStateLimit)));
    }
    return set;
  }

  dispose(): void {
    this.releaseStore();
    this.releaseScratch();
    this.classOf = release(this.classOf);
    this.representative = release(this.representative);
    this.resultBits = release(this.resultBits);
    this.resultFirst = release(this.resultFirst);
    this.resultPairs = release(this.resultPairs);
    heap.free(changetype<usize>(this));
  }

  // ---- matching -------------------------------------------------------------------

  /** Runs bytes [pointer, end) from `row`; returns the row reached (DEAD_ROW stops early). */
  advance(row: u32, pointer: usize, end: usize): u32 {
    const table = this.table;
    const classOf = this.classOf;
    if (this.kind == KIND_DFA) {
      while (pointer < end) {
        row = load<u32>(table + (<usize>(row + <u32>load<u8>(classOf + <usize>load<u8>(pointer))) << 2));
        if (row == DEAD_ROW) return row;
        pointer++;
      }
      return row;
    }
    while (pointer < end) {
      const cls = <u32>load<u8>(classOf + <usize>load<u8>(pointer));
      let next = load<u32>(table + (<usize>(row + cls) << 2));
      if (next == UNKNOWN) next = this.computeTransition(row, cls);
      row = next;
      if (row == DEAD_ROW) return row;
      pointer++;
    }
    return row;
  }

  /** True when `row` is the row offset of a live state (for rows handed to the host). */
  isValidRow(row: u32): bool {
    return row % this.classCount == 0 && row / this.classCount < this.stateCount;
  }

  /** Writes the result area for the state at `row`; returns the number of matched groups. */
  finish(row: u32): i32 {
    const bits = this.resultBits;
    const first = this.resultFirst;
    const pairs = this.resultPairs;
    for (let index: u32 = 0; index < this.resultCount; index++) {
      const group = word(pairs, index * 2);
      setWord(bits, group >> 5, 0);
      setWord(first, group, 0xffffffff);
    }
    const state = row / this.classCount;
    const count = word(this.stateAcceptLength, state);
    const source = this.accepts + (<usize>word(this.stateAcceptOffset, state) << 2);
    for (let index: u32 = 0; index < count; index++) {
      const group = word(source, index * 2);
      const pattern = word(source, index * 2 + 1);
      const bitWord = bits + (<usize>(group >> 5) << 2);
      store<u32>(bitWord, load<u32>(bitWord) | (<u32>1 << (group & 31)));
      setWord(first, group, pattern);
      setWord(pairs, index * 2, group);
      setWord(pairs, index * 2 + 1, pattern);
    }
    this.resultCount = count;
    return <i32>count;
  }

  // ---- construction ---------------------------------------------------------------

  private allocateResults(): void {
    const bitWords = (this.groupCount + 31) >> 5;
    this.resultBits = allocateWords(bitWords);
    fillWords(this.resultBits, 0, max<u32>(bitWords, 1));
    this.resultFirst = allocateWords(this.groupCount);
    fillWords(this.resultFirst, 0xffffffff, max<u32>(this.groupCount, 1));
    this.resultPairs = allocateWords(this.maxAcceptPairs * 2);
    this.resultCount = 0;
  }

  private allocateScratch(nfa: Nfa): void {
    const nodeCount = nfa.nodeCount;
    this.stamps = allocateWords(nodeCount);
    fillWords(this.stamps, 0, max<u32>(nodeCount, 1));
    this.generation = 0;
    this.candidate = allocateWords(nodeCount);
    this.acceptIds = allocateWords(nfa.patternCount);
    this.acceptScratch = allocateWords(this.maxAcceptPairs * 2);
    // The start state: the root and its star child.
    this.beginCandidate();
    this.enter(0);
    this.startLength = this.candidateLength;
    this.startSubset = allocateWords(this.startLength);
    memory.copy(this.startSubset, this.candidate, <usize>this.startLength << 2);
  }

  private releaseScratch(): void {
    this.stamps = release(this.stamps);
    this.candidate = release(this.candidate);
    this.acceptIds = release(this.acceptIds);
    this.acceptScratch = release(this.acceptScratch);
    this.startSubset = release(this.startSubset);
    if (this.nfa != 0) changetype<Nfa>(this.nfa).dispose();
    this.nfa = 0;
  }

  private releaseStore(): void {
    this.table = release(this.table);
    this.stateAcceptOffset = release(this.stateAcceptOffset);
    this.stateAcceptLength = release(this.stateAcceptLength);
    this.accepts = release(this.accepts);
    this.releaseSubsets();
    this.stateCount = 0;
    this.stateCapacity = 0;
  }

  private releaseSubsets(): void {
    this.stateSubsetOffset = release(this.stateSubsetOffset);
    this.stateSubsetLength = release(this.stateSubsetLength);
    this.stateHash = release(this.stateHash);
    this.subsets = release(this.subsets);
    this.slots = release(this.slots);
  }

  /** Allocates an empty store (the caller adds the dead and start states). */
  private allocateStore(stateCapacity: u32, subsetCapacity: u32, acceptCapacity: u32): void {
    this.stateCapacity = stateCapacity;
    this.table = allocateWords(stateCapacity * this.classCount);
    this.stateAcceptOffset = allocateWords(stateCapacity);
    this.stateAcceptLength = allocateWords(stateCapacity);
    this.stateSubsetOffset = allocateWords(stateCapacity);
    this.stateSubsetLength = allocateWords(stateCapacity);
    this.stateHash = allocateWords(stateCapacity);
    this.subsetCapacity = subsetCapacity;
    this.subsets = allocateWords(subsetCapacity);
    this.acceptCapacity = acceptCapacity;
    this.accepts = allocateWords(acceptCapacity);
    const slotCount = nextPowerOfTwo(stateCapacity * 2);
    this.slots = allocateWords(slotCount);
    this.slotMask = slotCount - 1;
    this.clearStates();
  }

  private clearStates(): void {
    this.stateCount = 0;
    this.subsetUsed = 0;
    this.acceptUsed = 0;
    fillWords(this.slots, 0xffffffff, this.slotMask + 1);
  }

  /** Adds the dead state (0) and the start state; sets startRow. */
  private addInitialStates(): void {
    this.beginCandidate();
    this.internCandidate(); // dead: empty subset, always fits a fresh store
    this.candidateLength = this.startLength;
    memory.copy(this.candidate, this.startSubset, <usize>this.startLength << 2);
    this.stampCandidate();
    const start = this.internCandidate();
    this.startRow = <u32>start * this.classCount;
  }

  private buildEager(): bool {
    this.growable = true;
    const initial = min<u32>(16, this.stateLimit);
    this.allocateStore(initial, max<u32>(64, this.startLength * 2), 64);
    this.addInitialStates();
    if (this.stateCount < 2) return true; // no pattern: the start state is the dead state
    const classCount = this.classCount;
    for (let state: u32 = 1; state < this.stateCount; state++) {
      for (let cls: u32 = 0; cls < classCount; cls++) {
        const length = word(this.stateSubsetLength, state);
        if (length > MAX_BUILD_STEPS - this.buildSteps) return false;
        this.buildSteps += length;
        this.step(word(this.stateSubsetOffset, state), length, <u32>load<u8>(this.representative + cls));
        const target = this.internCandidate();
        if (target < 0) return false;
        setWord(this.table, state * classCount + cls, <u32>target * classCount);
      }
    }
    return true;
  }

  /** Frees everything a complete DFA no longer needs and trims the rest. */
  private finishDfa(): void {
    this.kind = KIND_DFA;
    this.growable = false;
    this.releaseSubsets();
    this.releaseScratch();
    this.stateCapacity = this.stateCount;
    this.table = reallocateWords(this.table, this.stateCount * this.classCount);
    this.stateAcceptOffset = reallocateWords(this.stateAcceptOffset, this.stateCount);
    this.stateAcceptLength = reallocateWords(this.stateAcceptLength, this.stateCount);
    this.accepts = reallocateWords(this.accepts, this.acceptUsed);
    this.acceptCapacity = this.acceptUsed;
  }

  private startLazy(cacheStates: u32): void {
    this.kind = KIND_LAZY_DFA;
    this.growable = false;
    // After a flush the cache must still take the start state and the state being entered
    // (each at most every NFA node and every group), beyond its working budget.
    const subsetCapacity = cacheStates * CACHE_SUBSET_WORDS_PER_STATE + this.startLength + this.nfaNodeCount;
    const acceptCapacity = cacheStates * 4 + this.maxAcceptPairs * 4;
    this.allocateStore(cacheStates, subsetCapacity, acceptCapacity);
    this.addInitialStates();
  }

  /** Computes, caches and returns the row after `row` on byte class `cls` (lazy DFA). */
  computeTransition(row: u32, cls: u32): u32 {
    const state = row / this.classCount;
    this.step(word(this.stateSubsetOffset, state), word(this.stateSubsetLength, state), <u32>load<u8>(this.representative + cls));
    let target = this.internCandidate();
    if (target >= 0) {
      setWord(this.table, row + cls, <u32>target * this.classCount);
      return <u32>target * this.classCount;
    }
    // Cache full: flush, keeping the computed subset, and continue from it. The
    // transition itself is not recorded: its source state is gone.
    this.flushKeepingCandidate();
    target = this.internCandidate();
    // A flushed cache always has room for one more state (see startLazy).
    return <u32>max<i32>(target, 0) * this.classCount;
  }

  /** Flushes while the candidate subset (of `length` nodes) survives, restamped. */
  private flushKeepingCandidate(): void {
    // Park the candidate at the tail of the subset arena while the initial states are
    // re-added (they reuse the candidate buffer). The tail is free after clearStates and
    // cannot overlap the start subset: capacity >= startLength + nfaNodeCount.
    const length = this.candidateLength;
    this.flushes++;
    this.clearStates();
    const parked = this.subsets + (<usize>(this.subsetCapacity - length) << 2);
    memory.copy(parked, this.candidate, <usize>length << 2);
    this.addInitialStates();
    memory.copy(this.candidate, parked, <usize>length << 2);
    this.candidateLength = length;
    this.stampCandidate();
  }

  // ---- subsets --------------------------------------------------------------------

  private nextGeneration(): void {
    this.generation++;
    if (this.generation == 0) {
      fillWords(this.stamps, 0, max<u32>(this.nfaNodeCount, 1));
      this.generation = 1;
    }
  }

  private beginCandidate(): void {
    this.nextGeneration();
    this.candidateLength = 0;
    this.candidateHash = 0;
  }

  /** Adds a node to the candidate if absent (its stamp is the current generation). */
  private addNode(node: u32): void {
    const stamp = this.stamps + (<usize>node << 2);
    if (load<u32>(stamp) == this.generation) return;
    store<u32>(stamp, this.generation);
    setWord(this.candidate, this.candidateLength, node);
    this.candidateLength++;
    this.candidateHash += mix(node);
  }

  /** Adds a node and its epsilon move (entering a node also enters its star child). */
  private enter(node: u32): void {
    this.addNode(node);
    const star = word(changetype<Nfa>(this.nfa).starChild, node);
    if (star != NONE) this.addNode(star);
  }

  /** Candidate := the nodes reached from subset [offset, offset + length) on `byte`. */
  private step(offset: u32, length: u32, byte: u32): void {
    const source = this.subsets + (<usize>offset << 2);
    this.beginCandidate();
    for (let index: u32 = 0; index < length; index++) this.stepNode(word(source, index), byte);
  }

  /** Adds to the candidate every node `node` reaches on `byte`. */
  private stepNode(node: u32, byte: u32): void {
    const nfa = changetype<Nfa>(this.nfa);
    const kind = word(nfa.kind, node);
    if (kind >= KIND_NEED_THREE) {
      this.stepInsideAny(node, kind, byte);
      return;
    }
    if (kind == KIND_STAR) this.addNode(node);
    for (let edge = word(nfa.firstEdge, node); edge != NONE; edge = word(nfa.edgeNext, edge)) {
      const key = word(nfa.edgeKey, edge);
      // A folded key holds a lower-case ASCII letter: only bit 5 tells the cases apart,
      // and no other byte ORed with 0x20 gives a lower-case letter.
      const hit = (key & EDGE_FOLDED) != 0 ? (byte | 0x20) == (key & 0xff) : byte == key;
      if (hit) this.enter(word(nfa.edgeChild, edge));
    }
    const block = word(nfa.anyBlock, node);
    if (block != NONE) this.stepAnyLead(block, byte);
  }

  /** The first byte of a `?`: a whole ASCII code point, or the lead of a longer one. */
  private stepAnyLead(block: u32, byte: u32): void {
    if (byte < 0x80) this.enter(word(changetype<Nfa>(this.nfa).firstEdge, block + 6));
    else if (byte < 0xc2) return; // continuation bytes, overlong leads C0 and C1
    else if (byte < 0xe0) this.addNode(block + 6);
    else if (byte == 0xe0) this.addNode(block + 4);
    else if (byte == 0xed) this.addNode(block + 5);
    else if (byte < 0xf0) this.addNode(block + 3);
    else if (byte == 0xf0) this.addNode(block + 1);
    else if (byte < 0xf4) this.addNode(block + 0);
    else if (byte == 0xf4) this.addNode(block + 2);
  }

  /** A later byte of a `?`, at intermediate node `node` of its block. */
  private stepInsideAny(node: u32, kind: u32, byte: u32): void {
    const block = node - (kind - KIND_NEED_THREE);
    let low: u32 = 0x80;
    let high: u32 = 0xbf;
    let next = block + 3;
    if (kind == KIND_AFTER_F0) low = 0x90;
    else if (kind == KIND_AFTER_F4) high = 0x8f;
    else if (kind == KIND_NEED_TWO) next = block + 6;
    else if (kind == KIND_AFTER_E0) {
      low = 0xa0;
      next = block + 6;
    } else if (kind == KIND_AFTER_ED) {
      high = 0x9f;
      next = block + 6;
    } else if (kind == KIND_NEED_ONE) next = NONE;
    if (byte < low || byte > high) return;
    if (next == NONE) this.enter(word(changetype<Nfa>(this.nfa).firstEdge, node)); // the child
    else this.addNode(next);
  }

  /** Re-stamps the candidate with a fresh generation and recomputes its hash. */
  private stampCandidate(): void {
    this.nextGeneration();
    let hash: u32 = 0;
    for (let index: u32 = 0; index < this.candidateLength; index++) {
      const node = word(this.candidate, index);
      setWord(this.stamps, node, this.generation);
      hash += mix(node);
    }
    this.candidateHash = hash;
  }

  private finalHash(): u32 {
    // Order-independent (a sum), so subsets need no sorting to be compared.
    return mix(this.candidateHash + this.candidateLength * 0x9e3779b9);
  }

  /** True when state `state` holds exactly the candidate's nodes (all stamped). */
  private sameAsCandidate(state: u32): bool {
    const length = word(this.stateSubsetLength, state);
    if (length != this.candidateLength) return false;
    const subset = this.subsets + (<usize>word(this.stateSubsetOffset, state) << 2);
    for (let index: u32 = 0; index < length; index++) {
      if (word(this.stamps, word(subset, index)) != this.generation) return false;
    }
    return true;
  }

  /**
   * The state holding the candidate's nodes, added if new. Returns -1 when it is new and
   * does not fit (eager: a cap was reached; lazy: the cache is full).
   */
  private internCandidate(): i32 {
    const hash = this.finalHash();
    let slot = hash & this.slotMask;
    while (true) {
      const existing = word(this.slots, slot);
      if (existing == 0xffffffff) break;
      if (word(this.stateHash, existing) == hash && this.sameAsCandidate(existing)) return <i32>existing;
      slot = (slot + 1) & this.slotMask;
    }
    const pairs = this.buildAcceptList();
    if (!this.makeRoom(this.candidateLength, pairs)) return -1;
    return <i32>this.addCandidate(hash, pairs);
  }

  /** Fills acceptScratch with (group, first pattern) pairs, ascending by group. */
  private buildAcceptList(): u32 {
    const nfa = changetype<Nfa>(this.nfa);
    let idCount: u32 = 0;
    for (let index: u32 = 0; index < this.candidateLength; index++) {
      const node = word(this.candidate, index);
      for (let id = word(nfa.firstAccept, node); id != NONE; id = word(nfa.acceptNext, id)) {
        setWord(this.acceptIds, idCount, id);
        idCount++;
      }
    }
    // Accept ids are global pattern indices in spec order: sorted, they run group by
    // group, and within a group the first id is the first pattern.
    sortWords(this.acceptIds, idCount);
    let pairs: u32 = 0;
    let lastGroup: u32 = 0xffffffff;
    for (let index: u32 = 0; index < idCount; index++) {
      const id = word(this.acceptIds, index);
      const group = word(nfa.acceptGroup, id);
      if (group == lastGroup) continue;
      setWord(this.acceptScratch, pairs * 2, group);
      setWord(this.acceptScratch, pairs * 2 + 1, word(nfa.acceptPattern, id));
      pairs++;
      lastGroup = group;
    }
    return pairs;
  }

  private makeRoom(subsetWords: u32, pairs: u32): bool {
    if (this.stateCount < this.stateCapacity && subsetWords <= this.subsetCapacity - this.subsetUsed
      && pairs * 2 <= this.acceptCapacity - this.acceptUsed) return true;
    if (!this.growable) return false;
    if (this.stateCount == this.stateCapacity && !this.growStates()) return false;
    if (subsetWords > this.subsetCapacity - this.subsetUsed) {
      const needed = <u64>this.subsetUsed + subsetWords;
      if (needed > <u64>MAX_BUILD_SUBSET_WORDS) return false;
      let capacity = this.subsetCapacity;
      while (<u64>capacity < needed) capacity <<= 1;
      capacity = min<u32>(capacity, MAX_BUILD_SUBSET_WORDS);
      this.subsets = reallocateWords(this.subsets, capacity);
      this.subsetCapacity = capacity;
    }
    if (pairs * 2 > this.acceptCapacity - this.acceptUsed) {
      const needed = <u64>this.acceptUsed + pairs * 2;
      if (needed > <u64>MAX_BUILD_SUBSET_WORDS) return false;
      let capacity = this.acceptCapacity;
      while (<u64>capacity < needed) capacity <<= 1;
      capacity = min<u32>(capacity, MAX_BUILD_SUBSET_WORDS);
      this.accepts = reallocateWords(this.accepts, capacity);
      this.acceptCapacity = capacity;
    }
    return true;
  }

  private growStates(): bool {
    if (this.stateCapacity >= this.stateLimit) return false;
    const capacity = min<u32>(this.stateCapacity * 2, this.stateLimit);
    this.stateCapacity = capacity;
    this.table = reallocateWords(this.table, capacity * this.classCount);
    this.stateAcceptOffset = reallocateWords(this.stateAcceptOffset, capacity);
    this.stateAcceptLength = reallocateWords(this.stateAcceptLength, capacity);
    this.stateSubsetOffset = reallocateWords(this.stateSubsetOffset, capacity);
    this.stateSubsetLength = reallocateWords(this.stateSubsetLength, capacity);
    this.stateHash = reallocateWords(this.stateHash, capacity);
    const slotCount = nextPowerOfTwo(capacity * 2);
    if (slotCount - 1 != this.slotMask) {
      this.slots = reallocateWords(this.slots, slotCount);
      this.slotMask = slotCount - 1;
      fillWords(this.slots, 0xffffffff, slotCount);
      for (let state: u32 = 0; state < this.stateCount; state++) this.insertSlot(state, word(this.stateHash, state));
    }
    return true;
  }

  private insertSlot(state: u32, hash: u32): void {
    let slot = hash & this.slotMask;
    while (word(this.slots, slot) != 0xffffffff) slot = (slot + 1) & this.slotMask;
    setWord(this.slots, slot, state);
  }

  /** Appends the candidate as a new state (room already made). */
  private addCandidate(hash: u32, pairs: u32): u32 {
    const state = this.stateCount++;
    setWord(this.stateSubsetOffset, state, this.subsetUsed);
    setWord(this.stateSubsetLength, state, this.candidateLength);
    memory.copy(this.subsets + (<usize>this.subsetUsed << 2), this.candidate, <usize>this.candidateLength << 2);
    this.subsetUsed += this.candidateLength;
    setWord(this.stateAcceptOffset, state, this.acceptUsed);
    setWord(this.stateAcceptLength, state, pairs);
    memory.copy(this.accepts + (<usize>this.acceptUsed << 2), this.acceptScratch, <usize>pairs << 3);
    this.acceptUsed += pairs * 2;
    setWord(this.stateHash, state, hash);
    this.insertSlot(state, hash);
    // The dead state's row loops to itself (row 0); other rows start unknown.
    fillWords(this.table + (<usize>(state * this.classCount) << 2), state == 0 ? DEAD_ROW : UNKNOWN, this.classCount);
    return state;
  }

  /** Bytes of unmanaged memory this set holds (for benchmarks). */
  memoryBytes(): u32 {
    let total: u32 = 512 + ((this.groupCount + 31) >> 5) * 4 + this.groupCount * 4 + this.maxAcceptPairs * 8;
    total += this.stateCapacity * this.classCount * 4 + this.stateCapacity * 8 + this.acceptCapacity * 4;
    if (this.kind == KIND_LAZY_DFA) {
      total += this.stateCapacity * 12 + this.subsetCapacity * 4 + (this.slotMask + 1) * 4;
      total += changetype<Nfa>(this.nfa).bytes() + this.nfaNodeCount * 8 + this.patternCount * 4 + this.startLength * 4 + this.maxAcceptPairs * 8;
    }
    return total;
  }

  tableBytes(): u32 {
    return this.stateCapacity * this.classCount * 4;
  }
}
