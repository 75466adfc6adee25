/**
 * Codes of the raw-bytes executor, mirrored from assembly/executor/errors.ts (keep them in
 * step): what the WASM side returns when a plan does not load, and what it writes into a
 * line's error record.
 */

/** Why one line has no verdict (DESIGN.md "What counts as malformed"). */
export type LineErrorCode =
  | 'unexpected-character'
  | 'unexpected-end'
  | 'invalid-utf8'
  | 'not-an-object'
  | 'too-deep'
  | 'invalid-escape'
  | 'control-character'
  | 'invalid-number'
  | 'trailing-content'
  | 'out-of-memory';

const LINE_ERRORS: Record<number, { code: LineErrorCode; message: string }> = {
  1: { code: 'unexpected-character', message: 'unexpected character in JSON' },
  2: { code: 'unexpected-end', message: 'the line ends inside a JSON value (truncated)' },
  3: { code: 'invalid-utf8', message: 'the line is not well-formed UTF-8' },
  4: { code: 'not-an-object', message: 'the line is a JSON value but not an object' },
  5: { code: 'too-deep', message: 'objects and arrays nest deeper than 1000 levels' },
  6: { code: 'invalid-escape', message: 'invalid backslash escape in a JSON string' },
  7: { code: 'control-character', message: 'raw control character (U+0000–U+001F) in a JSON string' },
  8: { code: 'invalid-number', message: 'number does not follow the JSON grammar' },
  9: { code: 'trailing-content', message: 'unexpected content after the JSON object' },
  10: { code: 'out-of-memory', message: 'the line needs more memory than the WASM module could get' },
};

export function lineError(code: number): { code: LineErrorCode; message: string } {
  return LINE_ERRORS[code] ?? { code: 'unexpected-character', message: `unknown line error ${code}` };
}

/** Why a plan did not load into the WASM executor. */
export type PlanLoadErrorCode =
  | 'truncated'
  | 'bad-magic'
  | 'bad-version'
  | 'index-out-of-range'
  | 'unknown-code'
  | 'invalid-utf8'
  | 'string-set-failed'
  | 'bad-program'
  | 'trailing-bytes'
  | 'out-of-bounds'
  | 'too-large'
  | 'field-mismatch'
  | 'out-of-memory'
  | 'bad-cidr';

const PLAN_ERRORS: Record<number, { code: PlanLoadErrorCode; message: string }> = {
  [-1]: { code: 'truncated', message: 'the plan ends before a field it announces' },
  [-2]: { code: 'bad-magic', message: 'not a plan (the first bytes are not "LEGP")' },
  [-3]: { code: 'bad-version', message: 'plan format version not supported by this executor' },
  [-4]: { code: 'index-out-of-range', message: 'an index points past its table' },
  [-5]: { code: 'unknown-code', message: 'unknown predicate kind, operator, value type, address family or opcode' },
  [-6]: { code: 'invalid-utf8', message: 'a field path or compared string is not well-formed UTF-8' },
  [-7]: { code: 'string-set-failed', message: 'a string set did not compile' },
  [-8]: { code: 'bad-program', message: 'a rule or exception program is not well-formed' },
  [-9]: { code: 'trailing-bytes', message: 'bytes follow the metadata block' },
  [-10]: { code: 'out-of-bounds', message: 'the plan bytes lie outside WASM memory' },
  [-11]: { code: 'too-large', message: 'more fields, predicates, rules or plans than the executor supports' },
  [-12]: { code: 'field-mismatch', message: "a group predicate names a field other than its string set's" },
  [-13]: { code: 'out-of-memory', message: 'the WASM module could not grow its memory' },
  [-14]: { code: 'bad-cidr', message: "a CIDR prefix length exceeds its family's width" },
};

export function planLoadError(code: number): { code: PlanLoadErrorCode; message: string } {
  return PLAN_ERRORS[code] ?? { code: 'unknown-code', message: `unknown plan load error ${code}` };
}

/** Negative results of executorScan. */
export const SCAN_ERRORS: Record<number, string> = {
  [-20]: 'invalid plan handle (the executor was freed?)',
  [-21]: 'chunk lies outside WASM memory',
  [-22]: 'the output area cannot hold one line of records',
  [-23]: 'bad argument',
};
