import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseValueListArgument, parseValueListText, readValueLists } from './value-lists.js';

describe('value lists', () => {
  it('splits <id>=<file> and rejects anything else', () => {
    expect(parseValueListArgument('hosts=lists/hosts.txt')).toEqual({ id: 'hosts', file: 'lists/hosts.txt' });
    expect(parseValueListArgument('a=b=c')).toEqual({ id: 'a', file: 'b=c' });
    expect(() => parseValueListArgument('=file')).toThrow(/--value-list expects/);
    expect(() => parseValueListArgument('id=')).toThrow(/--value-list expects/);
  });

  it('reads one value per line (blank lines skipped) or a JSON array of strings', () => {
    expect(parseValueListText('a\r\nb\n\nc\n', 'f')).toEqual(['a', 'b', 'c']);
    expect(parseValueListText(' ["x", "y"]', 'f')).toEqual(['x', 'y']);
    expect(() => parseValueListText('[1, 2]', 'f')).toThrow('f: expected a JSON array of strings');
  });

  it('reads files by id and names a file it cannot read', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'llm-egress-lists-'));
    writeFileSync(join(directory, 'hosts.txt'), 'WS-1\nWS-2\n');
    expect(await readValueLists([`hosts=${join(directory, 'hosts.txt')}`])).toEqual({ hosts: ['WS-1', 'WS-2'] });
    await expect(readValueLists([`gone=${join(directory, 'gone.txt')}`])).rejects.toThrow(/gone\.txt: cannot read value list 'gone'/);
  });
});
