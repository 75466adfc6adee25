import { describe, expect, it } from 'vitest';
import { DIAGNOSTIC_CODES, type Diagnostic, EqlError, formatDiagnostic, SourceLocator } from './errors.js';

const locator = (text: string, lineOffset = 0, columnOffset = 0, file?: string) =>
  new SourceLocator({ text, lineOffset, columnOffset, ...(file ? { file } : {}) });

describe('diagnostics', () => {
  it('format as file:line:column: code: message, then the excerpt', () => {
    const diagnostic = locator('network where a = 1', 4, 8, 'rule.toml').diagnostic('single-equals', 'EQL compares with ==, not =', 16, 17);
    expect(diagnostic).toEqual({
      code: 'single-equals',
      message: 'EQL compares with ==, not =',
      line: 5,
      column: 25,
      endLine: 5,
      endColumn: 26,
      excerpt: 'network where a = 1\n                ^',
      file: 'rule.toml',
    });
    expect(formatDiagnostic(diagnostic)).toBe(
      'rule.toml:5:25: single-equals: EQL compares with ==, not =\nnetwork where a = 1\n                ^',
    );
    const { file: _file, ...withoutFile } = diagnostic;
    expect(formatDiagnostic(withoutFile as Diagnostic)).toMatch(/^<query>:5:25: /);
  });

  it('apply the column offset on the first line only', () => {
    expect(locator('a\nb', 10, 8).position(0)).toEqual({ line: 11, column: 9 });
    expect(locator('a\nb', 10, 8).position(2)).toEqual({ line: 12, column: 1 });
  });

  it('underline the whole span on its first line, keeping tabs aligned', () => {
    expect(locator('\tx == "abc"').excerpt(6, 11)).toBe('\tx == "abc"\n\t     ^^^^^');
    expect(locator('a and (\n b').excerpt(6, 10)).toBe('a and (\n      ^');
  });

  it('put a caret just past the end for problems at the end of the query', () => {
    expect(locator('a ==').excerpt(4, 4)).toBe('a ==\n    ^');
    expect(locator('a ==\n').excerpt(5, 5)).toBe('\n^');
  });

  it('count columns in code points', () => {
    expect(locator('"😀😀" x').position(7)).toEqual({ line: 1, column: 6 });
    expect(locator('"😀😀" x').excerpt(7, 8)).toBe('"😀😀" x\n     ^');
  });

  it('cut very long lines to a window around the problem', () => {
    const text = `${'a'.repeat(500)}#${'b'.repeat(500)}`;
    const excerpt = locator(text).excerpt(500, 501);
    const [line, carets] = excerpt.split('\n');
    expect(line.startsWith('…') && line.endsWith('…')).toBe(true);
    expect(Array.from(line).length).toBeLessThanOrEqual(122);
    expect(line[carets.indexOf('^')]).toBe('#');
  });

  it('describe every code', () => {
    for (const [code, meaning] of Object.entries(DIAGNOSTIC_CODES)) {
      expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(meaning.length).toBeGreaterThan(10);
    }
  });

  it('are carried by EqlError', () => {
    const diagnostic = locator('x').diagnostic('unexpected-token', 'nope', 0, 1);
    const error = new EqlError([diagnostic]);
    expect(error.code).toBe('unexpected-token');
    expect(error.diagnostics).toEqual([diagnostic]);
    expect(error.message).toBe(formatDiagnostic(diagnostic));
  });
});
