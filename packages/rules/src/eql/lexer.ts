/**
 * The EQL lexer. It never stops at a problem: it records a diagnostic, produces the most
 * plausible token (a single-quoted string is still a string) and carries on, so that one
 * parse reports every lexical problem of a query.
 */

import type { Diagnostic, DiagnosticCode, SourceLocator } from './errors.js';
import { KEYWORDS, SYMBOLS, type Token, type TokenKind } from './tokens.js';

export interface LexResult {
  tokens: Token[];
  diagnostics: Diagnostic[];
}

const isDigit = (character: string | undefined) => character !== undefined && character >= '0' && character <= '9';
const isLetter = (character: string | undefined) =>
  character !== undefined && ((character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z'));
const isHexDigit = (character: string | undefined) => character !== undefined && /^[0-9A-Fa-f]$/.test(character);
const isLineBreak = (character: string | undefined) => character === '\n' || character === '\r';

/** The one-character escapes of EQL strings and what they stand for. */
const SIMPLE_ESCAPES: Record<string, string> = { t: '\t', b: '\b', f: '\f', n: '\n', r: '\r', '"': '"', "'": "'", '\\': '\\' };

export function tokenize(locator: SourceLocator): LexResult {
  return new Lexer(locator).run();
}

class Lexer {
  private readonly text: string;
  private position = 0;
  private readonly tokens: Token[] = [];
  private readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly locator: SourceLocator) {
    this.text = locator.source.text;
  }

  run(): LexResult {
    this.checkWellFormed();
    while (this.skipTrivia()) {
      const start = this.position;
      const character = this.text[start];
      if (character === '"') this.lexDoubleQuoted();
      else if (character === "'") this.lexSingleQuoted();
      else if (character === '?' && (this.text[start + 1] === '"' || this.text[start + 1] === "'")) this.lexQuestionMarkString();
      else if (character === '`') this.lexQuotedIdentifier();
      else if (isDigit(character) || (character === '.' && isDigit(this.text[start + 1]))) this.lexNumber();
      else if (isLetter(character) || character === '_' || character === '@') this.lexWord();
      else if (!this.lexSymbol()) {
        const codePoint = this.text.codePointAt(start) ?? 0;
        const length = codePoint > 0xffff ? 2 : 1;
        this.position += length;
        this.report('unexpected-character', `unexpected character ${describeCharacter(codePoint)}`, start, start + length);
      }
    }
    this.tokens.push({ kind: 'end', text: '', value: '', start: this.text.length, end: this.text.length });
    return { tokens: this.tokens, diagnostics: this.diagnostics };
  }

  private report(code: DiagnosticCode, message: string, start: number, end: number): void {
    this.diagnostics.push(this.locator.diagnostic(code, message, start, end));
  }

  private push(kind: TokenKind, start: number, value?: string): void {
    const text = this.text.slice(start, this.position);
    this.tokens.push({ kind, text, value: value ?? text, start, end: this.position });
  }

  private checkWellFormed(): void {
    for (let index = 0; index < this.text.length; index++) {
      const code = this.text.charCodeAt(index);
      if (code >= 0xd800 && code <= 0xdbff) {
        const next = this.text.charCodeAt(index + 1);
        if (next >= 0xdc00 && next <= 0xdfff) {
          index++;
          continue;
        }
      }
      if (code >= 0xd800 && code <= 0xdfff) {
        this.report('invalid-text', 'the query text contains an unpaired surrogate (it is not well-formed Unicode)', index, index + 1);
        return;
      }
    }
  }

  /** Skips whitespace and comments; false at the end of the text. */
  private skipTrivia(): boolean {
    const text = this.text;
    while (this.position < text.length) {
      const character = text[this.position];
      if (character === ' ' || character === '\t' || character === '\r' || character === '\n') {
        this.position++;
      } else if (character === '/' && text[this.position + 1] === '/') {
        while (this.position < text.length && !isLineBreak(text[this.position])) this.position++;
      } else if (character === '/' && text[this.position + 1] === '*') {
        this.skipBlockComment();
      } else {
        return true;
      }
    }
    return false;
  }

  /** `/* … *\/`, nestable as in Elasticsearch's grammar. */
  private skipBlockComment(): void {
    const start = this.position;
    let depth = 0;
    while (this.position < this.text.length) {
      if (this.text.startsWith('/*', this.position)) {
        depth++;
        this.position += 2;
      } else if (this.text.startsWith('*/', this.position)) {
        depth--;
        this.position += 2;
        if (depth === 0) return;
      } else {
        this.position++;
      }
    }
    this.report('unterminated-comment', 'this /* comment is never closed with */', start, start + 2);
  }

  private lexDoubleQuoted(): void {
    if (this.text.startsWith('"""', this.position)) {
      this.lexRawString();
      return;
    }
    const start = this.position;
    this.position++;
    const value = this.lexEscapedBody('"', start);
    this.push('string', start, value);
  }

  /** `"""…"""`: verbatim text on one line; up to two extra quotes before the end belong to the text. */
  private lexRawString(): void {
    const start = this.position;
    const bodyStart = start + 3;
    let close = -1;
    for (let index = bodyStart; index < this.text.length && !isLineBreak(this.text[index]); index++) {
      if (this.text.startsWith('"""', index)) {
        close = index;
        break;
      }
    }
    if (close < 0) {
      let end = bodyStart;
      while (end < this.text.length && !isLineBreak(this.text[end])) end++;
      this.position = end;
      this.report('unterminated-string', 'this """raw string""" is not closed on its line', start, start + 3);
      this.push('string', start, this.text.slice(bodyStart, end));
      return;
    }
    let end = close + 3;
    let extra = 0;
    while (extra < 2 && this.text[end] === '"') {
      end++;
      extra++;
    }
    this.position = end;
    this.push('string', start, this.text.slice(bodyStart, close + extra));
  }

  /**
   * The body of a quoted string after its opening quote, up to and including the closing
   * `quote`, with escapes decoded. Reports bad escapes and a missing closing quote.
   */
  private lexEscapedBody(quote: string, start: number): string {
    let value = '';
    while (true) {
      const character = this.text[this.position];
      if (character === undefined || isLineBreak(character)) {
        this.report(
          'unterminated-string',
          'this string is not closed before the end of its line (strings cannot span lines)',
          start,
          this.position,
        );
        return value;
      }
      if (character === quote) {
        this.position++;
        return value;
      }
      if (character !== '\\') {
        value += character;
        this.position++;
        continue;
      }
      const escapeStart = this.position;
      const escaped = this.text[this.position + 1];
      if (escaped !== undefined && escaped in SIMPLE_ESCAPES) {
        value += SIMPLE_ESCAPES[escaped];
        this.position += 2;
      } else if (escaped === 'u') {
        value += this.lexUnicodeEscape(escapeStart);
      } else if (escaped === undefined || isLineBreak(escaped)) {
        value += '\\';
        this.position++;
      } else {
        const codePoint = this.text.codePointAt(this.position + 1) ?? 0;
        const length = codePoint > 0xffff ? 2 : 1;
        this.report(
          'invalid-escape',
          `invalid escape \\${String.fromCodePoint(codePoint)}: the escapes are \\t \\b \\f \\n \\r \\" \\' \\\\ and \\u{hex}; write \\\\ for a backslash`,
          escapeStart,
          escapeStart + 1 + length,
        );
        value += `\\${String.fromCodePoint(codePoint)}`;
        this.position += 1 + length;
      }
    }
  }

  /** `\u{X…}`: 2 to 8 hex digits naming a Unicode scalar value. */
  private lexUnicodeEscape(escapeStart: number): string {
    let index = escapeStart + 2;
    if (this.text[index] !== '{') {
      this.position = index;
      this.report(
        'invalid-unicode-escape',
        'a unicode escape is written \\u{hex} with 2 to 8 hex digits, e.g. \\u{00e9}',
        escapeStart,
        index,
      );
      return '';
    }
    index++;
    const digitsStart = index;
    while (isHexDigit(this.text[index])) index++;
    const digits = this.text.slice(digitsStart, index);
    if (this.text[index] !== '}') {
      this.position = index;
      this.report('invalid-unicode-escape', 'this unicode escape has no closing } after its hex digits', escapeStart, index);
      return '';
    }
    index++;
    this.position = index;
    if (digits.length < 2 || digits.length > 8) {
      this.report('invalid-unicode-escape', `a unicode escape takes 2 to 8 hex digits, this one has ${digits.length}`, escapeStart, index);
      return '';
    }
    const codePoint = Number.parseInt(digits, 16);
    if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
      this.report('invalid-unicode-escape', `\\u{${digits}} is a surrogate code point, which cannot be escaped`, escapeStart, index);
      return '';
    }
    if (codePoint > 0x10ffff) {
      this.report('invalid-unicode-escape', `\\u{${digits}} is past U+10FFFF, the last Unicode code point`, escapeStart, index);
      return '';
    }
    return String.fromCodePoint(codePoint);
  }

  private lexSingleQuoted(): void {
    const start = this.position;
    this.position++;
    const diagnosticsBefore = this.diagnostics.length;
    const value = this.lexEscapedBody("'", start);
    this.diagnostics.splice(
      diagnosticsBefore,
      0,
      this.locator.diagnostic('single-quoted-string', 'EQL strings use double quotes: write "…" instead of \'…\'', start, this.position),
    );
    this.push('string', start, value);
  }

  /** `?"…"` and `?'…'`: old-style raw strings, which Elasticsearch rejects. */
  private lexQuestionMarkString(): void {
    const start = this.position;
    const quote = this.text[start + 1];
    let index = start + 2;
    let value = '';
    while (index < this.text.length && this.text[index] !== quote && !isLineBreak(this.text[index])) {
      if (this.text[index] === '\\' && this.text[index + 1] === quote) {
        value += quote;
        index += 2;
      } else {
        value += this.text[index];
        index++;
      }
    }
    const closed = this.text[index] === quote;
    this.position = closed ? index + 1 : index;
    this.report(
      'question-mark-string',
      'old-style ?"…" strings are not EQL: use double quotes, or """…""" for text without escapes',
      start,
      this.position,
    );
    if (!closed) this.report('unterminated-string', 'this string is not closed before the end of its line', start, this.position);
    this.push('string', start, value);
  }

  /** `` `name` ``: any text, a doubled backquote stands for one. */
  private lexQuotedIdentifier(): void {
    const start = this.position;
    let index = start + 1;
    let value = '';
    while (index < this.text.length) {
      if (this.text[index] === '`') {
        if (this.text[index + 1] === '`') {
          value += '`';
          index += 2;
          continue;
        }
        break;
      }
      value += this.text[index];
      index++;
    }
    if (index >= this.text.length) {
      this.position = index;
      this.report('unterminated-identifier', 'this `backquoted name` is never closed', start, start + 1);
    } else {
      this.position = index + 1;
      if (value === '') this.report('empty-identifier', 'a backquoted name cannot be empty', start, this.position);
    }
    this.push('quoted-identifier', start, value);
  }

  private lexNumber(): void {
    const start = this.position;
    const text = this.text;
    let decimal = false;
    while (isDigit(text[this.position])) this.position++;
    if (text[this.position] === '.') {
      decimal = true;
      this.position++;
      while (isDigit(text[this.position])) this.position++;
    }
    // an exponent needs at least one digit: `1e` is the number 1 then the identifier e
    const exponent = /^[Ee][+-]?[0-9]+/.exec(text.slice(this.position, this.position + 400));
    if (exponent) {
      decimal = true;
      this.position += exponent[0].length;
    }
    const tokenText = text.slice(start, this.position);
    if (!Number.isFinite(Number(tokenText)))
      this.report('number-out-of-range', `the number ${tokenText} is too large`, start, this.position);
    this.push(decimal ? 'decimal' : 'integer', start);
  }

  private lexWord(): void {
    const start = this.position;
    this.position++;
    while (isLetter(this.text[this.position]) || isDigit(this.text[this.position]) || this.text[this.position] === '_') this.position++;
    const word = this.text.slice(start, this.position);
    if (this.text[this.position] === '~' && isLetter(word[0])) {
      this.position++;
      if (KEYWORDS.has(`${word}~`)) this.push('keyword', start);
      else this.push('tilde-identifier', start, word);
      return;
    }
    this.push(KEYWORDS.has(word) ? 'keyword' : 'identifier', start);
  }

  private lexSymbol(): boolean {
    for (const symbol of SYMBOLS) {
      if (this.text.startsWith(symbol, this.position)) {
        const start = this.position;
        this.position += symbol.length;
        this.push('symbol', start);
        return true;
      }
    }
    return false;
  }
}

function describeCharacter(codePoint: number): string {
  const hex = `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0xa0) || codePoint === 0x2028 || codePoint === 0x2029 || codePoint === 0xfeff)
    return hex;
  return `'${String.fromCodePoint(codePoint)}' (${hex})`;
}
