import type { AlertSource } from '../alerts/build.js';
import type { Alert } from '../alerts/types.js';
import { addCount } from '../counts.js';
import { locateJsonError, VALID } from './json-error.js';
import { isBlank, lineSpans } from './lines.js';
import { firstInvalidUtf8 } from './utf8.js';

export interface ScanOptions {
  /** path as given by the user ('-' for stdin); becomes llm_egress.source.file */
  file?: string;
  /** 1-based line number of the first line of `bytes` within its file (default 1) */
  firstLine?: number;
  /** byte offset of `bytes` within the decompressed file (default 0) */
  firstOffset?: number;
  /** check every line is one JSON object in valid UTF-8 (exact malformed counts) */
  validate?: boolean;
  /** run code plugins (default true); workers pass false and the main thread runs them */
  runPlugins?: boolean;
}

export interface LineError {
  file?: string;
  line: number;
  /** 1-based byte column within the line */
  column?: number;
  /** byte offset of the line within the file */
  offset?: number;
  code: string;
  message: string;
}

export interface ScanCounters {
  /** lines in the chunk, blank ones included */
  lines: number;
  /** lines that held one JSON object (blank lines are neither events nor malformed) */
  events: number;
  malformed: number;
  alerts: number;
  /** suppressed alerts per allowlist item id / plugin name */
  suppressed: Record<string, number>;
  pluginErrors: number;
  /** alerts per rule source id */
  perRule: Record<string, number>;
  /** alerts per provider name */
  perProvider: Record<string, number>;
}

export interface ScanResult {
  alerts: Alert[];
  errors: LineError[];
  counters: ScanCounters;
}

export function emptyCounters(): ScanCounters {
  return { lines: 0, events: 0, malformed: 0, alerts: 0, suppressed: {}, pluginErrors: 0, perRule: {}, perProvider: {} };
}

// ignoreBOM: a byte-order mark stays in the text, and JSON.parse rejects it like any other stray character.
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossyDecoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** Error codes of malformed lines (the same the raw-bytes executor reports). */
export const LINE_ERROR_CODES = {
  INVALID_UTF8: 'the line is not valid UTF-8',
  JSON_SYNTAX: 'the line is not valid JSON',
  NOT_AN_OBJECT: 'the line is valid JSON but not one object',
  TOO_DEEP: 'objects and arrays nest deeper than 1000 levels',
} as const;

/**
 * The raw-bytes executor bounds nesting (its parser has no recursion and a fixed stack);
 * the object scan applies the same bound so that every executor counts the same lines as
 * malformed.
 */
export const MAX_NESTING_DEPTH = 1000;

/** 1-based byte column of the `{` or `[` that opens level MAX_NESTING_DEPTH + 1, or 0 when the text stays within the bound. */
export function tooDeepColumn(text: string): number {
  // Nesting deeper than the bound needs more than 2 × bound characters.
  if (text.length <= 2 * MAX_NESTING_DEPTH) return 0;
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 0x5c) index++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      if (++depth > MAX_NESTING_DEPTH) return Buffer.byteLength(text.slice(0, index)) + 1;
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
  return 0;
}

/**
 * The object-executor scan: every non-blank line is decoded (strict UTF-8), parsed with
 * JSON.parse and must be one JSON object; every malformed line is reported, so the counts
 * are exact whether or not `validate` is set. `evaluate` turns one event into candidate
 * alerts (allowlists applied, plugins not yet).
 */
export function scanLines(
  bytes: Uint8Array,
  options: ScanOptions,
  evaluate: (event: Record<string, unknown>, source: AlertSource) => { alerts: Alert[]; suppressedBy: string[] },
): ScanResult {
  const firstLine = options.firstLine ?? 1;
  const firstOffset = options.firstOffset ?? 0;
  const file = options.file;
  const counters = emptyCounters();
  const alerts: Alert[] = [];
  const errors: LineError[] = [];
  for (const { index, start, end } of lineSpans(bytes)) {
    counters.lines++;
    if (isBlank(bytes, start, end)) continue;
    const line = firstLine + index;
    const offset = firstOffset + start;
    const error = (code: keyof typeof LINE_ERROR_CODES, column: number, detail: string) => {
      counters.malformed++;
      errors.push({ ...(file !== undefined ? { file } : {}), line, column, offset, code, message: `${LINE_ERROR_CODES[code]}: ${detail}` });
    };
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(start, end));
    } catch {
      // Report the first problem in byte order, as a one-pass reader (the raw-bytes
      // executor) does: a JSON syntax error before the first invalid byte wins.
      const bad = Math.max(0, firstInvalidUtf8(bytes, start, end) - start);
      const syntax = locateJsonError(lossyDecoder.decode(bytes.subarray(start, end)));
      if (syntax.message !== VALID && syntax.column - 1 < bad) error('JSON_SYNTAX', syntax.column, syntax.message);
      else error('INVALID_UTF8', bad + 1, `invalid byte sequence at byte column ${bad + 1}`);
      continue;
    }
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch {
      const located = locateJsonError(text);
      error('JSON_SYNTAX', located.column, located.message);
      continue;
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      error('NOT_AN_OBJECT', 1, `found ${event === null ? 'null' : Array.isArray(event) ? 'an array' : typeof event}`);
      continue;
    }
    const deepAt = tooDeepColumn(text);
    if (deepAt > 0) {
      error('TOO_DEEP', deepAt, `level ${MAX_NESTING_DEPTH + 1} opens here`);
      continue;
    }
    counters.events++;
    const result = evaluate(event as Record<string, unknown>, {
      ...(file !== undefined ? { file } : {}),
      line,
      offset,
      raw: bytes.subarray(start, end),
    });
    for (const id of result.suppressedBy) addCount(counters.suppressed, id);
    alerts.push(...result.alerts);
  }
  return { alerts, errors, counters };
}
