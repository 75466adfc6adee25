/** Exit codes of the `llm-egress` command (README, "CLI"). */
export const EXIT_SUCCESS = 0;
/** alerts were found and `--fail-on-alert` was given */
export const EXIT_ALERTS = 1;
/** usage, rule, allowlist or unreadable-input error */
export const EXIT_ERROR = 2;
/** malformed lines were found and `--strict` was given */
export const EXIT_MALFORMED = 3;

/**
 * An error the command reports as one clear message (no stack trace) and ends with
 * `exitCode`. The message already names the file (and line:column) when there is one.
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT_ERROR) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A problem with the command line itself. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT_ERROR);
    this.name = 'UsageError';
  }
}

/** The text of any thrown value, for messages. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
