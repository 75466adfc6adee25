import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { caretSnippet, formatLocatedError } from './located-error.js';

describe('formatLocatedError', () => {
  it('lists every diagnostic of a rule file with its excerpt', () => {
    const error = Object.assign(new Error('wrapped'), {
      cause: {
        diagnostics: [
          { file: 'r.eql', line: 1, column: 5, code: 'a', message: 'first', excerpt: 'abcdefg\n    ^' },
          { file: 'r.eql', line: 3, column: 1, code: 'b', message: 'second', excerpt: '' },
        ],
      },
    });
    expect(formatLocatedError(error)).toBe('r.eql:1:5: a: first\n    abcdefg\n        ^\nr.eql:3:1: b: second');
  });

  it('gives no position for a diagnostic about the whole file (line 0)', () => {
    const error = Object.assign(new Error('wrapped'), {
      cause: { diagnostics: [{ file: 'nope', line: 0, column: 0, code: 'RULE_FILE_UNREADABLE', message: 'ENOENT' }] },
    });
    expect(formatLocatedError(error)).toBe('nope: RULE_FILE_UNREADABLE: ENOENT');
  });

  it('adds a caret under the column from the file when the message brings none', () => {
    const directory = mkdtempSync(join(tmpdir(), 'llm-egress-located-'));
    const file = join(directory, 'allow.yaml');
    writeFileSync(file, 'items:\n\t- bad: x\n');
    const error = Object.assign(new Error(`${file}:2:4: CODE: unknown key`), { file, line: 2, column: 4 });
    expect(formatLocatedError(error)).toBe(`${file}:2:4: CODE: unknown key\n  2 | \t- bad: x\n    | \t  ^`);
  });

  it('prefixes the location when the message lacks it, and leaves plain errors alone', () => {
    expect(formatLocatedError(Object.assign(new Error('oops'), { file: 'missing.toml', line: 0, column: 0 }))).toBe('missing.toml: oops');
    expect(formatLocatedError(new Error('plain'))).toBe('plain');
  });

  it('lines the caret up under wide and tab characters', () => {
    expect(caretSnippet('a\tb', 1, 3)).toBe('  1 | a\tb\n    |  \t^');
  });
});
