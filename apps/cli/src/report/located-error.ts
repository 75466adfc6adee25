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

/** One diagnostic of a rule file (the rules package collects them all, with an excerpt). */
interface Diagnostic {
  file?: string;
  line: number;
  column: number;
  code: string;
  message: string;
  excerpt?: string;
}

function diagnosticsOf(error: unknown): Diagnostic[] | null {
  const cause = (error as { cause?: { diagnostics?: unknown } } | null)?.cause;
  const diagnostics = cause?.diagnostics;
  if (!Array.isArray(diagnostics) || diagnostics.length === 0) return null;
  return diagnostics.every((item) => item && typeof item === 'object' && typeof item.line === 'number' && typeof item.message === 'string')
    ? (diagnostics as Diagnostic[])
    : null;
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

/**
 * Every problem the error carries, located: a rule file's diagnostics one by one (each
 * with its excerpt and caret), or the error's own message, given a caret snippet from
 * the file when it names a line and column and brings none itself.
 */
export function formatLocatedError(error: unknown): string {
  const diagnostics = diagnosticsOf(error);
  if (diagnostics) {
    return diagnostics
      .map((item) => {
        // Line 0 means "the file as a whole" (it could not be read, say): no position.
        const position = item.line >= 1 ? `:${item.line}:${item.column}` : '';
        const head = `${item.file ?? '<query>'}${position}: ${item.code}: ${item.message}`;
        return item.excerpt ? `${head}\n${indent(item.excerpt)}` : head;
      })
      .join('\n');
  }
  const message = errorMessage(error);
  const located = (error ?? {}) as Located;
  const file = typeof located.file === 'string' ? located.file : undefined;
  const line = typeof located.line === 'number' && located.line >= 1 ? located.line : undefined;
  const column = typeof located.column === 'number' && located.column >= 1 ? located.column : undefined;
  let text = message;
  if (file && !message.includes(file))
    text = `${file}${line !== undefined ? `:${line}${column !== undefined ? `:${column}` : ''}` : ''}: ${message}`;
  if (!file || line === undefined || column === undefined || message.includes('\n')) return text;
  const offending = sourceLine(file, line);
  return offending === null ? text : `${text}\n${caretSnippet(offending, line, column)}`;
}
