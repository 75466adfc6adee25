import type { RawExecutor, RawLineError } from '@llm-egress/matcher';
import type { AlertSource } from '../alerts/build.js';
import type { Alert } from '../alerts/types.js';
import { addCount } from '../counts.js';
import { emptyCounters, LINE_ERROR_CODES, type LineError, type ScanOptions, type ScanResult } from './scan.js';

/** The raw executor's detailed codes, folded into the three the SDK reports (the detail stays in the message). */
function lineErrorCode(code: RawLineError['code']): string {
  switch (code) {
    case 'invalid-utf8':
      return 'INVALID_UTF8';
    case 'not-an-object':
      return 'NOT_AN_OBJECT';
    case 'too-deep':
      return 'TOO_DEEP';
    case 'out-of-memory':
      return 'OUT_OF_MEMORY';
    default:
      return 'JSON_SYNTAX';
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * `scan` through the raw-bytes WASM executor: the prefilter and the field extractor decide
 * on the bytes, and only lines that alert are decoded and parsed here, to build their
 * alerts. Counters: `events` is exact with `validate`; without it, lines the prefilter
 * ruled out are counted as events without being checked (as the raw executor reports them).
 */
export function scanRaw(
  raw: RawExecutor,
  bytes: Uint8Array,
  options: ScanOptions,
  suppressionOrigin: (rule: number, item: number) => string,
  buildAlert: (event: Record<string, unknown>, rule: number, source: AlertSource) => Alert,
): ScanResult {
  const firstLine = options.firstLine ?? 1;
  const firstOffset = options.firstOffset ?? 0;
  const file = options.file;
  const located = (line: number, offset: number) => ({
    ...(file !== undefined ? { file } : {}),
    line: firstLine + line,
    offset: firstOffset + offset,
  });
  const result = raw.scan(bytes, { validate: options.validate === true });
  const counters = emptyCounters();
  counters.lines = result.lines;
  const errors: LineError[] = result.errors.map((error) => {
    const code = lineErrorCode(error.code);
    const known = (LINE_ERROR_CODES as Record<string, string>)[code];
    const { file: errorFile, line, offset } = located(error.line, error.offset);
    return {
      ...(errorFile !== undefined ? { file: errorFile } : {}),
      line,
      column: error.column + 1,
      offset,
      code,
      message: known ? `${known}: ${error.message}` : error.message,
    };
  });
  const nonBlank = options.validate === true ? result.parsed : result.prefilterRejected + result.parsed;
  const alerts: Alert[] = [];
  // One line can alert for several rules: parse it once.
  let parsedLine = -1;
  let event: Record<string, unknown> | null = null;
  for (const match of result.matches) {
    if (match.suppressedBy >= 0) {
      const id = suppressionOrigin(match.rule, match.suppressedBy);
      addCount(counters.suppressed, id);
      continue;
    }
    const lineBytes = bytes.subarray(match.offset, match.offset + match.length);
    if (match.line !== parsedLine) {
      parsedLine = match.line;
      try {
        const value: unknown = JSON.parse(decoder.decode(lineBytes));
        event = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
      } catch {
        event = null;
      }
      if (event === null) {
        // The WASM reader accepted a line that JSON.parse refuses: report it, never drop it silently.
        const { file: errorFile, line, offset } = located(match.line, match.offset);
        errors.push({
          ...(errorFile !== undefined ? { file: errorFile } : {}),
          line,
          column: 1,
          offset,
          code: 'JSON_SYNTAX',
          message: 'the raw-bytes executor matched a line that JSON.parse rejects',
        });
      }
    }
    if (event === null) continue;
    alerts.push(buildAlert(event, match.rule, { ...located(match.line, match.offset), raw: lineBytes }));
  }
  errors.sort((left, right) => left.line - right.line);
  counters.malformed = errors.length;
  counters.events = nonBlank - errors.length;
  return { alerts, errors, counters };
}
