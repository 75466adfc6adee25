import { eqlTokenSoup } from '@llm-egress/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Expr, stripLocations } from './ast.js';
import { formatDiagnostic } from './errors.js';
import { parseExpression, parseQuery } from './parser.js';

function where(text: string): Expr {
  const { query, diagnostics } = parseQuery(`any where ${text}`);
  expect(diagnostics).toEqual([]);
  if (!query) throw new Error('no query');
  return stripLocations(query.where);
}

const field = (name: string, optional = false) => ({ kind: 'field', path: name.split('.'), optional });
const string = (value: string) => ({ kind: 'string', value });
const number = (text: string) => ({ kind: 'number', value: Number(text), text, integer: !/[.eE]/.test(text) });

function problems(text: string) {
  return parseQuery(text).diagnostics.map(({ code, line, column }) => ({ code, line, column }));
}

describe('parseQuery: trees', () => {
  it('reads the category, the condition and the pipes', () => {
    const { query } = parseQuery('network where true | head 5');
    expect(stripLocations(query)).toEqual({
      kind: 'query',
      category: 'network',
      where: { kind: 'boolean', value: true },
      pipes: [{ kind: 'pipe', name: 'head', args: [number('5')] }],
    });
    expect(parseQuery('any where true').query?.category).toBeNull();
    expect(parseQuery('"any" where true').query?.category).toBe('any');
    expect(parseQuery('"my events" where true').query?.category).toBe('my events');
  });

  it('binds not tighter than and, and tighter than or, in n-ary chains', () => {
    expect(where('not a == 1 and b == 2 and c == 3 or d == 4')).toEqual({
      kind: 'or',
      operands: [
        {
          kind: 'and',
          operands: [
            { kind: 'not', operand: { kind: 'comparison', op: '==', left: field('a'), right: number('1') } },
            { kind: 'comparison', op: '==', left: field('b'), right: number('2') },
            { kind: 'comparison', op: '==', left: field('c'), right: number('3') },
          ],
        },
        { kind: 'comparison', op: '==', left: field('d'), right: number('4') },
      ],
    });
  });

  it('keeps parenthesised groups as their own nodes, and parentheses leave no node', () => {
    expect(where('(a == 1 and b == 2) and ((c == 3))')).toEqual({
      kind: 'and',
      operands: [
        { kind: 'and', operands: [where('a == 1'), where('b == 2')] },
        { kind: 'comparison', op: '==', left: field('c'), right: number('3') },
      ],
    });
  });

  it('reads wildcard predicates, noting a list even of one pattern', () => {
    expect(where('?process.name : ("A*", "b")')).toEqual({
      kind: 'wildcard',
      op: ':',
      field: field('process.name', true),
      patterns: ['A*', 'b'],
      writtenAsList: true,
    });
    expect(where('x like~ ("a")')).toMatchObject({ op: 'like~', patterns: ['a'], writtenAsList: true });
    expect(where('x like "a"')).toMatchObject({ op: 'like', patterns: ['a'], writtenAsList: false });
  });

  it('reads in, in~, not in and not in~', () => {
    expect(where('x not in~ ("a", 1, true)')).toEqual({
      kind: 'in',
      op: 'in~',
      negated: true,
      field: field('x'),
      values: [string('a'), number('1'), { kind: 'boolean', value: true }],
    });
    expect(where('x in (1)')).toMatchObject({ kind: 'in', op: 'in', negated: false });
    // `not x in (…)` is a not around an in
    expect(where('not x in (1)')).toMatchObject({ kind: 'not', operand: { kind: 'in', negated: false } });
  });

  it('folds a minus into number literals and keeps their text', () => {
    expect(where('-1 < x')).toMatchObject({ left: { kind: 'number', value: -1, text: '-1', integer: true } });
    expect(where('x > - -2.50')).toMatchObject({ right: { kind: 'number', value: 2.5, text: '2.50', integer: false } });
    expect(where('x == +3')).toMatchObject({ right: { kind: 'number', value: 3, text: '3' } });
    expect(where('-x < 1')).toMatchObject({ left: { kind: 'negate', operand: field('x') } });
  });

  it('reads calls, with ~ and any arguments', () => {
    expect(where('startsWith~(a.b, "x")')).toEqual({
      kind: 'call',
      name: 'startsWith',
      caseInsensitive: true,
      args: [field('a.b'), string('x')],
    });
    expect(where('f() == 1')).toMatchObject({ left: { kind: 'call', name: 'f', args: [] } });
  });

  it('reads arithmetic with the usual precedence, left to right', () => {
    expect(where('a + b * c - d == 1')).toMatchObject({
      left: { kind: 'arithmetic', op: '-', left: { kind: 'arithmetic', op: '+', right: { kind: 'arithmetic', op: '*' } } },
    });
  });

  it('reads backquoted segments, @timestamp and keywords inside backquotes', () => {
    expect(where('`a.b`.`c d`.`sequence` == 1')).toMatchObject({ left: { path: ['a.b', 'c d', 'sequence'] } });
    expect(where('@timestamp > 0')).toMatchObject({ left: { path: ['@timestamp'] } });
  });

  it('records spans with offsets for a query inside a file', () => {
    const { query } = parseQuery('network where\n  process.name : "a"', { file: 'rule.toml', lineOffset: 10, columnOffset: 8 });
    expect(query?.span).toEqual({ start: 0, end: 34, line: 11, column: 9 });
    expect(query?.where.span).toEqual({ start: 16, end: 34, line: 12, column: 3 });
    expect(query?.source).toEqual({ text: 'network where\n  process.name : "a"', file: 'rule.toml', lineOffset: 10, columnOffset: 8 });
    if (query?.where.kind !== 'wildcard') throw new Error('expected a wildcard');
    expect(query.where.patternSpans).toEqual([{ start: 31, end: 34, line: 12, column: 18 }]);
  });

  it('parses a bare expression', () => {
    expect(stripLocations(parseExpression('a : "x" and not b').expression)).toMatchObject({ kind: 'and' });
    expect(parseExpression('a ==').diagnostics.map((d) => d.code)).toEqual(['unexpected-end']);
  });
});

describe('parseQuery: syntax errors, each with its position', () => {
  it.each([
    ['', 'unexpected-end', 1, 1],
    ['network', 'unexpected-end', 1, 8],
    ['network process.name == "x"', 'unexpected-token', 1, 9],
    ['network WHERE true', 'unexpected-token', 1, 9],
    ['process.name == "x"', 'unexpected-token', 1, 8],
    ['network where a == 1 AND b == 2', 'unexpected-token', 1, 22],
    ['network where (a == 1', 'unexpected-end', 1, 22],
    ['network where a == 1)', 'unexpected-token', 1, 21],
    ['network where a == ', 'unexpected-end', 1, 20],
    ['network where a < b < c', 'unexpected-token', 1, 21],
    ['network where a in ()', 'unexpected-token', 1, 21],
    ['network where a : b', 'unexpected-token', 1, 19],
    ['network where a : 5', 'pattern-not-string', 1, 19],
    ['network where a = 5', 'single-equals', 1, 17],
    ['network where "a" : "b"', 'unsupported-operand', 1, 15],
    ['network where f(x) in (1)', 'unsupported-operand', 1, 15],
    ['network where a.in == 1', 'unexpected-token', 1, 17],
    ['network where a[0] == 1', 'unsupported-array-index', 1, 16],
    ['network where x.y~ == 1', 'unexpected-token', 1, 17],
    ['network where true |', 'unexpected-end', 1, 21],
  ])('%j → %s', (text, code, line, column) => {
    expect(problems(text)).toEqual([{ code, line, column }]);
  });

  it('gives messages that say what was expected and what was found', () => {
    const [missingWhere] = parseQuery('network WHERE true').diagnostics;
    expect(missingWhere.message).toBe(
      "expected 'where' after the event category network (a query starts with `<category> where` or `any where`), found the name WHERE (keywords are lowercase: write 'where')",
    );
    const [keyword] = parseQuery('any where a.in == 1').diagnostics;
    expect(keyword.message).toContain('`in` is a keyword: write it in backquotes');
    const [chained] = parseQuery('any where a < b < c').diagnostics;
    expect(chained.message).toContain('comparisons cannot be chained');
  });

  it('reports every recoverable problem at once', () => {
    expect(problems('network where a = 1 and b == \'x\' and c : ("a" "b", 5, "c" "d")')).toEqual([
      { code: 'single-quoted-string', line: 1, column: 30 },
      { code: 'single-equals', line: 1, column: 17 },
      { code: 'unexpected-token', line: 1, column: 47 },
      { code: 'pattern-not-string', line: 1, column: 52 },
      { code: 'unexpected-token', line: 1, column: 59 },
    ]);
  });

  it('refuses absurd nesting instead of exhausting the stack', () => {
    expect(problems(`any where ${'('.repeat(5000)}true${')'.repeat(5000)}`).map((p) => p.code)).toEqual(['nesting-too-deep']);
    expect(problems(`any where ${'not '.repeat(5000)}true`).map((p) => p.code)).toEqual(['nesting-too-deep']);
    expect(problems(`any where a ${'+ a '.repeat(5000)}== 1`).map((p) => p.code)).toEqual(['nesting-too-deep']);
    // long flat chains are fine: they are one node
    expect(parseQuery(`any where ${Array.from({ length: 5000 }, (_, i) => `a == ${i}`).join(' or ')}`).diagnostics).toEqual([]);
  });
});

describe('parseQuery: multi-event constructs are parsed, then reported as unsupported', () => {
  it.each([
    ['sequence [process where true] [network where true]', 'unsupported-sequence'],
    [
      'sequence by user.name with maxspan=5m [process where a == 1] by x [network where true] until [file where true] | head 1',
      'unsupported-sequence',
    ],
    ['sequence with maxspan=1h [process where true] with runs=2 ![network where true]', 'unsupported-sequence'],
    ['join by a [process where true] [network where true] until [file where true]', 'unsupported-join'],
    ['sample by host.id [process where true] [network where true]', 'unsupported-sample'],
    ['process where descendant of [process where true]', 'unsupported-relationship'],
  ])('%s', (text, code) => {
    const column = code === 'unsupported-relationship' ? 'process where '.length + 1 : 1;
    expect(parseQuery(text).diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([[code, 1, column]]);
  });

  it('still reports syntax errors inside them', () => {
    expect(parseQuery('sequence [process where a = 1] [network where (]').diagnostics.map((d) => d.code)).toEqual([
      'unsupported-sequence',
      'single-equals',
      'unexpected-token',
    ]);
  });

  it('treats sample as a category when it is one', () => {
    expect(parseQuery('sample where true').query?.category).toBe('sample');
  });
});

describe('parseQuery never throws', () => {
  it('on any sequence of EQL tokens, and returns a query exactly when there is no diagnostic', () => {
    fc.assert(
      fc.property(eqlTokenSoup(), fc.nat({ max: 5 }), (text, lineOffset) => {
        const { query, diagnostics } = parseQuery(text, { lineOffset, file: 'soup.eql' });
        expect(query === undefined).toBe(diagnostics.length > 0);
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const diagnostic of diagnostics) {
          expect(diagnostic.line).toBeGreaterThan(lineOffset);
          expect(diagnostic.line).toBeLessThanOrEqual(lineOffset + lines);
          expect(diagnostic.column).toBeGreaterThanOrEqual(1);
          expect(formatDiagnostic(diagnostic)).toMatch(/^soup\.eql:\d+:\d+: [a-z-]+: .+\n.*\n\s*\^+$/);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
