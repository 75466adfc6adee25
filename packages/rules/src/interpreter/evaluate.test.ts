import { describe, expect, it } from 'vitest';
import { EqlError } from '../eql/errors.js';
import { parseQuery } from '../eql/parser.js';
import { evaluateReference } from './evaluate.js';

function query(text: string) {
  const parsed = parseQuery(text.includes(' where ') ? text : `any where ${text}`);
  if (!parsed.query) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
  return parsed.query;
}

/** The verdict of `condition` on an event whose field `f` holds `value` (omitted when undefined). */
function on(condition: string, value: unknown): boolean {
  return evaluateReference(query(condition), value === undefined ? {} : { f: value });
}

describe('types: Elasticsearch coerces the literal to the field, we have no mapping', () => {
  it.each([
    ['f == true', true, true],
    ['f == true', 'true', true],
    ['f == true', 'TRUE', false],
    ['f == true', 1, false],
    ['f == false', false, true],
    ['f == false', 'false', true],
    ['f == false', '', true],
    ['f == false', 0, false],
    ['f == false', null, false],
    ['f == false', undefined, false],
    ['f == 4', 4, true],
    ['f == 4', '4', true],
    ['f == 4', '4.0', true],
    ['f == 4', '4e0', true],
    ['f == 4', '04', false],
    ['f == 4', ' 4', false],
    ['f == 4', '0x4', false],
    ['f == 4', true, false],
    ['f == 4.5', '4.5', true],
    ['f == -1', -1, true],
    ['f == -1', '-1', true],
    ['f == "4"', 4, false],
    ['f == "4"', '4', true],
    ['f == "true"', true, false],
    ['f == "a*"', 'abc', false],
    ['f == "a*"', 'a*', true],
  ])('%s on %j → %s', (condition, value, expected) => {
    expect(on(condition, value)).toBe(expected);
  });
});

describe('two-valued logic per document', () => {
  it.each([
    ['f != "x"', undefined, true],
    ['f != "x"', null, true],
    ['f != "x"', ['y', 'x'], false],
    ['f != "x"', ['y'], true],
    ['not f == "x"', undefined, true],
    ['f == null', undefined, true],
    ['f == null', [null], true],
    ['f == null', [], true],
    ['f == null', '', false],
    ['null == f', '', false],
    ['f != null', '', true],
    ['f != null', [null, 0], true],
    ['not (f < 3)', undefined, true],
    ['f not in ("x")', undefined, true],
    ['f not in ("x")', ['x', 'y'], false],
  ])('%s on %j → %s', (condition, value, expected) => {
    expect(on(condition, value)).toBe(expected);
  });
});

describe('ordering: numbers numerically, strings by UTF-8 bytes, mixed never', () => {
  it.each([
    ['f < 10', 9, true],
    ['f < 10', 10, false],
    ['f <= 10', 10, true],
    ['f > 2', [1, 3], true],
    ['f >= 2.5', 2.5, true],
    ['0 <= f', 0, true],
    ['0 < f', 0, false],
    ['-1 < f', 0, true],
    ['f < 10', '9', false],
    ['f < "b"', 'a', true],
    ['f < "b"', 1, false],
    ['f > "System"', 'System Idle Process', true],
    ['f > "system"', 'System', false],
    ['f < "😀"', '\uFF61', true],
    ['f >= ""', '', true],
  ])('%s on %j → %s', (condition, value, expected) => {
    expect(on(condition, value)).toBe(expected);
  });
});

describe('string predicates apply to string values only', () => {
  it.each([
    ['f : "4"', 4, false],
    ['f : "true"', true, false],
    ['f : "*"', '', true],
    ['f : "*"', 0, false],
    ['f like "A*"', 'abc', false],
    ['f like "a*"', 'abc', true],
    ['f like~ "A*"', 'abc', true],
    ['f : ("x", "A?C")', 'abc', true],
    ['f in ("a", 4)', 4, true],
    ['f in ("a", 4)', 'A', false],
    ['f in~ ("a", "b")', 'A', true],
    ['f in~ ("é")', 'É', false],
    ['f not in~ ("a")', 'A', false],
    ['f in (true)', 'true', true],
    ['startsWith(f, "ab")', 'abc', true],
    ['startsWith(f, "AB")', 'abc', false],
    ['startsWith~(f, "AB")', 'abc', true],
    ['startsWith~(f, "É")', 'é', false],
    ['endsWith(f, ".exe")', 'a.exe', true],
    ['endsWith~(f, ".EXE")', 'a.exe', true],
    ['endsWith(f, ".EXE")', 'a.exe', false],
    ['stringContains(f, "b")', 'abc', true],
    ['stringContains~(f, "B")', 'abc', true],
    ['stringContains(f, "")', '', true],
    ['stringContains(f, "4")', 4, false],
    ['startsWith(f, "a")', ['x', 'ay'], true],
  ])('%s on %j → %s', (condition, value, expected) => {
    expect(on(condition, value)).toBe(expected);
  });
});

describe('cidrMatch', () => {
  it.each([
    ['cidrMatch(f, "10.0.0.0/8")', '10.6.48.157', true],
    ['cidrMatch(f, "192.168.0.0/16", "10.0.0.0/8")', '10.6.48.157', true],
    ['cidrMatch(f, "192.168.0.0/16")', '10.6.48.157', false],
    ['cidrMatch(f, "10.0.0.0/8")', '::ffff:10.0.0.1', true],
    ['cidrMatch(f, "fe80::/10")', 'FE80::abcd', true],
    ['cidrMatch(f, "10.0.0.0/8")', '010.0.0.1', false],
    ['cidrMatch(f, "10.0.0.0/8")', 'host', false],
    ['cidrMatch(f, "0.0.0.0/0")', ['x', '1.1.1.1'], true],
  ])('%s on %j → %s', (condition, value, expected) => {
    expect(on(condition, value)).toBe(expected);
  });
});

describe('the event category', () => {
  it('is an exact, case-sensitive member of event.category', () => {
    expect(evaluateReference(query('network where true'), { event: { category: 'network' } })).toBe(true);
    expect(evaluateReference(query('network where true'), { event: { category: ['x', 'network'] } })).toBe(true);
    expect(evaluateReference(query('network where true'), { event: { category: 'Network' } })).toBe(false);
    expect(evaluateReference(query('network where true'), { 'event.category': 'network' })).toBe(true);
    expect(evaluateReference(query('network where true'), {})).toBe(false);
    expect(evaluateReference(query('"my cat" where true'), { event: { category: 'my cat' } })).toBe(true);
    expect(evaluateReference(query('any where true'), {})).toBe(true);
  });
});

describe('errors', () => {
  it('refuses a query that checkQuery rejects', () => {
    expect(() => evaluateReference(query('length(f) > 1'), {})).toThrow(EqlError);
    expect(() => evaluateReference(query('length(f) > 1'), {})).toThrow(/unsupported-function: the function length is not supported/);
  });

  it('refuses an event that is not an object', () => {
    for (const event of [null, [], 'x', 1]) expect(() => evaluateReference(query('true'), event)).toThrow(TypeError);
  });
});
