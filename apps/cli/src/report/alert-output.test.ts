import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../engine/engine.js';
import { createAlertOutput, type OutputFormat } from './alert-output.js';

function alert(line: number, domain: string): Alert {
  return {
    '@timestamp': '2026-11-30T09:14:03.512Z',
    host: { name: 'WS-0142' },
    process: { name: 'powershell.exe' },
    dns: { question: { name: domain } },
    llm_egress: {
      rule: { id: 'llm-endpoints' },
      source: { file: 'logs/a.ndjson', line },
      provider: { name: 'OpenAI', kind: 'api' },
      matched: [],
    },
  } as unknown as Alert;
}

async function render(format: OutputFormat, batches: Alert[][]): Promise<string> {
  const destination = new PassThrough();
  const pieces: Buffer[] = [];
  destination.on('data', (piece: Buffer) => pieces.push(piece));
  const output = createAlertOutput(format, destination, { color: false });
  for (const batch of batches) await output.write(batch);
  await output.finish();
  return Buffer.concat(pieces).toString('utf8');
}

describe('alert output', () => {
  it('writes one alert per line as ndjson', async () => {
    const text = await render('ndjson', [[alert(1, 'a.com')], [], [alert(2, 'b.com')]]);
    expect(
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line).llm_egress.source.line),
    ).toEqual([1, 2]);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('streams one valid JSON array, empty or not', async () => {
    expect(JSON.parse(await render('json', [[alert(1, 'a.com')], [alert(2, 'b.com'), alert(3, 'c.com')]])).length).toBe(3);
    expect(await render('json', [])).toBe('[]\n');
  });

  it('draws a table with a header, cut cells and control characters made harmless', async () => {
    const text = await render('table', [
      [alert(7, `very-long-subdomain-name.of.an.example.${'x'.repeat(40)}.com`), alert(8, 'evil\nname')],
    ]);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^TIME\s+HOST\s+PROCESS\s+DOMAIN\s+PROVIDER\s+SOURCE$/);
    expect(lines[1]).toContain('very-long-subdomain-name.of.an.ex…');
    expect(lines[1]).toMatch(/logs\/a\.ndjson:7$/);
    expect(lines[2]).toContain('evil name');
    expect(await render('table', [])).toBe('No alerts.\n');
  });
});
