// Error codes of the raw-bytes executor. Plan-load errors are negative return values of
// planLoad (the loader never traps); line errors are written into per-line error records.
// The TypeScript glue (src/executor/codes.ts) maps both to names and messages: keep them
// in step.

// ---- plan load errors (negative) ----
/** The plan ends before a field it announces. */
export const PLAN_TRUNCATED: i32 = -1;
/** The first four bytes are not "LEGP". */
export const PLAN_BAD_MAGIC: i32 = -2;
/** A format version this reader does not know. */
export const PLAN_BAD_VERSION: i32 = -3;
/** An index (field, set, group, predicate) points past its table. */
export const PLAN_INDEX_OUT_OF_RANGE: i32 = -4;
/** An unknown predicate kind, compare operator, value type, address family or opcode. */
export const PLAN_UNKNOWN_CODE: i32 = -5;
/** A field path or compared string is not well-formed UTF-8. */
export const PLAN_INVALID_UTF8: i32 = -6;
/** A string set did not compile; planErrorDetail names the set, the automaton says group and pattern. */
export const PLAN_STRING_SET_FAILED: i32 = -7;
/** A program would underflow its stack or does not leave exactly one value. */
export const PLAN_BAD_PROGRAM: i32 = -8;
/** Bytes follow the metadata block. */
export const PLAN_TRAILING_BYTES: i32 = -9;
/** (pointer, length) lies outside linear memory. */
export const PLAN_OUT_OF_BOUNDS: i32 = -10;
/** More fields, predicates or rules than this executor supports. */
export const PLAN_TOO_LARGE: i32 = -11;
/** A group predicate names a field other than its string set's field. */
export const PLAN_FIELD_MISMATCH: i32 = -12;
/** Memory could not be grown. */
export const PLAN_OUT_OF_MEMORY: i32 = -13;
/** A CIDR block's prefix length exceeds its family's width. */
export const PLAN_BAD_CIDR: i32 = -14;

// ---- scan errors (negative return of executorScan) ----
export const SCAN_INVALID_HANDLE: i32 = -20;
export const SCAN_OUT_OF_BOUNDS: i32 = -21;
/** The output area cannot hold even one line's records: the host must make it larger. */
export const SCAN_OUTPUT_TOO_SMALL: i32 = -22;
export const SCAN_BAD_ARGUMENT: i32 = -23;

// ---- line errors (positive, in error records) ----
/** A byte that cannot start or continue the JSON text here. */
export const LINE_UNEXPECTED_CHARACTER: i32 = 1;
/** The line ends inside a value (truncated JSON). */
export const LINE_UNEXPECTED_END: i32 = 2;
/** The line is not well-formed UTF-8. */
export const LINE_INVALID_UTF8: i32 = 3;
/** The line holds one JSON value, but not an object (an array, a string, a number…). */
export const LINE_NOT_AN_OBJECT: i32 = 4;
/** Objects and arrays nest deeper than MAX_DEPTH. */
export const LINE_TOO_DEEP: i32 = 5;
/** A backslash escape that JSON does not define (or a `\u` without four hex digits). */
export const LINE_INVALID_ESCAPE: i32 = 6;
/** A raw control character (U+0000–U+001F) inside a string. */
export const LINE_CONTROL_CHARACTER: i32 = 7;
/** A number that breaks the JSON number grammar (`01`, `1.`, `.5`, `+1`, `-`). */
export const LINE_INVALID_NUMBER: i32 = 8;
/** Something other than whitespace after the object. */
export const LINE_TRAILING_CONTENT: i32 = 9;
/** The line needs more scratch memory than the module could get. */
export const LINE_OUT_OF_MEMORY: i32 = 10;

/** Deepest nesting of objects and arrays in one line (Jackson's default, which Elasticsearch uses). */
export const MAX_DEPTH: i32 = 1000;
