import { describe, expect, it } from 'vitest';
import { checkExpression, checkQuery } from './checker.js';
import { parseExpression, parseQuery } from './parser.js';

function check(condition: string) {
  const { query, diagnostics } = parseQuery(`any where ${condition}`);
  expect(diagnostics).toEqual([]);
  if (!query) throw new Error('no query');
  return checkQuery(query).map(({ code, line, column, message }) => ({ code, line, column, message }));
}

/** Column of `text` inside `any where <condition>`. */
const columnOf = (condition: string, text: string) => 'any where '.length + condition.indexOf(text) + 1;

describe('checkQuery accepts what every executor evaluates', () => {
  it.each([
    'true',
    'not false',
    'a == "x" and b != 1 or c == true and d != false and e == null and f != null',
    'a < 1 and a <= "x" and a > 2.5 and a >= -1',
    '0 <= exit_code and "m" > name and null == x and true != y',
    'a : "x*" and a : ("?", "b") and a like "x" and a like~ ("y")',
    'a in ("x", 1, true) and a not in (2) and a in~ ("X") and a not in~ ("y", "z")',
    'startsWith(a, "x") and endsWith~(a, "x") and stringContains(a, "") and STARTSWITH(a, "x")',
    'cidrMatch(ip, "10.0.0.0/8", "fe80::/10", "1.2.3.4", "::ffff:10.0.0.0/104")',
  ])('%s', (condition) => {
    expect(check(condition)).toEqual([]);
  });
});

describe('checkQuery rejects, naming the construct and its position', () => {
  it.each([
    ['a regex "x.*"', 'unsupported-regex', 'a regex', 'regex'],
    ['a regex~ ("x")', 'unsupported-regex', 'a regex', 'regex~'],
    ['length(a) > 3', 'unsupported-function', 'length', 'length'],
    ['match(a, "x")', 'unsupported-function', 'match', 'match'],
    ['cidrMatch~(a, "10.0.0.0/8")', 'unsupported-function', 'cidrMatch', 'cidrMatch has no case-insensitive'],
    ['startsWith(a, "x") == true', 'unsupported-comparison', 'startsWith', 'cannot be compared'],
    ['a + 1 == 2', 'unsupported-arithmetic', 'a + 1', 'arithmetic'],
    ['-a < 2', 'unsupported-arithmetic', '-a', 'arithmetic'],
    ['a == b', 'unsupported-comparison', 'a == b', 'two fields'],
    ['1 == 1', 'unsupported-comparison', '1 == 1', 'two literals'],
    ['null == (a > -1)', 'unsupported-comparison', 'a > -1', 'result of a condition'],
    ['a < null', 'unsupported-comparison', 'a < null', 'not null'],
    ['a >= true', 'unsupported-comparison', 'a >= true', 'not true'],
    ['a', 'unsupported-condition', 'a', 'field a alone'],
    ['"a"', 'unsupported-condition', '"a"', 'alone is not a condition'],
    ['null', 'unsupported-condition', 'null', 'alone is not a condition'],
    ['a in (b, "x")', 'unsupported-in-value', 'b,', 'only literals'],
    ['a in ("x", null)', 'unsupported-in-value', 'null', 'null in an in list'],
    ['a not in~ ("x", 1)', 'unsupported-in-value', '1)', 'in~ compares strings only'],
    ['startsWith(a)', 'unsupported-argument', 'startsWith', 'takes a field and a string'],
    ['endsWith("x", a)', 'unsupported-argument', 'endsWith', 'takes a field and a string'],
    ['stringContains(a, b)', 'unsupported-argument', 'stringContains', 'takes a field and a string'],
    ['cidrMatch(a)', 'unsupported-argument', 'cidrMatch', 'one or more CIDR blocks'],
    ['cidrMatch(a, b)', 'unsupported-argument', 'b)', 'must be a string'],
    ['cidrMatch(a, "10.0.0.0/33")', 'invalid-cidr', '"10.0.0.0/33"', 'not an IPv4 or IPv6'],
    ['cidrMatch(a, "010.0.0.0/8")', 'invalid-cidr', '"010.0.0.0/8"', 'not an IPv4 or IPv6'],
  ])('%s → %s', (condition, code, at, message) => {
    const diagnostics = check(condition);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code, line: 1, column: columnOf(condition, at) });
    expect(diagnostics[0].message).toContain(message);
  });

  it('rejects every pipe', () => {
    const { query } = parseQuery('any where true | head 5 | unique a');
    if (!query) throw new Error('no query');
    expect(checkQuery(query).map((d) => [d.code, d.column, d.message])).toEqual([
      ['unsupported-pipe', 16, 'pipes are not supported (`| head`): a rule is a condition on one event'],
      ['unsupported-pipe', 25, 'pipes are not supported (`| unique`): a rule is a condition on one event'],
    ]);
  });

  it('reports every problem of the query, through and, or and not', () => {
    expect(check('a == b or not (length(x) > 1 and y regex "z") and q').map((d) => d.code)).toEqual([
      'unsupported-comparison',
      'unsupported-function',
      'unsupported-regex',
      'unsupported-condition',
    ]);
  });

  it('locates problems with the file offsets of the parse', () => {
    const { query } = parseQuery('network where\n  length(a) > 1', { file: 'r.toml', lineOffset: 20, columnOffset: 8 });
    if (!query) throw new Error('no query');
    const [diagnostic] = checkQuery(query);
    expect(diagnostic).toMatchObject({ file: 'r.toml', line: 22, column: 3, excerpt: '  length(a) > 1\n  ^^^^^^^^^' });
  });

  it('checks a bare expression against its own source', () => {
    const source = 'a == b';
    const { expression } = parseExpression(source);
    if (!expression) throw new Error('no expression');
    expect(checkExpression(expression, { text: source, lineOffset: 0, columnOffset: 0 }).map((d) => d.code)).toEqual([
      'unsupported-comparison',
    ]);
  });
});
