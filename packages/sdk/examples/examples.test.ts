import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Alert } from '../src/index.js';
import { scanFile } from './embed.js';
// @ts-expect-error: a plain .mjs plugin module, typed by JSDoc only
import { createGatewayPlugin } from './gateway-plugin.mjs';

const approved = 'a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00';

/** An event the bundled rule alerts on, from a process in a user folder without a trusted signature. */
function event(host: string, process: Record<string, unknown>, minute = 0) {
  return {
    '@timestamp': new Date(Date.UTC(2026, 10, 30, 9, minute)).toISOString(),
    event: { category: ['network'] },
    host: { name: host, os: { type: 'windows' } },
    user: { name: 'bob' },
    dns: { question: { name: 'api.openai.com' } },
    process,
  };
}
const unsignedTool = { name: 'tool.exe', executable: 'C:\\Users\\bob\\tool.exe', code_signature: { exists: false } };
const gateway = (hash: string, subject = 'Example Corp') => ({
  name: 'python.exe',
  executable: 'C:\\Users\\bob\\AppData\\Local\\CorpGateway\\python.exe',
  hash: { sha256: hash },
  code_signature: { exists: true, trusted: true, subject_name: subject },
});

describe('the embedding example (examples/embed.ts, also in the README)', () => {
  const saved = process.env.LLM_EGRESS_GATEWAY_SHA256;
  beforeAll(() => {
    process.env.LLM_EGRESS_GATEWAY_SHA256 = `${approved.toUpperCase()}, 00`;
  });
  afterAll(() => {
    process.env.LLM_EGRESS_GATEWAY_SHA256 = saved;
  });

  it('scans a file: allowlist, gateway plugin and suppression applied, malformed lines counted', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'llm-egress-embed-'));
    const file = join(directory, 'day.ndjson');
    const lines = [
      event('WS-1', unsignedTool, 0),
      event('WS-1', unsignedTool, 1), // suppressed into the first (same host, binary, domain)
      event('BUILD-01', { name: 'python.exe', executable: 'C:\\BuildAgent\\work\\python.exe' }, 2), // allowlist item build-agents
      event('WS-2', gateway(approved), 3), // the approved gateway build
      event('WS-3', gateway('ff'.repeat(32)), 4), // an unknown build alerts
    ].map((item) => JSON.stringify(item));
    writeFileSync(file, `${lines.join('\n')}\n{"broken": \n`);
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const output = await scanFile(file);
    const logged = log.mock.calls.map((call) => call.join(' '));
    log.mockRestore();
    const alerts = output.map((line) => JSON.parse(line) as Alert);
    expect(
      alerts.map((alert) => [
        (alert.host as { name: string }).name,
        alert.llm_egress.source.line,
        alert.kibana.alert.suppression?.docs_count,
      ]),
    ).toEqual([
      ['WS-1', 1, 1],
      ['WS-3', 5, 0],
    ]);
    expect(logged).toEqual(['5 events, 2 alerts, 1 malformed lines']);
  });

  it('is the code the README shows', () => {
    const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
    const code = readFileSync(fileURLToPath(new URL('embed.ts', import.meta.url)), 'utf8');
    expect(readme).toContain(code.trim());
  });
});

describe('the example gateway plugin', () => {
  const plugin = createGatewayPlugin({ sha256: [approved] });
  const alertOf = (process: Record<string, unknown>) => ({ ...event('WS-2', process), kibana: {}, llm_egress: { matched: [] } });

  it('allows the approved build signed by the company, with a reason', () => {
    expect(plugin.allow(alertOf(gateway(approved)))).toMatch(/^approved LLM gateway build a3f1c2d4e5b6… signed by Example Corp$/);
    expect(
      plugin.allow({
        ...alertOf({}),
        'process.hash.sha256': approved.toUpperCase(),
        'process.code_signature': { trusted: 'true', subject_name: 'Example Corp' },
      }),
    ).toBeTruthy();
  });

  it('keeps other hashes, other signers and untrusted signatures', () => {
    expect(plugin.allow(alertOf(gateway('ff'.repeat(32))))).toBe(false);
    expect(plugin.allow(alertOf(gateway(approved, 'Evil Corp')))).toBe(false);
    expect(plugin.allow(alertOf({ ...gateway(approved), code_signature: { trusted: false, subject_name: 'Example Corp' } }))).toBe(false);
    expect(plugin.allow(alertOf({ name: 'python.exe' }))).toBe(false);
  });

  it('warns at setup when it has nothing to allow', () => {
    const warnings: string[] = [];
    createGatewayPlugin({ sha256: [' '] }).setup({ rules: [], logger: { warn: (message: string) => warnings.push(message) } });
    expect(warnings).toEqual(['corp-llm-gateway: no approved hashes configured; it allows nothing']);
  });
});
