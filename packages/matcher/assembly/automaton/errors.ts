// Compile error codes (negative, as returned by compileStringSet) and where the last error
// happened. The host reads the location after a failed compile to name group and pattern.

/** The spec ends before a field it announces (or a length runs past its end). */
export const ERROR_TRUNCATED_SPEC: i32 = -1;
/** A group's mode byte is not 0–4. */
export const ERROR_INVALID_MODE: i32 = -2;
/** A group's flags or reserved field has bits this version does not know. */
export const ERROR_INVALID_FLAGS: i32 = -3;
/** A pattern is not well-formed UTF-8. */
export const ERROR_INVALID_UTF8: i32 = -4;
/** More groups than MAX_GROUPS. */
export const ERROR_TOO_MANY_GROUPS: i32 = -5;
/** More patterns than MAX_PATTERNS. */
export const ERROR_TOO_MANY_PATTERNS: i32 = -6;
/** The set needs more NFA nodes than MAX_NFA_NODES; the location names the pattern that crossed it. */
export const ERROR_SET_TOO_LARGE: i32 = -7;
/** Bytes remain after the last group the spec announces. */
export const ERROR_TRAILING_BYTES: i32 = -8;
/** The (pointer, length) given by the host lies outside linear memory. */
export const ERROR_OUT_OF_BOUNDS: i32 = -9;
/** More live sets than MAX_SETS. */
export const ERROR_TOO_MANY_SETS: i32 = -10;
/** A limit argument is out of range. */
export const ERROR_INVALID_LIMIT: i32 = -11;

/** Errors of the match entry points (never written to the compile-error location). */
export const ERROR_INVALID_HANDLE: i32 = -20;
export const ERROR_INVALID_STATE: i32 = -21;

let lastCode: i32 = 0;
let lastGroup: i32 = -1;
let lastPattern: i32 = -1;

/** Records a compile error and returns its code, so callers can `return fail(…)`. */
export function fail(code: i32, group: i32, pattern: i32): i32 {
  lastCode = code;
  lastGroup = group;
  lastPattern = pattern;
  return code;
}

export function clearCompileError(): void {
  lastCode = 0;
  lastGroup = -1;
  lastPattern = -1;
}

export function lastCompileErrorCode(): i32 {
  return lastCode;
}

export function lastCompileErrorGroup(): i32 {
  return lastGroup;
}

export function lastCompileErrorPattern(): i32 {
  return lastPattern;
}
