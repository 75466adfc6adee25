// SEMANTICS.md's pinned wildcard rows (T4–T17, T25), written here as literals, on every
// engine. The expression's field is irrelevant at this level: each row is a group.
import { describe, expect, it } from 'vitest';
import { ENGINES } from './engines.test-helper.js';
import type { StringSetGroup } from './spec.js';
import { compileStringSet } from './string-set.js';

interface PinnedRow {
  readonly id: string;
  /** One value, or the elements of an array field (any element may match). */
  readonly values: readonly string[];
  readonly group: StringSetGroup;
  readonly expected: boolean;
}

const colon = (...patterns: string[]): StringSetGroup => ({ mode: 'wildcard', caseInsensitive: true, patterns });
const USERS_EXE = colon('?:\\Users\\*.exe');

const ROWS: readonly PinnedRow[] = [
  { id: 'T4', values: ['PowerShell.EXE'], group: colon('powershell.exe', 'pwsh.exe'), expected: true },
  { id: 'T5', values: ['powershell.exe'], group: { mode: 'exact', caseInsensitive: false, patterns: ['power*'] }, expected: false },
  { id: 'T6', values: ['com'], group: colon('*.com'), expected: false },
  { id: 'T7', values: ['c:\\users\\BOB\\AppData\\A.EXE'], group: USERS_EXE, expected: true },
  { id: 'T8', values: ['CC:\\Users\\a.exe'], group: USERS_EXE, expected: false },
  { id: 'T9', values: ['C:/Users/a.exe'], group: USERS_EXE, expected: false },
  { id: 'T10', values: ['\u{1F600}:\\Users\\a.exe'], group: USERS_EXE, expected: true },
  { id: 'T11', values: ['openai.azure.com'], group: colon('*.openai.azure.com'), expected: false },
  { id: 'T12', values: ['MyRes.OpenAI.Azure.com'], group: colon('*.openai.azure.com'), expected: true },
  { id: 'T13', values: ['api.openai.com.'], group: colon('api.openai.com'), expected: false },
  { id: 'T14', values: ['bedrock-runtime.amazonaws.com'], group: colon('bedrock-runtime.*.amazonaws.com'), expected: false },
  { id: 'T15', values: ['api.\u212Ailo.ai'], group: colon('api.kilo.ai'), expected: false },
  { id: 'T16', values: ['\u00C9.EXE'], group: colon('\u00E9.exe'), expected: false },
  { id: 'T17', values: ['a\nb.com'], group: colon('*.com'), expected: true },
  { id: 'T25', values: ['cmd.exe', 'powershell.exe'], group: colon('powershell.exe'), expected: true },
];

describe.each(ENGINES)('pinned wildcard rows on $name', (engine) => {
  it.each(ROWS)('$id', (row) => {
    const set = compileStringSet(engine.module, [row.group], engine.options);
    try {
      const matched = row.values.some((value) => set.matchesGroup(value, 0));
      expect(matched).toBe(row.expected);
    } finally {
      set.free();
    }
  });

  it('answers every row at once, one group per row, in one pass per value', () => {
    const set = compileStringSet(
      engine.module,
      ROWS.map((row) => row.group),
      engine.options,
    );
    try {
      ROWS.forEach((row, index) => {
        expect(
          row.values.some((value) => set.match(value).groups.includes(index)),
          row.id,
        ).toBe(row.expected);
      });
    } finally {
      set.free();
    }
  });
});
