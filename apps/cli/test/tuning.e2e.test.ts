import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { caseLine, parseNdjson, runCli, temporaryDirectory } from './helpers.js';

const directory = temporaryDirectory('tuning');
const path = (...parts: string[]) => join(directory, ...parts);

// W1 (rundll32.exe, chatgpt.com), W3 (evil.exe), W7 (wscript.exe), W1 again an hour later.
const events = `${[caseLine('W1', 1), caseLine('W3', 2), caseLine('W7', 3), caseLine('W1', 5)].join('\n')}\n`;
const lines = (text: string) => parseNdjson(text).map((alert) => alert.llm_egress.source.line);

beforeAll(() => {
  writeFileSync(path('events.ndjson'), events);
});

describe('llm-egress scan: allowlists and plugins', () => {
  it('applies a declarative allowlist in the workers and counts suppressions per item', async () => {
    writeFileSync(
      path('corp.yaml'),
      [
        'name: corp',
        'items:',
        '  - id: signed-scripts',
        '    comment: wscript on these hosts is approved',
        '    entries:',
        '      - field: process.name',
        '        type: match',
        '        value: wscript.exe',
        '',
      ].join('\n'),
    );
    const stats = path('allowlist-stats.json');
    const run = await runCli(['scan', '-j', '2', '-a', path('corp.yaml'), '--stats-json', stats, path('events.ndjson')]);
    expect(run.status).toBe(0);
    expect(lines(run.stdout)).toEqual([1, 2, 4]);
    expect(JSON.parse(readFileSync(stats, 'utf8'))).toMatchObject({ alerts: 3, suppressed: { 'signed-scripts': 1 } });
    expect(run.stderr).toContain('signed-scripts: 1');
  });

  it('reports an invalid allowlist with file:line:column and a caret (exit 2)', async () => {
    writeFileSync(
      path('broken.yaml'),
      ['items:', '  - entries:', '      - field: host.name', '        type: matchy', '        value: a', ''].join('\n'),
    );
    const run = await runCli(['scan', '-a', path('broken.yaml'), path('events.ndjson')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${path('broken.yaml')}:4:15:`);
    expect(run.stderr).toContain('matchy');
    expect(run.stderr).toMatch(/\|\s+\^/);
    expect(run.stdout).toBe('');
  });

  it('runs plugin modules on the main thread, in input order; a throwing plugin never drops an alert', async () => {
    writeFileSync(
      path('order-plugin.mjs'),
      [
        "import { appendFileSync } from 'node:fs';",
        'export default {',
        "  name: 'no-evil',",
        '  allow(alert) {',
        `    appendFileSync(${JSON.stringify(path('seen.txt'))}, alert.llm_egress.source.line + '\\n');`,
        "    return alert.process.name === 'evil.exe' ? 'evil.exe is our test binary' : false;",
        '  },',
        '};',
        '',
      ].join('\n'),
    );
    writeFileSync(path('throwing-plugin.js'), "export default { name: 'throws', allow() { throw new Error('boom'); } };\n");
    const stats = path('plugin-stats.json');
    const run = await runCli(
      [
        'scan',
        '-j',
        '2',
        '-a',
        path('order-plugin.mjs'),
        '--plugin',
        path('throwing-plugin.js'),
        '--stats-json',
        stats,
        path('events.ndjson'),
      ],
      {
        env: { LLM_EGRESS_CHUNK_BYTES: '100' },
      },
    );
    expect(run.status).toBe(0);
    expect(lines(run.stdout)).toEqual([1, 3, 4]);
    expect(readFileSync(path('seen.txt'), 'utf8')).toBe('1\n2\n3\n4\n');
    const document = JSON.parse(readFileSync(stats, 'utf8'));
    expect(document).toMatchObject({ alerts: 3, suppressed: { 'no-evil': 1 }, pluginErrors: 3 });
    expect(parseNdjson(run.stdout)[0].llm_egress.plugin_errors[0]).toMatchObject({ plugin: 'throws' });
  });

  it('suppresses repeats of the same host, executable and domain with --suppression-window', async () => {
    writeFileSync(path('repeats.ndjson'), `${[caseLine('W1', 0), caseLine('W1', 7), caseLine('W1', 14)].join('\n')}\n`);
    // Serials 0, 7 and 14: host WS-0000 each time, 7 s apart.
    const run = await runCli(['scan', '-j', '1', '--suppression-window', '60', path('repeats.ndjson')]);
    expect(run.status).toBe(0);
    const alerts = parseNdjson(run.stdout);
    expect(alerts.map((alert) => alert.llm_egress.source.line)).toEqual([1]);
    const unsuppressed = await runCli(['scan', '-j', '1', path('repeats.ndjson')]);
    expect(lines(unsuppressed.stdout)).toEqual([1, 2, 3]);
  });
});

describe('llm-egress rules', () => {
  it('lists the bundled rules', async () => {
    const [text, json] = await Promise.all([runCli(['rules', 'list']), runCli(['rules', 'list', '-f', 'json'])]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^ID\s+VERSION\s+NAME$/m);
    expect(text.stdout).toMatch(/^llm-endpoints\s+6\s+Connection to Common Large Language Model Endpoints$/m);
    expect(text.stdout).toMatch(/^llm-endpoints@v2\s+2\s+/m);
    expect(JSON.parse(json.stdout).map((rule: { id: string }) => rule.id)).toEqual(['llm-endpoints', 'llm-endpoints@v2']);
  });

  it('checks a rule file and summarises its plan', async () => {
    writeFileSync(
      path('rule.eql'),
      'network where dns.question.name : ("api.openai.com", "*.openai.azure.com") and process.name : "python*"\n',
    );
    const run = await runCli(['rules', 'check', path('rule.eql')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`${path('rule.eql')}: OK`);
    expect(run.stdout).toMatch(/fields \(\d+\): .*dns\.question\.name/);
    expect(run.stdout).toMatch(/dns\.question\.name: 1 group, 2 patterns/);
    expect(run.stdout).toMatch(/prefilter: 2 literals \("(api\.openai\.com|\.openai\.azure\.com)"/);
  });

  it('shows every error of a bad rule file with its location and a caret (exit 2)', async () => {
    writeFileSync(path('bad.eql'), 'network where dns.question.name : "x" and\n  process.name == "a" and foo(1)\n');
    const run = await runCli(['rules', 'check', path('bad.eql')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${path('bad.eql')}:2:27:`);
    expect(run.stderr).toContain('foo');
    expect(run.stderr).toMatch(/\n\s+process\.name == "a" and foo\(1\)\n\s+\^/);
  });
});

describe('llm-egress scan with a bad rule', () => {
  it('fails with the rule error before touching the output file (exit 2)', async () => {
    writeFileSync(path('bad-scan.eql'), 'network where process.name ==\n');
    writeFileSync(path('kept.ndjson'), 'previous alerts\n');
    const run = await runCli(['scan', '-j', '2', '-r', path('bad-scan.eql'), '-o', path('kept.ndjson'), path('events.ndjson')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${path('bad-scan.eql')}:`);
    expect(readFileSync(path('kept.ndjson'), 'utf8')).toBe('previous alerts\n');
  });
});

describe('llm-egress explain', () => {
  it('explains each event of a file: every clause and why it did or did not alert', async () => {
    writeFileSync(path('two.ndjson'), `${caseLine('W1', 1)}\n${caseLine('W2', 2)}\n`);
    const [text, json] = await Promise.all([
      runCli(['explain', path('two.ndjson')]),
      runCli(['explain', '-f', 'json', '-'], { input: `${caseLine('W5', 1)}\n` }),
    ]);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(`${path('two.ndjson')}:1: ALERT`);
    expect(text.stdout).toContain(`${path('two.ndjson')}:2: no alert`);
    expect(text.stdout).toMatch(/true\s+\d+:\d+\s+dns\.question\.name : \(/);
    expect(text.stdout).toMatch(/→ No alert: .*process\.executable/);
    const explained = parseNdjson(json.stdout);
    expect(explained).toHaveLength(1);
    expect(explained[0]).toMatchObject({ source: { file: '-', line: 1 }, rules: [{ id: 'llm-endpoints', matched: false }] });
    expect(explained[0].rules[0].clauses.length).toBeGreaterThan(5);
  });
});
