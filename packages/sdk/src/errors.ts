/**
 * Typed, coded, located errors. Every failure the SDK reports is one of these (never a
 * bare string), so callers can branch on `code` and show `file:line:column`.
 */

export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: number;
}

/** `file:line:column: ` for the parts that are known, or the empty string. */
export function formatLocation(location: ErrorLocation): string {
  if (location.file === undefined && location.line === undefined) return '';
  const parts = [location.file ?? '<input>'];
  if (location.line !== undefined) parts.push(String(location.line));
  if (location.line !== undefined && location.column !== undefined) parts.push(String(location.column));
  return `${parts.join(':')}: `;
}

export class LlmEgressError extends Error {
  readonly code: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;

  constructor(code: string, message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super(`${formatLocation(location)}${code}: ${message}`, options);
    this.name = 'LlmEgressError';
    this.code = code;
    if (location.file !== undefined) this.file = location.file;
    if (location.line !== undefined) this.line = location.line;
    if (location.column !== undefined) this.column = location.column;
  }
}

/** A rule could not be loaded or compiled (unknown id, bad file, unsupported EQL). */
export class RuleError extends LlmEgressError {
  constructor(code: string, message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super(code, message, location, options);
    this.name = 'RuleError';
  }
}

/** An allowlist file or document is invalid; `file` and `line` point at the offending item or entry. */
export class AllowlistError extends LlmEgressError {
  constructor(code: string, message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super(code, message, location, options);
    this.name = 'AllowlistError';
  }
}

/** A plugin could not be loaded or set up (a plugin failing on an alert is reported, not thrown). */
export class PluginError extends LlmEgressError {
  readonly plugin?: string;
  constructor(code: string, message: string, location: ErrorLocation & { plugin?: string } = {}, options?: { cause?: unknown }) {
    super(code, message, location, options);
    this.name = 'PluginError';
    if (location.plugin !== undefined) this.plugin = location.plugin;
  }
}
