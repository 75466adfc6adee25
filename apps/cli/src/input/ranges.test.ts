import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { nextLineStart, planRanges } from './ranges.js';

const directory = mkdtempSync(join(tmpdir(), 'llm-egress-ranges-'));
let fileCounter = 0;

function writeTemporary(content: string): string {
  const path = join(directory, `file-${fileCounter++}.ndjson`);
  writeFileSync(path, content);
  return path;
}

describe('planRanges', () => {
  it('starts each range after the first newline at or after its nominal start', async () => {
    const path = writeTemporary('aaaa\nbb\ncccccc\nd\n');
    expect(await nextLineStart(path, 4, 17)).toBe(5);
    expect(await nextLineStart(path, 5, 17)).toBe(8);
    expect(await planRanges(path, 17, 5)).toEqual([
      { start: 0, end: 8 },
      { start: 8, end: 15 },
      { start: 15, end: 17 },
    ]);
  });

  it('gives one range when lines are longer than the range size', async () => {
    const path = writeTemporary(`${'x'.repeat(100)}\n`);
    expect(await planRanges(path, 101, 10)).toEqual([{ start: 0, end: 101 }]);
  });

  test.prop(
    [fc.array(fc.string({ maxLength: 20, unit: fc.constantFrom('a', '\n') }), { maxLength: 20 }), fc.integer({ min: 1, max: 30 })],
    { numRuns: 200 },
  )('ranges tile the file and every range but the first starts a line', async (parts, rangeBytes) => {
    const content = parts.join('');
    const path = writeTemporary(content);
    const size = Buffer.byteLength(content);
    const ranges = await planRanges(path, size, rangeBytes);
    expect(ranges[0].start).toBe(0);
    expect(ranges[ranges.length - 1].end).toBe(size);
    for (const [index, range] of ranges.entries()) {
      if (size > 0) expect(range.end).toBeGreaterThan(range.start);
      if (index > 0) {
        expect(range.start).toBe(ranges[index - 1].end);
        expect(content[range.start - 1]).toBe('\n');
      }
    }
  });
});
