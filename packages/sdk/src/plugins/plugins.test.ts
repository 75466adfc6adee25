import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMatcherModuleSync } from '@llm-egress/matcher';
import { describe, expect, it } from 'vitest';
import { type Alert, createDetector, createDetectorSync, type Plugin, PluginError } from '../index.js';

const encoder = new TextEncoder();

/** Events the current bundled rule alerts on, one per host, at one-minute steps. */
function event(index: number, overrides: { host?: string; time?: string; dns?: string } = {}) {
  return {
    '@timestamp': overrides.time ?? new Date(Date.UTC(2026, 10, 30, 9, index)).toISOString(),
    event: { category: ['network'] },
    host: { name: overrides.host ?? `WS-${index}`, os: { type: 'windows' } },
    user: { name: 'bob' },
    dns: { question: { name: overrides.dns ?? 'api.openai.com' } },
    process: { name: 'powershell.exe', executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' },
  };
}
const ndjson = (events: object[]) => encoder.encode(`${events.map((item) => JSON.stringify(item)).join('\n')}\n`);
const hosts = (alerts: Alert[]) => alerts.map((alert) => (alert.host as { name: string }).name);

describe('code plugins', () => {
  it('suppress with true or a reason string, keep with false/undefined, and see alerts in input order', async () => {
    const seen: string[] = [];
    const plugin: Plugin = {
      name: 'by-host',
      allow(alert) {
        const host = (alert.host as { name: string }).name;
        seen.push(host);
        if (host === 'WS-1') return true;
        if (host === 'WS-2') return 'approved gateway host';
        return host === 'WS-3' ? false : undefined;
      },
    };
    const detector = await createDetector({ plugins: [plugin] });
    const result = await detector.scan(ndjson([0, 1, 2, 3, 4].map((index) => event(index))));
    expect(seen).toEqual(['WS-0', 'WS-1', 'WS-2', 'WS-3', 'WS-4']);
    expect(hosts(result.alerts)).toEqual(['WS-0', 'WS-3', 'WS-4']);
    expect(result.counters).toMatchObject({ alerts: 3, suppressed: { 'by-host': 2 }, pluginErrors: 0 });
  });

  it('run only on candidate alerts, never on events that do not match', async () => {
    let calls = 0;
    const detector = await createDetector({ plugins: [{ name: 'count', allow: () => void calls++ }] });
    await detector.scan(ndjson([event(0), event(1, { dns: 'example.com' }), event(2, { dns: 'example.org' })]));
    expect(calls).toBe(1);
  });

  it('a plugin that throws, rejects, hangs or returns nonsense never drops an alert: kept, marked, counted, reported', async () => {
    const warnings: string[] = [];
    const plugins: Plugin[] = [
      {
        name: 'throws',
        allow(alert) {
          if ((alert.host as { name: string }).name === 'WS-0') throw new Error('boom');
          return false;
        },
      },
      {
        name: 'rejects',
        allow: async (alert) => ((alert.host as { name: string }).name === 'WS-1' ? Promise.reject(new Error('nope')) : false),
      },
      {
        name: 'hangs',
        allow: (alert) => ((alert.host as { name: string }).name === 'WS-2' ? new Promise<boolean>(() => undefined) : false),
      },
      { name: 'nonsense', allow: (alert) => ((alert.host as { name: string }).name === 'WS-3' ? (42 as unknown as boolean) : undefined) },
    ];
    const detector = await createDetector({ plugins, pluginTimeoutMs: 50, logger: { warn: (message) => warnings.push(message) } });
    const result = await detector.scan(ndjson([0, 1, 2, 3, 4].map((index) => event(index))));
    expect(hosts(result.alerts)).toEqual(['WS-0', 'WS-1', 'WS-2', 'WS-3', 'WS-4']);
    expect(result.counters.pluginErrors).toBe(4);
    expect(result.alerts.map((alert) => alert.llm_egress.plugin_errors?.map((failure) => `${failure.plugin}:${failure.code}`))).toEqual([
      ['throws:PLUGIN_THREW'],
      ['rejects:PLUGIN_THREW'],
      ['hangs:PLUGIN_TIMEOUT'],
      ['nonsense:PLUGIN_BAD_RESULT'],
      undefined,
    ]);
    expect(result.alerts[0].llm_egress.plugin_errors?.[0].message).toBe('boom');
    expect(warnings).toHaveLength(4);
    expect(warnings[2]).toContain('hangs');
    // The alert stays serialisable with its marks.
    expect(() => JSON.stringify(result.alerts)).not.toThrow();
  });

  it('a plugin that fails does not stop the next plugin from suppressing', async () => {
    const detector = await createDetector({
      plugins: [
        {
          name: 'broken',
          allow: () => {
            throw new TypeError('bad');
          },
        },
        { name: 'allow-all', allow: () => true },
      ],
    });
    const result = await detector.scan(ndjson([event(0)]));
    expect(result.alerts).toEqual([]);
    expect(result.counters).toMatchObject({ pluginErrors: 1, suppressed: { 'allow-all': 1 } });
  });

  it('resolve asynchronously, in order, one alert at a time', async () => {
    const order: string[] = [];
    const detector = await createDetector({
      plugins: [
        {
          name: 'slow-lookup',
          async allow(alert) {
            const host = (alert.host as { name: string }).name;
            order.push(`start ${host}`);
            // Later alerts resolve faster: order must still be the input order.
            await new Promise((resolve) => setTimeout(resolve, 30 - Number(host.slice(3)) * 10));
            order.push(`end ${host}`);
            return host === 'WS-1' ? 'known host' : false;
          },
        },
      ],
    });
    const result = await detector.scan(ndjson([0, 1, 2].map((index) => event(index))));
    expect(hosts(result.alerts)).toEqual(['WS-0', 'WS-2']);
    expect(order).toEqual(['start WS-0', 'end WS-0', 'start WS-1', 'end WS-1', 'start WS-2', 'end WS-2']);
  });

  it('setup receives the rules and a logger; a failing setup is a PluginError', async () => {
    let rules: unknown;
    await createDetector({
      rules: ['llm-endpoints@v2'],
      plugins: [
        {
          name: 'setup',
          setup: (context) => {
            rules = context.rules;
          },
          allow: () => false,
        },
      ],
    });
    expect(rules).toEqual([
      {
        id: 'llm-endpoints@v2',
        ruleId: '4ae94fc1-f08f-419f-b692-053d28219380',
        name: 'Connection to Common Large Language Model Endpoints',
        version: 2,
      },
    ]);
    const failing = createDetector({
      plugins: [{ name: 'bad-setup', setup: async () => Promise.reject(new Error('no config')), allow: () => false }],
    });
    await expect(failing).rejects.toBeInstanceOf(PluginError);
    await expect(failing).rejects.toMatchObject({ code: 'PLUGIN_SETUP', plugin: 'bad-setup' });
  });

  it('plugin objects and modules are checked: a clear PluginError, never a crash later', async () => {
    await expect(createDetector({ plugins: [{ name: 'no-allow' } as unknown as Plugin] })).rejects.toMatchObject({
      code: 'PLUGIN_INVALID',
    });
    const directory = mkdtempSync(join(tmpdir(), 'llm-egress-plugins-'));
    const noDefault = join(directory, 'no-default.mjs');
    writeFileSync(noDefault, 'export const name = "x";\n');
    await expect(createDetector({ plugins: [noDefault] })).rejects.toMatchObject({ code: 'PLUGIN_INVALID', file: noDefault });
    const broken = join(directory, 'broken.mjs');
    writeFileSync(broken, 'export default {;\n');
    await expect(createDetector({ plugins: [broken] })).rejects.toMatchObject({ code: 'PLUGIN_IMPORT', file: broken });
    const good = join(directory, 'good.mjs');
    writeFileSync(good, 'export default { name: "from-file", allow: (alert) => alert.host.name === "WS-0" };\n');
    const detector = await createDetector({ plugins: [good] });
    expect(hosts((await detector.scan(ndjson([event(0), event(1)]))).alerts)).toEqual(['WS-1']);
  });

  it('evaluate runs plugins unless told not to; runPlugins runs them on alerts held back', async () => {
    const detector = await createDetector({ plugins: [{ name: 'all', allow: () => true }] });
    expect(await detector.evaluate(event(0))).toEqual([]);
    const held = await detector.evaluate(event(0), {}, { runPlugins: false });
    expect(held).toHaveLength(1);
    const scanned = await detector.scan(ndjson([event(0), event(1)]), { runPlugins: false });
    expect(scanned.alerts).toHaveLength(2);
    const ran = await detector.runPlugins(scanned.alerts);
    expect(ran).toEqual({ alerts: [], suppressed: { all: 2 }, pluginErrors: 0 });
  });

  it('evaluateDetailed counts what evaluate suppressed, allowlist items and plugins alike', async () => {
    const detector = await createDetector({
      allowlists: [{ items: [{ id: 'ws-1', entries: [{ field: 'host.name', type: 'match', value: 'WS-1' }] }] }],
      plugins: [{ name: 'ws-2', allow: (alert) => (alert.host as { name: string }).name === 'WS-2' }],
    });
    expect(await detector.evaluateDetailed(event(1))).toEqual({ alerts: [], suppressed: { 'ws-1': 1 }, pluginErrors: 0 });
    expect(await detector.evaluateDetailed(event(2))).toEqual({ alerts: [], suppressed: { 'ws-2': 1 }, pluginErrors: 0 });
    const kept = await detector.evaluateDetailed(event(3));
    expect(kept.alerts).toHaveLength(1);
    expect(kept.suppressed).toEqual({});
  });

  it('createDetectorSync loads module paths and async setups before the first use', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'llm-egress-plugins-'));
    const path = join(directory, 'drop-ws1.mjs');
    writeFileSync(
      path,
      'let ready = false;\nexport default { name: "drop-ws1", async setup() { await new Promise((r) => setTimeout(r, 5)); ready = true; }, allow: (alert) => { if (!ready) throw new Error("not set up"); return alert.host.name === "WS-1"; } };\n',
    );
    const detector = createDetectorSync({ module: loadMatcherModuleSync('node'), plugins: [path] });
    const result = await detector.scan(ndjson([event(0), event(1)]));
    expect(hosts(result.alerts)).toEqual(['WS-0']);
    expect(result.counters.pluginErrors).toBe(0);
  });
});

describe('built-in suppression (off unless asked for)', () => {
  it('is off by default', async () => {
    const detector = await createDetector();
    const same = [0, 1, 2].map((minute) => event(minute, { host: 'WS-1' }));
    expect((await detector.scan(ndjson(same))).alerts).toHaveLength(3);
  });

  it('keeps one alert per host + executable + DNS name within the window, carrying the count', async () => {
    const detector = await createDetector({ suppression: { windowSeconds: 300 } });
    const events = [
      event(0, { host: 'WS-1' }),
      event(1, { host: 'WS-1' }),
      event(2, { host: 'WS-2' }),
      event(3, { host: 'WS-1', dns: 'api.anthropic.com' }),
      event(4, { host: 'WS-1' }),
      // 09:05 is outside [09:00, 09:05): a new window
      event(5, { host: 'WS-1' }),
      event(6, { host: 'WS-1' }),
    ];
    const result = await detector.scan(ndjson(events));
    expect(
      result.alerts.map((alert) => [
        (alert.host as { name: string }).name,
        alert.kibana.alert.suppression?.docs_count,
        alert.kibana.alert.suppression?.start,
        alert.kibana.alert.suppression?.end,
      ]),
    ).toEqual([
      ['WS-1', 2, '2026-11-30T09:00:00.000Z', '2026-11-30T09:04:00.000Z'],
      ['WS-2', 0, '2026-11-30T09:02:00.000Z', '2026-11-30T09:02:00.000Z'],
      ['WS-1', 0, '2026-11-30T09:03:00.000Z', '2026-11-30T09:03:00.000Z'],
      ['WS-1', 1, '2026-11-30T09:05:00.000Z', '2026-11-30T09:06:00.000Z'],
    ]);
    expect(result.counters).toMatchObject({ alerts: 4, suppressed: { suppression: 3 } });
    expect(result.alerts[0].kibana.alert.suppression?.terms).toEqual([
      { field: 'host.name', value: 'WS-1' },
      { field: 'process.executable', value: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' },
      { field: 'dns.question.name', value: 'api.openai.com' },
    ]);
  });

  it('spans chunks (scan calls) and never suppresses alerts without a usable @timestamp', async () => {
    const detector = await createDetector({ suppression: { windowSeconds: 60 } });
    const first = await detector.scan(ndjson([event(0, { host: 'WS-1' })]));
    const second = await detector.scan(
      ndjson([event(0, { host: 'WS-1', time: '2026-11-30T09:00:30.000Z' }), event(0, { host: 'WS-1', time: 'not a time' })]),
    );
    expect(first.alerts).toHaveLength(1);
    expect(second.alerts).toHaveLength(1);
    expect(second.alerts[0]['@timestamp']).toBe('not a time');
    expect(first.alerts[0].kibana.alert.suppression?.docs_count).toBe(1);
  });

  it('counts only what code plugins kept', async () => {
    const detector = await createDetector({
      suppression: { windowSeconds: 600 },
      plugins: [{ name: 'drop-odd', allow: (alert) => alert['@timestamp'] === event(1)['@timestamp'] }],
    });
    const result = await detector.scan(ndjson([0, 1, 2].map((minute) => event(minute, { host: 'WS-1' }))));
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0].kibana.alert.suppression?.docs_count).toBe(1);
    expect(result.counters.suppressed).toEqual({ 'drop-odd': 1, suppression: 1 });
  });
});
