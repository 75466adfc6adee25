import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const benchmarks = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(benchmarks, 'bin', 'corpus.mjs');
const built = existsSync(join(benchmarks, 'dist', 'corpus', 'cli.js'));
const directory = mkdtempSync(join(tmpdir(), 'corpus-bin-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('bin/corpus.mjs (the built generator behind `npm run corpus`)', () => {
  it('is built (npx turbo run build --filter=@llm-egress/benchmarks)', () => {
    expect(built, 'benchmarks/dist/corpus/cli.js is missing: run npx turbo run build --filter=@llm-egress/benchmarks').toBe(true);
  });

  it.runIf(built)('writes the same corpus as the library, byte for byte, and its expected alerts', async () => {
    const out = join(directory, 'bin.ndjson');
    execFileSync(process.execPath, [bin, '--events', '2000', '--seed', '7', '--out', out, '--malformed-rate', '0.01', '--quiet']);
    const { generateCorpus } = await import('./generator.js');
    const { loadCorpusRules } = await import('./rules.js');
    const lines = [...generateCorpus({ events: 2000, seed: 7, malformedRate: 0.01 }, loadCorpusRules())];
    const expected = Buffer.concat(lines.flatMap((line) => [line.bytes ?? Buffer.from(line.text as string), Buffer.from('\n')]));
    expect(readFileSync(out).equals(expected)).toBe(true);
    const document = JSON.parse(readFileSync(`${out}.expected.json`, 'utf8'));
    expect(document.rules['llm-endpoints'].alerts).toEqual(
      lines.filter((line) => line.verdicts['llm-endpoints']).map((line) => line.number),
    );
  });

  it.runIf(built)('writes the same bytes and expectations with worker threads, by events and by size', () => {
    for (const size of [
      ['--events', '9000'],
      ['--bytes', '10M'],
    ]) {
      const outputs = [0, 3].map((workers) => {
        const out = join(directory, `workers-${workers}.ndjson`);
        execFileSync(process.execPath, [
          bin,
          ...size,
          '--seed',
          '5',
          '--malformed-rate',
          '0.002',
          '--out',
          out,
          '--workers',
          String(workers),
          '--quiet',
        ]);
        const expected = JSON.parse(readFileSync(`${out}.expected.json`, 'utf8'));
        expected.corpus = 'same';
        return { bytes: readFileSync(out), expected };
      });
      const [inThread, threaded] = outputs as [(typeof outputs)[0], (typeof outputs)[0]];
      expect(inThread.bytes.equals(threaded.bytes)).toBe(true);
      expect(threaded.expected).toEqual(inThread.expected);
      expect(inThread.expected.counts.lines).toBeGreaterThan(4096);
    }
  });

  it.runIf(built)('exits 2 on bad usage', () => {
    const result = spawnSync(process.execPath, [bin, '--events', '0', '--out', join(directory, 'x.ndjson')], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--events: expected a whole number ≥ 1');
  });
});
