import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type Alert, createDetector, type Detector } from '@llm-egress/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertingEvent, ndjson } from '../test/events.js';

// The examples import the built package, as a user's program would: `npx turbo run build
// --filter=@llm-egress/adapter-node` first (turbo's test task does).
const examples = fileURLToPath(new URL('.', import.meta.url));
const text = `${ndjson(60, 5)}not json\n${ndjson(3, 1)}`;
const input = Buffer.from(text, 'utf8');

let detector: Detector;
let scratch: string;
beforeAll(async () => {
  detector = await createDetector();
  scratch = mkdtempSync(join(tmpdir(), 'llm-egress-examples-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(script: string, args: string[], stdin: Uint8Array): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(examples, script), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (data) => (stdout += data));
    child.stderr.setEncoding('utf8').on('data', (data) => (stderr += data));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

function parseLines(output: string): unknown[] {
  return output
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

/** Alerts as they come out of JSON: what the examples write. */
async function expectedAlerts(file: string): Promise<unknown[]> {
  const { alerts } = await detector.scan(input, { file, validate: true });
  return alerts.map((alert: Alert) => JSON.parse(JSON.stringify(alert)));
}

describe('README examples', () => {
  it('stdin → stdout', async () => {
    const { code, stdout, stderr } = await run('stdin-to-stdout.mjs', [], input);
    expect(stderr).toContain('-:61: ');
    expect(code).toBe(0);
    const alerts = parseLines(stdout);
    expect(alerts).toHaveLength(15);
    expect(alerts).toEqual(await expectedAlerts('-'));
    expect(stderr).toMatch(/63 events, 15 alerts, 1 malformed lines/);
  });

  it('gzip file → alerts file', async () => {
    const gzipFile = join(scratch, 'day1.ndjson.gz');
    const alertsFile = join(scratch, 'alerts.ndjson');
    writeFileSync(gzipFile, gzipSync(input));
    const { code, stderr } = await run('gzip-file-to-alerts-file.mjs', [gzipFile, alertsFile], new Uint8Array());
    expect(code).toBe(0);
    expect(parseLines(readFileSync(alertsFile, 'utf8'))).toEqual(await expectedAlerts(gzipFile));
    expect(stderr).toContain(`${gzipFile}:61: `);
    expect(JSON.parse(stderr.trim().split('\n').at(-1) as string)).toMatchObject({ lines: 64, events: 63, alerts: 15, malformed: 1 });
  });

  it('gzip file → alerts file: usage error without arguments', async () => {
    const { code, stderr } = await run('gzip-file-to-alerts-file.mjs', [], new Uint8Array());
    expect(code).toBe(2);
    expect(stderr).toMatch(/^usage:/);
  });

  describe('HTTP request body → response', () => {
    let base: string;
    let close: () => Promise<void>;
    beforeAll(async () => {
      const { createScanServer } = await import('./http-body-to-response.mjs');
      const server = await createScanServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      close = () => new Promise((resolve) => server.close(() => resolve()));
    });
    afterAll(() => close());

    for (const gzip of [false, true]) {
      it(`streams the alerts of a${gzip ? ' gzip-encoded' : 'n'} NDJSON body back, then a summary`, async () => {
        const response = await fetch(`${base}/scan`, {
          method: 'POST',
          body: gzip ? gzipSync(input) : input,
          headers: gzip ? { 'content-encoding': 'gzip' } : {},
        });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/x-ndjson');
        const lines = parseLines(await response.text());
        const summary = lines.pop() as { llm_egress_summary: { counters: Record<string, unknown>; warnings: Array<{ line: number }> } };
        expect(lines).toEqual(await expectedAlerts('/scan'));
        expect(summary.llm_egress_summary.counters).toMatchObject({ events: 63, alerts: 15, malformed: 1 });
        expect(summary.llm_egress_summary.warnings.map((warning) => warning.line)).toEqual([61]);
      });
    }

    it('sends the first alert back before the request body has ended', async () => {
      const request = httpRequest(`${base}/scan`, { method: 'POST' });
      request.write(`${JSON.stringify(alertingEvent(0))}\n`);
      const [response] = (await once(request, 'response')) as [IncomingMessage];
      response.setEncoding('utf8');
      let received = '';
      while (!received.includes('\n')) received += (await once(response, 'data'))[0];
      expect(JSON.parse(received.split('\n')[0]).llm_egress.source).toEqual({ file: '/scan', line: 1, offset: 0 });
      // only now does the body go on, and end
      const rest = (async () => {
        for await (const data of response) received += data;
      })();
      request.end(`${JSON.stringify(alertingEvent(1))}\n`);
      await rest;
      const lines = parseLines(received) as Array<{ llm_egress_summary?: { counters: { events: number; alerts: number } } }>;
      expect(lines).toHaveLength(3);
      expect(lines[2].llm_egress_summary?.counters).toMatchObject({ events: 2, alerts: 2 });
    });

    it('answers 400 for a body that is not valid gzip', async () => {
      const response = await fetch(`${base}/scan`, { method: 'POST', body: 'plain text', headers: { 'content-encoding': 'gzip' } });
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/incorrect header check/);
    });

    it('answers 405 to anything but POST', async () => {
      expect((await fetch(`${base}/scan`)).status).toBe(405);
    });
  });
});
