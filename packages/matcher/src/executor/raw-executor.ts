import type { MatcherModule } from '../module.js';
import { type LineErrorCode, lineError, type PlanLoadErrorCode, planLoadError, SCAN_ERRORS } from './codes.js';

/**
 * The raw-bytes executor: runs a serialised Plan (packages/rules/PLAN.md) on NDJSON bytes
 * inside WebAssembly, without JSON.parse. Lifecycle: `loadPlan` once, `scan` many chunks,
 * `free` when done. A chunk must hold whole lines: its last line may lack `\n`, but a line
 * split across two chunks is read as two lines (stream adapters split at newlines).
 */

export interface RawScanOptions {
  /**
   * Check every line, not only those the prefilter lets through, so that malformed lines
   * are counted exactly (slower). Off by default: then only lines that had to be parsed
   * are reported.
   */
  validate?: boolean;
}

export interface RawMatch {
  /** 0-based line index within the chunk */
  line: number;
  /** byte offset of the line in the chunk */
  offset: number;
  /** byte length of the line, without its `\n` or `\r\n` */
  length: number;
  /** rule index in the plan */
  rule: number;
  /** index of the rule's first allowlist item (exception) that suppresses this match, or -1 */
  suppressedBy: number;
  /** per predicate index: 1 true, 0 false, -1 not evaluated on this line */
  predicates: Int8Array;
  /** per predicate index: for a group predicate that held, the first matching pattern's index in its group; else -1 */
  firstPatterns: Int32Array;
}

export interface RawLineError {
  line: number;
  offset: number;
  length: number;
  /** 0-based byte offset within the line where the problem was found */
  column: number;
  code: LineErrorCode;
  message: string;
}

export interface RawScanResult {
  matches: RawMatch[];
  errors: RawLineError[];
  /** lines in the chunk (empty and whitespace-only lines included) */
  lines: number;
  /** non-empty lines the prefilter ruled out (never evaluated) */
  prefilterRejected: number;
  /** lines parsed, to evaluate them or (with `validate`) only to check them */
  parsed: number;
  /** lines evaluated against the rules (well-formed candidates) */
  evaluated: number;
}

export interface RawExecutorInfo {
  fields: number;
  stringSets: number;
  predicates: number;
  rules: number;
  /** null when the plan has no usable literal prefilter */
  prefilter: { literals: number; fingerprintLength: number } | null;
  /**
   * Key anchors: key segments every match needs (e.g. `question` for rules on
   * `dns.question.name`), searched first; only lines holding one are searched for
   * literals. Empty when the plan's rules give none.
   */
  anchors: string[];
}

export class PlanLoadError extends Error {
  override readonly name = 'PlanLoadError';
  constructor(
    readonly code: PlanLoadErrorCode,
    message: string,
    /** byte offset in the plan where the problem was found */
    readonly offset: number,
    /** for `string-set-failed`: the set, and the automaton's group, pattern and error code */
    readonly set?: number,
    readonly group?: number,
    readonly pattern?: number,
    readonly automatonCode?: number,
  ) {
    super(message);
  }
}

type Exports = Record<string, (...args: number[]) => number>;

export interface RawExecutorOptions {
  /**
   * Match records one WASM call may return (at least the plan's rule count; default 1024).
   * A chunk with more matches is scanned in several calls, transparently.
   */
  matchRecords?: number;
  /** Error records one WASM call may return (at least 1; default 1024). */
  errorRecords?: number;
}

const DEFAULT_MATCH_RECORDS = 1024;
const DEFAULT_ERROR_RECORDS = 1024;

export class RawExecutor {
  private readonly calls: Exports;
  private handle: number;
  /** bytes of the last `input()` view: what `scanInput` may scan */
  private reserved = 0;
  readonly recordWords: number;
  readonly bitWords: number;
  readonly predicateCount: number;

  /** Use `loadPlan`. */
  constructor(
    private readonly module: MatcherModule,
    handle: number,
    options: RawExecutorOptions = {},
  ) {
    this.calls = module.exports as unknown as Exports;
    this.handle = handle;
    this.predicateCount = this.calls.executorPlanInfo(handle, 2);
    this.recordWords = this.calls.executorPlanInfo(handle, 6);
    this.bitWords = this.calls.executorPlanInfo(handle, 7);
    const rules = this.calls.executorPlanInfo(handle, 3);
    const matchRecords = options.matchRecords ?? Math.max(DEFAULT_MATCH_RECORDS, rules);
    const errorRecords = options.errorRecords ?? DEFAULT_ERROR_RECORDS;
    const status = this.calls.executorSetOutput(handle, matchRecords, errorRecords);
    if (status < 0) {
      this.calls.executorPlanFree(handle);
      throw new RangeError(
        `llm-egress raw executor: cannot size the output for ${matchRecords} match and ${errorRecords} error records (need at least ${rules} and 1): ${SCAN_ERRORS[status] ?? status}`,
      );
    }
  }

  info(): RawExecutorInfo {
    const info = (what: number) => this.calls.executorPlanInfo(this.live(), what);
    const literals = info(4);
    const handle = this.live();
    const anchors: string[] = [];
    const decoder = new TextDecoder();
    for (let index = 0; index < this.calls.executorPlanAnchorCount(handle); index++) {
      const pointer = this.calls.executorPlanAnchorPointer(handle, index) >>> 0;
      const length = this.calls.executorPlanAnchorLength(handle, index);
      anchors.push(decoder.decode(new Uint8Array(this.module.memory.buffer, pointer, length)));
    }
    return {
      fields: info(0),
      stringSets: info(1),
      predicates: info(2),
      rules: info(3),
      prefilter: literals < 0 ? null : { literals, fingerprintLength: info(5) },
      anchors,
    };
  }

  /**
   * A view of `byteLength` bytes of WASM memory to write a chunk into, then call
   * `scanInput(byteLength)`: saves one copy. The view is invalid after any other call on
   * this module (memory may grow): take a fresh one per chunk.
   */
  input(byteLength: number): Uint8Array {
    this.live();
    const pointer = this.calls.executorInput(byteLength) >>> 0;
    if (pointer === 0) throw new RangeError(`llm-egress raw executor: cannot reserve ${byteLength} input bytes`);
    this.reserved = byteLength;
    return new Uint8Array(this.module.memory.buffer, pointer, byteLength);
  }

  /** Scans the first `byteLength` bytes written into the last `input(n)` view (`byteLength` ≤ n). */
  scanInput(byteLength: number, options: RawScanOptions = {}): RawScanResult {
    if (!Number.isInteger(byteLength) || byteLength < 0 || byteLength > this.reserved) {
      throw new RangeError(`llm-egress raw executor: scanInput(${byteLength}) exceeds the ${this.reserved} bytes of the last input() view`);
    }
    const pointer = this.calls.executorInput(byteLength) >>> 0;
    if (pointer === 0) throw new RangeError(`llm-egress raw executor: cannot reserve ${byteLength} input bytes`);
    return this.scanAt(pointer, byteLength, options);
  }

  /** Scans a chunk of NDJSON (copied into WASM memory). */
  scan(chunk: Uint8Array, options: RawScanOptions = {}): RawScanResult {
    this.input(chunk.length).set(chunk);
    return this.scanInput(chunk.length, options);
  }

  free(): void {
    if (this.handle >= 0) this.calls.executorPlanFree(this.handle);
    this.handle = -1;
  }

  private live(): number {
    if (this.handle < 0) throw new Error('llm-egress raw executor: used after free()');
    return this.handle;
  }

  private scanAt(pointer: number, byteLength: number, options: RawScanOptions): RawScanResult {
    const handle = this.live();
    const flags = options.validate ? 1 : 0;
    const result: RawScanResult = { matches: [], errors: [], lines: 0, prefilterRejected: 0, parsed: 0, evaluated: 0 };
    let offset = 0;
    let line = 0;
    for (;;) {
      const status = this.calls.executorScan(handle, pointer + offset, byteLength - offset, flags, line);
      if (status < 0) throw new RangeError(`llm-egress raw executor: ${SCAN_ERRORS[status] ?? `scan failed (${status})`}`);
      this.collect(result, offset);
      if (status === 0) return result;
      offset += this.calls.executorResumeOffset() >>> 0;
      line = this.calls.executorResumeLine() >>> 0;
    }
  }

  private collect(result: RawScanResult, offset: number): void {
    const calls = this.calls;
    result.lines += calls.executorLines() >>> 0;
    result.prefilterRejected += calls.executorRejected() >>> 0;
    result.parsed += calls.executorParsed() >>> 0;
    result.evaluated += calls.executorEvaluated() >>> 0;
    const buffer = this.module.memory.buffer;
    const matchCount = calls.executorMatchCount() >>> 0;
    if (matchCount > 0) {
      const words = this.recordWords;
      const records = new Int32Array(buffer, calls.executorMatchArea(this.handle) >>> 0, matchCount * words);
      const predicateCount = this.predicateCount;
      const bitWords = this.bitWords;
      for (let index = 0; index < matchCount; index++) {
        const base = index * words;
        const predicates = new Int8Array(predicateCount);
        for (let predicate = 0; predicate < predicateCount; predicate++) {
          const word = predicate >>> 5;
          const bit = 1 << (predicate & 31);
          const evaluated = (records[base + 5 + word] & bit) !== 0;
          predicates[predicate] = evaluated ? ((records[base + 5 + bitWords + word] & bit) !== 0 ? 1 : 0) : -1;
        }
        result.matches.push({
          line: records[base],
          offset: records[base + 1] + offset,
          length: records[base + 2],
          rule: records[base + 3],
          suppressedBy: records[base + 4],
          predicates,
          firstPatterns: records.slice(base + 5 + 2 * bitWords, base + 5 + 2 * bitWords + predicateCount),
        });
      }
    }
    const errorCount = calls.executorErrorCount() >>> 0;
    if (errorCount > 0) {
      const records = new Int32Array(buffer, calls.executorErrorArea(this.handle) >>> 0, errorCount * 5);
      for (let index = 0; index < errorCount; index++) {
        const base = index * 5;
        const { code, message } = lineError(records[base + 4]);
        result.errors.push({
          line: records[base],
          offset: records[base + 1] + offset,
          length: records[base + 2],
          column: records[base + 3],
          code,
          message,
        });
      }
    }
  }
}

/**
 * Loads serialised Plan bytes (`encodePlan` in @llm-egress/rules) into a WASM core from
 * `loadMatcherModule`: validates the plan, compiles its string sets, builds its prefilter.
 * Throws PlanLoadError naming the byte offset of any problem.
 */
export function loadPlan(module: MatcherModule, planBytes: Uint8Array, options: RawExecutorOptions = {}): RawExecutor {
  const calls = module.exports as unknown as Exports;
  if (typeof calls.executorPlanLoad !== 'function') throw new Error('this WASM core has no raw-bytes executor');
  const pointer = calls.executorInput(planBytes.length) >>> 0;
  if (pointer === 0) throw new PlanLoadError('out-of-memory', 'cannot reserve memory for the plan', 0);
  new Uint8Array(module.memory.buffer, pointer, planBytes.length).set(planBytes);
  const handle = calls.executorPlanLoad(pointer, planBytes.length);
  if (handle < 0) {
    const { code, message } = planLoadError(handle);
    const offset = calls.executorPlanErrorOffset() >>> 0;
    if (code === 'string-set-failed') {
      const set = calls.executorPlanErrorSet();
      const group = calls.executorPlanErrorGroup();
      const pattern = calls.executorPlanErrorPattern();
      const cause = calls.executorPlanErrorCause();
      const where = group >= 0 ? ` (group ${group}${pattern >= 0 ? `, pattern ${pattern}` : ''})` : '';
      throw new PlanLoadError(
        code,
        `${message}: string set ${set}${where}, automaton code ${cause} (at byte ${offset})`,
        offset,
        set,
        group,
        pattern,
        cause,
      );
    }
    throw new PlanLoadError(code, `${message} (at byte ${offset})`, offset);
  }
  return new RawExecutor(module, handle, options);
}
