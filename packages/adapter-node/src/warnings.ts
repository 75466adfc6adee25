import { type LineError, LlmEgressError } from '@llm-egress/sdk';

/**
 * One malformed input, located: the SDK's per-line error for NDJSON lines, or the adapter's
 * own for an overlong line or an input object that is not an event. `line` is 1-based over
 * the whole stream (for object streams: the position of the object in the stream).
 */
export type StreamWarning = LineError;

/** Codes the adapter itself produces (the SDK's scan adds its own per-line codes). */
export const WARNING_CODES = {
  /** an NDJSON line longer than `maxLineBytes` */
  lineTooLong: 'LINE_TOO_LONG',
  /** an object-stream input that is not an event object (a string, number, array, Buffer…); the SDK's code for such a line */
  notAnObject: 'NOT_AN_OBJECT',
} as const;

/**
 * With `{ strict: true }`, the first malformed input ends the stream with this error: one of
 * the SDK's coded, located errors (`code`, `file`, `line`, `column`), plus the byte `offset`
 * and the `warning` itself.
 */
export class MalformedInputError extends LlmEgressError {
  readonly offset?: number;
  readonly warning: StreamWarning;

  constructor(warning: StreamWarning) {
    super(warning.code, `${warning.message} (strict mode stops at the first malformed input)`, {
      ...(warning.file === undefined ? {} : { file: warning.file }),
      line: warning.line,
      ...(warning.column === undefined ? {} : { column: warning.column }),
    });
    this.name = 'MalformedInputError';
    if (warning.offset !== undefined) this.offset = warning.offset;
    this.warning = warning;
  }
}

/** `file:line:column`, with `<stream>` when the stream has no name. */
export function formatLocation(warning: StreamWarning): string {
  const column = warning.column === undefined ? '' : `:${warning.column}`;
  return `${warning.file ?? '<stream>'}:${warning.line}${column}`;
}

/** The one-line text a logger gets for a warning nobody listens to. */
export function formatWarning(warning: StreamWarning): string {
  return `${formatLocation(warning)}: ${warning.message} (${warning.code})`;
}

/**
 * Where a warning goes when the caller gave no listener: the detector's logger if there is
 * one, else Node's process warnings, so a malformed line is never dropped without a trace.
 */
export function reportUnheard(warning: StreamWarning, logger: { warn(message: string): void } | undefined): void {
  const text = formatWarning(warning);
  if (logger) logger.warn(text);
  else process.emitWarning(text, { type: 'LlmEgressWarning', code: warning.code });
}
