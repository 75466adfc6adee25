// TS glue of the string-set automaton: compile groups into a set inside the WASM core,
// match JS strings or UTF-8 bytes, read the result area, free. All bytes travel through
// the module's scratch region; views are rebuilt whenever linear memory has grown.

import { MatcherError } from './errors.js';
import type { MatcherModule } from './module.js';
import { encodeStringSetSpec, type StringSetGroup } from './spec.js';

/** Bounds of one compile (defaults are the core's; see DESIGN.md). */
export interface StringSetCompileOptions {
  /** Cap on eagerly built DFA states (default 16,384); 0 always builds the lazy DFA. */
  readonly maxDfaStates?: number;
  /** States the lazy DFA caches before it flushes (default 1,024; 4–65,536). */
  readonly cacheStates?: number;
}

/** Matched groups ascending, and per matched group the index of its first matching pattern. */
export interface StringSetMatch {
  readonly groups: number[];
  /** `firstPattern[i]` is the first pattern of group `groups[i]` that matched. */
  readonly firstPattern: number[];
}

/** What the core built for a set. */
export interface StringSetInfo {
  /** `dfa`: complete DFA; `lazy-dfa`: bounded cache of DFA states computed while matching. */
  readonly kind: 'dfa' | 'lazy-dfa';
  /** DFA: states built; lazy DFA: cache capacity in states. */
  readonly states: number;
  /** Bytes of the transition table (lazy DFA: of its cache). */
  readonly tableBytes: number;
  /** All bytes the set holds in WASM memory. */
  readonly memoryBytes: number;
  readonly nfaNodes: number;
  readonly byteClasses: number;
  readonly groupCount: number;
  /** Times the lazy DFA's cache was emptied so far (0 for a DFA). */
  readonly cacheFlushes: number;
}

interface AutomatonExports {
  stringSetScratch(size: number): number;
  compileStringSet(specPtr: number, specLen: number): number;
  compileStringSetWithLimits(specPtr: number, specLen: number, maxDfaStates: number, cacheStates: number): number;
  lastCompileErrorCode(): number;
  lastCompileErrorGroup(): number;
  lastCompileErrorPattern(): number;
  freeStringSet(handle: number): void;
  matchStringSet(handle: number, valuePtr: number, valueLen: number): number;
  resultGroupBitsPtr(handle: number): number;
  resultMatchesPtr(handle: number): number;
  stringSetGroupCount(handle: number): number;
  stringSetKind(handle: number): number;
  stringSetStates(handle: number): number;
  stringSetTableBytes(handle: number): number;
  stringSetMemoryBytes(handle: number): number;
  stringSetNfaNodes(handle: number): number;
  stringSetClassCount(handle: number): number;
  stringSetCacheFlushes(handle: number): number;
}

const DEFAULT_MAX_DFA_STATES = 16384;
const DEFAULT_CACHE_STATES = 1024;

/** Per module instance: its exports, its scratch region and views over its memory (internal). */
export class CoreMemory {
  readonly exports: AutomatonExports;
  private readonly memory: WebAssembly.Memory;
  private bytesView = new Uint8Array(0);
  private wordsView = new Uint32Array(0);
  private readonly encoder = new TextEncoder();

  constructor(module: MatcherModule) {
    this.exports = module.exports as unknown as AutomatonExports;
    this.memory = module.memory;
    if (typeof this.exports.compileStringSet !== 'function') {
      throw MatcherError.of('invalid-argument', `the ${module.variant} WASM core has no string-set exports; rebuild @llm-egress/matcher`);
    }
  }

  bytes(): Uint8Array {
    this.refresh();
    return this.bytesView;
  }

  words(): Uint32Array {
    this.refresh();
    return this.wordsView;
  }

  private refresh(): void {
    // A grown memory detaches the old buffer (its views drop to length 0); reading
    // `memory.buffer` on every call costs more than this check.
    if (this.bytesView.length !== 0) return;
    const buffer = this.memory.buffer;
    this.bytesView = new Uint8Array(buffer);
    this.wordsView = new Uint32Array(buffer);
  }

  /**
   * A scratch pointer with room for `size` bytes. Asked of the core every time (a cheap
   * call): raw-ABI users of the same instance may have grown, and so moved, the region.
   */
  scratch(size: number): number {
    const pointer = this.exports.stringSetScratch(size);
    if (pointer === 0) throw MatcherError.of('out-of-bounds', `cannot reserve ${size} bytes of WASM scratch memory (limit 256 MiB)`);
    return pointer;
  }

  /** Copies bytes into scratch; returns the pointer. */
  writeBytes(bytes: Uint8Array): number {
    const pointer = this.scratch(bytes.length);
    this.bytes().set(bytes, pointer);
    return pointer;
  }

  /** Where the last writeValue put its bytes. */
  valuePointer = 0;

  /** Encodes a value into scratch as UTF-8 at `valuePointer`; returns its byte length. */
  writeValue(value: string | Uint8Array): number {
    if (typeof value !== 'string') {
      if (!(value instanceof Uint8Array)) throw MatcherError.of('invalid-argument', 'a value must be a string or a Uint8Array');
      this.valuePointer = this.writeBytes(value);
      return value.length;
    }
    // UTF-16 code units → at most 3 UTF-8 bytes each; lone surrogates become U+FFFD,
    // as JSON decoding does for an unpaired surrogate escape (SEMANTICS.md).
    const pointer = this.scratch(value.length * 3);
    this.valuePointer = pointer;
    const view = this.bytes();
    // Most values (domains, paths, names) are ASCII: copy code units directly and fall
    // back to encodeInto at the first non-ASCII one.
    let index = 0;
    for (; index < value.length; index++) {
      const unit = value.charCodeAt(index);
      if (unit >= 0x80) break;
      view[pointer + index] = unit;
    }
    if (index === value.length) return index;
    return this.encoder.encodeInto(value, view.subarray(pointer, pointer + value.length * 3)).written;
  }
}

const cores = new WeakMap<MatcherModule, CoreMemory>();

function coreOf(module: MatcherModule): CoreMemory {
  let core = cores.get(module);
  if (core === undefined) {
    core = new CoreMemory(module);
    cores.set(module, core);
  }
  return core;
}

/**
 * A compiled string set living in one WASM instance. Compile once, match many times;
 * `free()` releases its memory (sets are not garbage-collected).
 */
export class StringSet {
  readonly groupCount: number;
  private readonly core: CoreMemory;
  private currentHandle: number;
  private readonly matchesPointer: number;
  private readonly bitsPointer: number;

  /** @internal use compileStringSet */
  constructor(core: CoreMemory, handle: number) {
    this.core = core;
    this.currentHandle = handle;
    this.groupCount = core.exports.stringSetGroupCount(handle);
    this.matchesPointer = core.exports.resultMatchesPtr(handle);
    this.bitsPointer = core.exports.resultGroupBitsPtr(handle);
  }

  /** The groups `value` matches, each with its first matching pattern. */
  match(value: string | Uint8Array): StringSetMatch {
    const count = this.run(value);
    const groups: number[] = new Array(count);
    const firstPattern: number[] = new Array(count);
    const words = this.core.words();
    const base = this.matchesPointer >>> 2;
    for (let index = 0; index < count; index++) {
      groups[index] = words[base + index * 2];
      firstPattern[index] = words[base + index * 2 + 1];
    }
    return { groups, firstPattern };
  }

  /** How many groups `value` matches (0 = none); the cheapest call. */
  matchCount(value: string | Uint8Array): number {
    return this.run(value);
  }

  /** Whether `value` matches group `group`. */
  matchesGroup(value: string | Uint8Array, group: number): boolean {
    if (!Number.isInteger(group) || group < 0 || group >= this.groupCount) {
      throw MatcherError.of('invalid-argument', `group ${group} is not a group of this set (it has ${this.groupCount})`);
    }
    if (this.run(value) === 0) return false;
    return ((this.core.words()[(this.bitsPointer >>> 2) + (group >>> 5)] >>> (group & 31)) & 1) === 1;
  }

  info(): StringSetInfo {
    const exports = this.core.exports;
    const handle = this.live();
    return {
      kind: exports.stringSetKind(handle) === 0 ? 'dfa' : 'lazy-dfa',
      states: exports.stringSetStates(handle),
      tableBytes: exports.stringSetTableBytes(handle),
      memoryBytes: exports.stringSetMemoryBytes(handle),
      nfaNodes: exports.stringSetNfaNodes(handle),
      byteClasses: exports.stringSetClassCount(handle),
      groupCount: this.groupCount,
      cacheFlushes: exports.stringSetCacheFlushes(handle),
    };
  }

  /** Releases the set's WASM memory; any later call throws MatcherError `freed`. */
  free(): void {
    if (this.currentHandle < 0) return;
    this.core.exports.freeStringSet(this.currentHandle);
    this.currentHandle = -1;
  }

  get freed(): boolean {
    return this.currentHandle < 0;
  }

  /** The set's handle in its WASM instance, for code that calls the raw ABI (batches, the executor). */
  get handle(): number {
    return this.live();
  }

  private live(): number {
    if (this.currentHandle < 0) throw MatcherError.of('freed', 'the string set was freed');
    return this.currentHandle;
  }

  private run(value: string | Uint8Array): number {
    const handle = this.live();
    const core = this.core;
    const length = core.writeValue(value);
    const count = core.exports.matchStringSet(handle, core.valuePointer, length);
    if (count < 0) throw MatcherError.fromCore(count);
    return count;
  }
}

function readLimit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw MatcherError.of('invalid-limit', `${name} must be a non-negative integer, got ${value}`);
  }
  return value;
}

/** Compiles spec bytes (as emitted by encodeStringSetSpec or the Plan compiler). */
export function compileStringSetSpec(module: MatcherModule, spec: Uint8Array, options: StringSetCompileOptions = {}): StringSet {
  return compileSpec(module, spec, options, () => undefined);
}

function compileSpec(
  module: MatcherModule,
  spec: Uint8Array,
  options: StringSetCompileOptions,
  patternText: (group: number, pattern: number) => string | undefined,
): StringSet {
  if (!(spec instanceof Uint8Array)) throw MatcherError.of('invalid-argument', 'a spec must be a Uint8Array');
  const core = coreOf(module);
  const maxDfaStates = readLimit('maxDfaStates', options.maxDfaStates, DEFAULT_MAX_DFA_STATES);
  const cacheStates = readLimit('cacheStates', options.cacheStates, DEFAULT_CACHE_STATES);
  const pointer = core.writeBytes(spec);
  const handle = core.exports.compileStringSetWithLimits(pointer, spec.length, maxDfaStates, cacheStates);
  if (handle < 0) {
    const group = core.exports.lastCompileErrorGroup();
    const pattern = core.exports.lastCompileErrorPattern();
    throw MatcherError.fromCore(handle, {
      group: group < 0 ? undefined : group,
      pattern: pattern < 0 ? undefined : pattern,
      patternText: group < 0 || pattern < 0 ? undefined : patternText(group, pattern),
    });
  }
  return new StringSet(core, handle);
}

/** Compiles groups of patterns into a set inside `module`. Throws MatcherError, located. */
export function compileStringSet(
  module: MatcherModule,
  groups: readonly StringSetGroup[],
  options: StringSetCompileOptions = {},
): StringSet {
  return compileSpec(module, encodeStringSetSpec(groups), options, (group, pattern) => {
    const text = groups[group]?.patterns[pattern];
    return typeof text === 'string' ? text : undefined;
  });
}
