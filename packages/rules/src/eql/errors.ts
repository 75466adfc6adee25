/**
 * Errors are data: every problem in a query is a coded, located `Diagnostic` with an
 * excerpt of the source, and a query reports all of its problems at once.
 */

import type { QuerySource, Span } from './ast.js';

/** One located problem in a query. */
export interface Diagnostic {
  /** stable machine-readable code, one of `DIAGNOSTIC_CODES` */
  code: DiagnosticCode;
  message: string;
  /** 1-based line, with the parse's `lineOffset` applied */
  line: number;
  /** 1-based column in code points, with `columnOffset` applied on the query's first line */
  column: number;
  endLine?: number;
  endColumn?: number;
  /** the offending source line and a caret line under the offending text */
  excerpt: string;
  file?: string;
}

/**
 * Every diagnostic code with what it means. Codes starting with `unsupported-` mark EQL
 * that Elasticsearch accepts but llm-egress does not evaluate; the others are errors in
 * the query text itself (Elasticsearch would reject it too).
 */
export const DIAGNOSTIC_CODES = {
  // lexical
  'unexpected-character': 'a character that cannot start any EQL token',
  'invalid-text': 'the query text is not well-formed Unicode (an unpaired surrogate)',
  'unterminated-string': 'a string literal without its closing quote on the same line',
  'invalid-escape': 'a backslash escape other than \\t \\b \\f \\n \\r \\" \\\' \\\\ and \\u{…}',
  'invalid-unicode-escape': 'a \\u{…} escape without 2 to 8 hex digits, or naming a surrogate or a value past U+10FFFF',
  'single-quoted-string': 'a string in single quotes: EQL strings use double quotes',
  'question-mark-string': 'an old-style ?"…" raw string: use double quotes, or """…""" for raw text',
  'unterminated-comment': 'a /* comment without its closing */',
  'unterminated-identifier': 'a backquoted identifier without its closing backquote',
  'empty-identifier': 'an empty backquoted identifier',
  'number-out-of-range': 'a number literal too large to represent',
  // syntactic
  'unexpected-token': 'a token that does not fit the grammar where it appears',
  'unexpected-end': 'the query ends where more is expected',
  'single-equals': '= used as a comparison: EQL compares with ==',
  'pattern-not-string': 'a wildcard or regex pattern that is not a string literal',
  'nesting-too-deep': 'expressions nested deeper than the parser allows',
  // unsupported (parsed, but not evaluated by llm-egress)
  'unsupported-sequence': 'a sequence query (multi-event)',
  'unsupported-join': 'a join query (multi-event)',
  'unsupported-sample': 'a sample query (multi-event)',
  'unsupported-relationship': 'a process relationship such as `descendant of [...]`',
  'unsupported-array-index': 'an array index in a field name such as `a[0]`',
  'unsupported-operand': 'an expression other than a field before :, like, regex or in',
  'unsupported-pipe': 'a pipe such as `| head 5`',
  'unsupported-function': 'a function other than startsWith, endsWith, stringContains (and ~ variants) and cidrMatch',
  'unsupported-regex': 'regex / regex~ (Lucene regular expressions are not implemented)',
  'unsupported-arithmetic': 'arithmetic (+ - * / % or a negated field)',
  'unsupported-comparison': 'a comparison that is not between one field and one literal, or orders by null or a boolean',
  'unsupported-condition': 'a field or a non-boolean literal used alone as a condition',
  'unsupported-argument': 'a function argument of an unsupported shape',
  'unsupported-in-value': 'an in-list value that is not a literal of a supported type',
  'invalid-cidr': 'a cidrMatch block that is not an IPv4 or IPv6 address or CIDR block',
} as const;

export type DiagnosticCode = keyof typeof DIAGNOSTIC_CODES;

/** `file:line:column: code: message` and the excerpt on the following lines. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  const file = diagnostic.file ?? '<query>';
  return `${file}:${diagnostic.line}:${diagnostic.column}: ${diagnostic.code}: ${diagnostic.message}\n${diagnostic.excerpt}`;
}

/** Thrown by the APIs that cannot return diagnostics (such as `evaluateReference`). */
export class EqlError extends Error {
  readonly code: DiagnosticCode;
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'EqlError';
    this.code = diagnostics[0]?.code ?? 'unexpected-token';
  }
}

/** Longest excerpt line shown; longer lines are cut to a window around the problem. */
const EXCERPT_WIDTH = 120;

/** Turns offsets of one query text into lines, columns and excerpts. */
export class SourceLocator {
  private readonly lineStarts: number[] = [0];
  /** code points before each UTF-16 index: columns in O(1) even on one very long line */
  private readonly codePointsBefore: Uint32Array;

  constructor(readonly source: QuerySource) {
    const text = source.text;
    this.codePointsBefore = new Uint32Array(text.length + 1);
    let codePoints = 0;
    for (let index = 0; index < text.length; index++) {
      this.codePointsBefore[index] = codePoints;
      const code = text.charCodeAt(index);
      // the low half of a surrogate pair does not start a code point
      if (!(code >= 0xdc00 && code <= 0xdfff && index > 0 && isHighSurrogate(text.charCodeAt(index - 1)))) codePoints++;
      // \r\n, \n and a lone \r each end a line
      if (code === 0x0a || (code === 0x0d && text.charCodeAt(index + 1) !== 0x0a)) this.lineStarts.push(index + 1);
    }
    this.codePointsBefore[text.length] = codePoints;
  }

  private countCodePoints(from: number, to: number): number {
    const clamp = (offset: number) => Math.max(0, Math.min(offset, this.source.text.length));
    return this.codePointsBefore[clamp(to)] - this.codePointsBefore[clamp(from)];
  }

  /** 0-based index of the line holding `offset`. */
  private lineIndex(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }

  /** 1-based line and code-point column of `offset`, offsets applied. */
  position(offset: number): { line: number; column: number } {
    const index = this.lineIndex(offset);
    const column = this.countCodePoints(this.lineStarts[index], offset) + 1;
    return {
      line: index + 1 + this.source.lineOffset,
      column: index === 0 ? column + this.source.columnOffset : column,
    };
  }

  span(start: number, end: number): Span {
    return { start, end, ...this.position(start) };
  }

  private lineText(index: number): string {
    const start = this.lineStarts[index];
    const next = index + 1 < this.lineStarts.length ? this.lineStarts[index + 1] : this.source.text.length;
    return this.source.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }

  /** The line holding `start` and a caret line under `start…end` (at least one caret). */
  excerpt(start: number, end: number): string {
    const index = this.lineIndex(start);
    const characters = Array.from(this.lineText(index));
    const column = this.countCodePoints(this.lineStarts[index], start);
    const spanLength = Math.max(1, Math.min(this.countCodePoints(start, Math.max(start, end)), characters.length - column));
    let from = 0;
    let to = characters.length;
    if (characters.length > EXCERPT_WIDTH) {
      from = Math.max(0, Math.min(column - EXCERPT_WIDTH / 2, characters.length - EXCERPT_WIDTH));
      to = Math.min(characters.length, from + EXCERPT_WIDTH);
    }
    const prefix = from > 0 ? '…' : '';
    const suffix = to < characters.length ? '…' : '';
    const shown = characters.slice(from, to);
    // keep tabs in the caret line so the caret lines up under tab-indented text
    const padding =
      prefix.replace('…', ' ') +
      shown
        .slice(0, column - from)
        .map((character) => (character === '\t' ? '\t' : ' '))
        .join('');
    const carets = '^'.repeat(Math.max(1, Math.min(spanLength, to - column)));
    return `${prefix}${shown.join('')}${suffix}\n${padding}${carets}`;
  }

  diagnostic(code: DiagnosticCode, message: string, start: number, end: number): Diagnostic {
    const begin = this.position(start);
    const finish = this.position(Math.max(start, end));
    const diagnostic: Diagnostic = {
      code,
      message,
      line: begin.line,
      column: begin.column,
      endLine: finish.line,
      endColumn: finish.column,
      excerpt: this.excerpt(start, end),
    };
    if (this.source.file !== undefined) diagnostic.file = this.source.file;
    return diagnostic;
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
