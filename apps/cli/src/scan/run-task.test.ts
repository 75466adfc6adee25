import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../engine/engine.js';
import { createLineEngine } from '../testing/line-engine.js';
import type { ChunkReport, ReadSettings, ScanTask } from './protocol.js';
import { runTask } from './run-task.js';

const directory = mkdtempSync(join(tmpdir(), 'llm-egress-run-task-'));
const settings: ReadSettings = { chunkBytes: 16, maxLineBytes: 1024, validate: false, errorDetailLimit: 100 };

function write(name: string, content: string | Uint8Array): string {
  const path = join(directory, name);
  writeFileSync(path, content);
  return path;
}

async function run(task: ScanTask, readSettings: ReadSettings = settings) {
  const reports: ChunkReport[] = [];
  const outcome = await runTask(task, createLineEngine(), readSettings, async (report) => {
    reports.push(report);
  });
  const alerts = reports.flatMap((report) => report.alerts);
  const positions = alerts.map((alert: Alert) => [alert.id, alert.llm_egress.source.line, alert.llm_egress.source.offset]);
  const errors = reports.flatMap((report) => report.errors).map((error) => [error.line, error.code]);
  const events = reports.reduce((sum, report) => sum + report.counters.events, 0);
  const bytes = reports.reduce((sum, report) => sum + report.bytes, 0);
  const inputBytes = reports.reduce((sum, report) => sum + report.inputBytes, 0);
  return { outcome, reports, positions, errors, events, bytes, inputBytes };
}

const lines = ['{"id":1}', '{"id":2,"hit":true}', 'garbage', '', '{"id":5,"hit":true}'];
const ndjson = `${lines.join('\n')}\n`;
const fileTask = (path: string, extra: Partial<Extract<ScanTask, { kind: 'file' }>> = {}): ScanTask => ({
  kind: 'file',
  id: 0,
  file: 'given/name',
  path,
  gzip: false,
  layout: 'ndjson',
  range: null,
  ...extra,
});

describe('runTask', () => {
  it('numbers lines and offsets of a plain NDJSON file across chunks', async () => {
    const result = await run(fileTask(write('plain.ndjson', ndjson)));
    expect(result.positions).toEqual([
      [2, 2, 9],
      [5, 5, 38],
    ]);
    expect(result.errors).toEqual([[3, 'invalid-json']]);
    expect(result.outcome).toEqual({ newlines: 5, failure: null });
    expect(result.events).toBe(3);
    expect(result.bytes).toBe(Buffer.byteLength(ndjson));
    expect(result.inputBytes).toBe(Buffer.byteLength(ndjson));
    expect(result.reports.length).toBeGreaterThan(1);
  });

  it('gives the same positions through gzip, in decompressed coordinates', async () => {
    const path = write('events.ndjson.gz', gzipSync(ndjson));
    const result = await run(fileTask(path, { gzip: true }));
    expect(result.positions).toEqual([
      [2, 2, 9],
      [5, 5, 38],
    ]);
    expect(result.inputBytes).toBe(gzipSync(ndjson).length);
  });

  it('scans the whole lines before the damage of a truncated gzip file, then names the file', async () => {
    const big = `${Array.from({ length: 4000 }, (_, index) => JSON.stringify({ id: index + 1, hit: index % 1000 === 0, pad: 'x'.repeat(index % 50) })).join('\n')}\n`;
    const compressed = gzipSync(big);
    const path = write('truncated.ndjson.gz', compressed.subarray(0, Math.floor(compressed.length * 0.6)));
    const result = await run(fileTask(path, { gzip: true }), { ...settings, chunkBytes: 4096 });
    expect(result.outcome.failure).toMatch(/^given\/name: truncated or corrupt gzip data \(.*\); its first \d+ lines were scanned$/);
    const scannedLines = Number(/first (\d+) lines/.exec(result.outcome.failure ?? '')?.[1]);
    expect(scannedLines).toBeGreaterThan(100);
    expect(scannedLines).toBeLessThan(4000);
    expect(result.events).toBe(scannedLines);
    expect(result.errors).toEqual([]);
    expect(result.positions.map((position) => position[1])).toEqual([1, 1001, 2001, 3001].filter((line) => line <= scannedLines));
  });

  it('reads a .json file that holds one array: elements numbered from 1, no offsets', async () => {
    const path = write('array.json', '  \n[\n {"id": 1},\n {"id": 2, "hit": true},\n 7\n]\n');
    const result = await run(fileTask(path, { layout: 'sniff' }));
    expect(result.positions).toEqual([[2, 2, undefined]]);
    expect(result.outcome).toEqual({ newlines: 0, failure: null });
    expect(result.events).toBe(3);
  });

  it('reports a broken JSON array file with its line and column', async () => {
    const path = write('broken.json', '[\n {"id": 1},\n {"id" 2}\n]');
    const result = await run(fileTask(path, { layout: 'sniff' }));
    expect(result.outcome.failure).toMatch(/^given\/name:3:8: invalid JSON: /);
  });

  it('reads a .json file that holds NDJSON as NDJSON', async () => {
    const result = await run(fileTask(write('lines.json', ndjson), { layout: 'sniff' }));
    expect(result.positions).toEqual([
      [2, 2, 9],
      [5, 5, 38],
    ]);
  });

  it('numbers the lines of a byte range from 1 with exact offsets, and counts its newlines', async () => {
    const path = write('ranged.ndjson', ndjson);
    const result = await run(fileTask(path, { range: { start: 9, end: 38 } }));
    expect(result.positions).toEqual([[2, 1, 9]]);
    expect(result.errors).toEqual([[2, 'invalid-json']]);
    expect(result.outcome.newlines).toBe(3);
  });

  it('skips a line longer than the limit as malformed, and keeps numbering the lines after it', async () => {
    const text = `{"id":1,"hit":true}\n{"pad":"${'x'.repeat(300)}"}\n{"id":3,"hit":true}\n`;
    const result = await run(fileTask(write('overlong.ndjson', text)), { ...settings, maxLineBytes: 100 });
    expect(result.positions).toEqual([
      [1, 1, 0],
      [3, 3, text.lastIndexOf('{"id":3')],
    ]);
    expect(result.errors).toEqual([[2, 'line-too-long']]);
    expect(result.outcome).toEqual({ newlines: 3, failure: null });
  });

  it('reports an empty file once, with nothing in it', async () => {
    const result = await run(fileTask(write('empty.ndjson', '')));
    expect(result.reports).toHaveLength(1);
    expect(result.events).toBe(0);
    expect(result.outcome).toEqual({ newlines: 0, failure: null });
  });

  it('names a file that cannot be opened', async () => {
    const result = await run(fileTask(join(directory, 'missing.ndjson')));
    expect(result.outcome.failure).toBe('given/name: no such file or directory');
  });

  it('scans chunks of lines read by the main thread with the numbering they carry', async () => {
    const bytes = new TextEncoder().encode('{"id":9,"hit":true}\n');
    const result = await run({ kind: 'lines', id: 3, file: '-', bytes, firstLine: 41, firstOffset: 999, inputBytes: 7 });
    expect(result.positions).toEqual([[9, 41, 999]]);
  });
});

describe('runTask read-ahead', () => {
  it('keeps positions exact when a partial line longer than the carry room spans reads', async () => {
    // 100 KiB lines with 16 KiB reads: the partial line carried between reads outgrows the
    // 64 KiB room in front of each read and is joined by a copy instead.
    const long = (id: number, hit: boolean) => `{"id":${id},${hit ? '"hit":true,' : ''}"pad":"${'x'.repeat(100 * 1024)}"}`;
    const text = `${[long(1, false), long(2, true), '{"id":3,"hit":true}', long(4, true)].join('\n')}\n`;
    const result = await run(fileTask(write('long-lines.ndjson', text)), { ...settings, chunkBytes: 16 * 1024, maxLineBytes: 1024 * 1024 });
    const offsets = [0];
    for (const line of text.split('\n').slice(0, -1)) offsets.push(offsets[offsets.length - 1] + Buffer.byteLength(line) + 1);
    expect(result.positions).toEqual([
      [2, 2, offsets[1]],
      [3, 3, offsets[2]],
      [4, 4, offsets[3]],
    ]);
    expect(result.events).toBe(4);
    expect(result.bytes).toBe(Buffer.byteLength(text));
  });
});
