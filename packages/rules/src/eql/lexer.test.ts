import { describe, expect, it } from 'vitest';
import { SourceLocator } from './errors.js';
import { tokenize } from './lexer.js';

function lex(text: string) {
  return tokenize(new SourceLocator({ text, lineOffset: 0, columnOffset: 0 }));
}

function kinds(text: string): string[] {
  return lex(text).tokens.map((token) => `${token.kind}:${token.value}`);
}

function onlyValue(text: string): string {
  const { tokens, diagnostics } = lex(text);
  expect(diagnostics).toEqual([]);
  expect(tokens).toHaveLength(2);
  return tokens[0].value;
}

function problems(text: string) {
  return lex(text).diagnostics.map(({ code, line, column, endColumn }) => ({ code, line, column, endColumn }));
}

describe('tokens', () => {
  it('splits a query into keywords, names, symbols and literals', () => {
    expect(kinds('process where a.b == "x" and c in~ (1, 2.5, .5, 1e3) | head')).toEqual([
      'identifier:process',
      'keyword:where',
      'identifier:a',
      'symbol:.',
      'identifier:b',
      'symbol:==',
      'string:x',
      'keyword:and',
      'identifier:c',
      'keyword:in~',
      'symbol:(',
      'integer:1',
      'symbol:,',
      'decimal:2.5',
      'symbol:,',
      'decimal:.5',
      'symbol:,',
      'decimal:1e3',
      'symbol:)',
      'symbol:|',
      'identifier:head',
      'end:',
    ]);
  });

  it('keeps keywords lowercase and case-sensitive', () => {
    expect(kinds('and AND And where WHERE')).toEqual([
      'keyword:and',
      'identifier:AND',
      'identifier:And',
      'keyword:where',
      'identifier:WHERE',
      'end:',
    ]);
  });

  it('tells keyword~ from function~', () => {
    expect(kinds('like~ regex~ in~ startsWith~(')).toEqual([
      'keyword:like~',
      'keyword:regex~',
      'keyword:in~',
      'tilde-identifier:startsWith',
      'symbol:(',
      'end:',
    ]);
  });

  it('reads @timestamp, _x and backquoted names', () => {
    expect(kinds('@timestamp _x `a b``c` ?x')).toEqual([
      'identifier:@timestamp',
      'identifier:_x',
      'quoted-identifier:a b`c',
      'symbol:?',
      'identifier:x',
      'end:',
    ]);
  });

  it('lexes numbers as Elasticsearch does: 1e needs digits, 1. is a decimal', () => {
    expect(kinds('1e 1. 1.5e-3 007')).toEqual(['integer:1', 'identifier:e', 'decimal:1.', 'decimal:1.5e-3', 'integer:007', 'end:']);
  });

  it('skips // and nested /* */ comments', () => {
    expect(kinds('a // b "c\n/* x /* y */ z */ d')).toEqual(['identifier:a', 'identifier:d', 'end:']);
  });
});

describe('strings', () => {
  it('decodes every escape of SEMANTICS.md', () => {
    expect(onlyValue('"\\t\\b\\f\\n\\r\\"\\\'\\\\"')).toBe('\t\b\f\n\r"\'\\');
    expect(onlyValue('"\\u{41}\\u{e9}\\u{1F600}\\u{00000041}"')).toBe('Aé😀A');
  });

  it('keeps raw strings verbatim, with up to two closing quotes in the text', () => {
    expect(onlyValue('"""?:\\Users\\*.exe"""')).toBe('?:\\Users\\*.exe');
    expect(onlyValue('"""a "b" c"""')).toBe('a "b" c');
    expect(onlyValue('"""a"""""')).toBe('a""');
    expect(onlyValue('""""""')).toBe('');
    expect(onlyValue('""')).toBe('');
  });

  it('keeps non-ASCII text as written', () => {
    expect(onlyValue('"É😀\u212A"')).toBe('É😀\u212A');
  });
});

describe('lexical errors, each with its position', () => {
  it.each([
    ['a == 1 # x', 'unexpected-character', 8, 9],
    ['a == 1 \u00A0', 'unexpected-character', 8, 9],
    ['a == "abc', 'unterminated-string', 6, 10],
    ['a == "ab\nc', 'unterminated-string', 6, 9],
    ['a == """abc', 'unterminated-string', 6, 9],
    ['a == "x\\qy"', 'invalid-escape', 8, 10],
    ['a == "\\u{1}"', 'invalid-unicode-escape', 7, 12],
    ['a == "\\u{123456789}"', 'invalid-unicode-escape', 7, 20],
    ['a == "\\u{d800}"', 'invalid-unicode-escape', 7, 15],
    ['a == "\\u{110000}"', 'invalid-unicode-escape', 7, 17],
    ['a == "\\u0041"', 'invalid-unicode-escape', 7, 9],
    ['a == "\\u{41"', 'invalid-unicode-escape', 7, 12],
    ["a == 'x'", 'single-quoted-string', 6, 9],
    ['a == ?"x"', 'question-mark-string', 6, 10],
    ["a == ?'x'", 'question-mark-string', 6, 10],
    ['a /* b /* c */', 'unterminated-comment', 3, 5],
    ['`a.b == 1', 'unterminated-identifier', 1, 2],
    ['`` == 1', 'empty-identifier', 1, 3],
    ['a == 1e999', 'number-out-of-range', 6, 11],
    ['a == "\uD800"', 'invalid-text', 7, 8],
  ])('%s → %s', (text, code, column, endColumn) => {
    expect(problems(text)).toEqual([{ code, line: 1, column, endColumn }]);
  });

  it('reports every problem of the text, not only the first', () => {
    expect(problems('a == \'x\' and b == "\\q" and c # 1').map((problem) => problem.code)).toEqual([
      'single-quoted-string',
      'invalid-escape',
      'unexpected-character',
    ]);
  });

  it('counts columns in code points and lines across \\r\\n', () => {
    expect(problems('"😀" #')).toEqual([{ code: 'unexpected-character', line: 1, column: 5, endColumn: 6 }]);
    expect(problems('a\r\nb\r\n  #')).toEqual([{ code: 'unexpected-character', line: 3, column: 3, endColumn: 4 }]);
  });
});
