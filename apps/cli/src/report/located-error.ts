/**
 * Messages for errors that carry a location (the SDK's rule, allowlist and plugin errors:
 * `code`, `file`, `line`, `column`): `file:line:column: message`, followed, when the file
 * can be read, by the offending line and a caret under the column.
 */
import { readFileSync } from 'node:fs';
import { errorMessage } from '../errors.js';

export interface Located {
  code?: unknown;
  file?: unknown;
  line?: unknown;
  column?: unknown;
}

function sourceLine(file: string, line: number): string | null {
  try {
    const text = readFileSync(file, 'utf8');
    const lines = text.split(/\r?\n/);
    return lines[line - 1] ?? null;
  } catch {
    return null;
  }
}

/** A caret snippet: the line (tabs kept, so the caret lines up) and `^` under the column. */
export function caretSnippet(text: string, line: number, column: number): string {
  const gutter = `${line} | `;
  const prefix = Array.from(text.slice(0, Math.max(column - 1, 0)))
    .map((character) => (character === '\t' ? '\t' : ' '))
    .join('');
  return `  ${gutter}${text}\n  ${' '.repeat(gutter.length - 2)}| ${prefix}^`;
}

export function formatLocatedError(error: unknown): string {
  const message = errorMessage(error);
  const located = (error ?? {}) as Located;
  const file = typeof located.file === 'string' ? located.file : undefined;
  const line = typeof located.line === 'number' ? located.line : undefined;
  const column = typeof located.column === 'number' ? located.column : undefined;
  let location = '';
  if (file) location = file + (line !== undefined ? `:${line}${column !== undefined ? `:${column}` : ''}` : '');
  const text = location && !message.startsWith(file!) ? `${location}: ${message}` : message;
  if (!file || line === undefined || column === undefined) return text;
  const offending = sourceLine(file, line);
  return offending === null ? text : `${text}\n${caretSnippet(offending, line, column)}`;
}
