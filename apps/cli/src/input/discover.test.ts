import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverInputs } from './discover.js';

describe('discoverInputs', () => {
  it('keeps given order, walks directories sorted, skips hidden entries and other names, survives link cycles', async () => {
    const root = mkdtempSync(join(tmpdir(), 'llm-egress-discover-'));
    mkdirSync(join(root, 'logs', 'B'), { recursive: true });
    mkdirSync(join(root, 'logs', '.cache'));
    writeFileSync(join(root, 'logs', 'b.ndjson'), 'x');
    writeFileSync(join(root, 'logs', 'a.JSONL.gz'), 'x');
    writeFileSync(join(root, 'logs', 'B', 'z.json'), 'x');
    writeFileSync(join(root, 'logs', '.cache', 'c.ndjson'), 'x');
    writeFileSync(join(root, 'logs', 'readme.md'), 'x');
    writeFileSync(join(root, 'single.log'), 'x');
    symlinkSync(join(root, 'logs'), join(root, 'logs', 'B', 'loop'));
    mkdirSync(join(root, 'empty'));
    const discovery = await discoverInputs([join(root, 'single.log'), join(root, 'logs'), '-', join(root, 'empty')]);
    expect(discovery.inputs.map((input) => input.display)).toEqual([
      join(root, 'single.log'),
      join(root, 'logs', 'B', 'z.json'),
      join(root, 'logs', 'a.JSONL.gz'),
      join(root, 'logs', 'b.ndjson'),
      '-',
    ]);
    expect(discovery.skippedFiles).toBe(1);
    expect(discovery.emptyDirectories).toEqual([join(root, 'empty')]);
    expect(discovery.inputs[0]).toMatchObject({ kind: 'file', size: 1 });
  });

  it('fails before scanning on a missing path or a second standard input', async () => {
    await expect(discoverInputs(['/no/such/path.ndjson'])).rejects.toThrow('/no/such/path.ndjson: no such file or directory');
    await expect(discoverInputs(['-', '-'])).rejects.toThrow('standard input can be given only once');
  });
});
