/** Why a string-set operation failed. */
export type MatcherErrorCode =
  | 'truncated-spec'
  | 'invalid-mode'
  | 'invalid-flags'
  | 'invalid-utf8'
  | 'too-many-groups'
  | 'too-many-patterns'
  | 'set-too-large'
  | 'trailing-bytes'
  | 'out-of-bounds'
  | 'too-many-sets'
  | 'invalid-limit'
  | 'invalid-handle'
  | 'invalid-state'
  | 'invalid-argument'
  | 'freed'
  | 'unknown';

/** The WASM core's negative return codes (assembly/automaton/errors.ts), by value. */
const CODES_BY_NUMBER: ReadonlyMap<number, MatcherErrorCode> = new Map([
  [-1, 'truncated-spec'],
  [-2, 'invalid-mode'],
  [-3, 'invalid-flags'],
  [-4, 'invalid-utf8'],
  [-5, 'too-many-groups'],
  [-6, 'too-many-patterns'],
  [-7, 'set-too-large'],
  [-8, 'trailing-bytes'],
  [-9, 'out-of-bounds'],
  [-10, 'too-many-sets'],
  [-11, 'invalid-limit'],
  [-20, 'invalid-handle'],
  [-21, 'invalid-state'],
]);

const DESCRIPTIONS: Record<MatcherErrorCode, string> = {
  'truncated-spec': 'the string-set spec ends before a field it announces',
  'invalid-mode': 'unknown group mode (expected exact, wildcard, prefix, suffix or contains)',
  'invalid-flags': 'unknown group flags or non-zero reserved bits',
  'invalid-utf8': 'the pattern is not well-formed UTF-8 (or, as a JS string, has an unpaired surrogate)',
  'too-many-groups': 'more groups than the matcher supports (65,536)',
  'too-many-patterns': 'more patterns than the matcher supports (1,048,576)',
  'set-too-large': 'the set needs more than 1,048,576 automaton nodes; this pattern crossed the bound',
  'trailing-bytes': 'bytes remain after the last group of the string-set spec',
  'out-of-bounds': 'a pointer and length given to the WASM core lie outside its memory',
  'too-many-sets': 'more live string sets than the matcher supports (65,536); free unused sets',
  'invalid-limit': 'a compile limit is out of range',
  'invalid-handle': 'no live string set has this handle',
  'invalid-state': 'not a state of this string set',
  'invalid-argument': 'invalid argument',
  freed: 'the string set was freed',
  unknown: 'unknown error',
};

/** A typed, located error of the matcher: `group` and `pattern` index the offending pattern. */
export class MatcherError extends Error {
  override readonly name = 'MatcherError';
  readonly code: MatcherErrorCode;
  /** Index of the group the error is about, when it is about one. */
  readonly group: number | undefined;
  /** Index of the pattern within that group, when the error is about one. */
  readonly pattern: number | undefined;

  constructor(code: MatcherErrorCode, message: string, location: { group?: number; pattern?: number } = {}) {
    super(message);
    this.code = code;
    this.group = location.group;
    this.pattern = location.pattern;
  }

  /** Builds the error for a negative code returned by the WASM core. */
  static fromCore(numericCode: number, location: { group?: number; pattern?: number; patternText?: string } = {}): MatcherError {
    const code = CODES_BY_NUMBER.get(numericCode) ?? 'unknown';
    return new MatcherError(code, `${describeLocation(location)}${DESCRIPTIONS[code]} (core code ${numericCode})`, location);
  }

  /** An error raised by the TS side itself. */
  static of(
    code: MatcherErrorCode,
    detail: string,
    location: { group?: number; pattern?: number; patternText?: string } = {},
  ): MatcherError {
    return new MatcherError(code, `${describeLocation(location)}${detail}`, location);
  }
}

function describeLocation(location: { group?: number; pattern?: number; patternText?: string }): string {
  if (location.group === undefined) return '';
  if (location.pattern === undefined) return `group ${location.group}: `;
  const text = location.patternText === undefined ? '' : ` ${JSON.stringify(preview(location.patternText))}`;
  return `group ${location.group}, pattern ${location.pattern}${text}: `;
}

function preview(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
