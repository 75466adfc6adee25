import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { type AlertJson, caseLine, dnsEvent, mixedCorpus, parseNdjson, runCli, temporaryDirectory, WHOLE_RULE_CASES } from './helpers.js';

const directory = temporaryDirectory('scan');
const path = (...parts: string[]) => join(directory, ...parts);

/** Lines: W1, W2, garbage, W3, blank, W4, W6, W7, a JSON array, W5 (v6 alerts: 1, 4, 7, 8). */
const mixedLines = [
  caseLine('W1', 1),
  caseLine('W2', 2),
  '{"not": json',
  caseLine('W3', 4),
  '',
  caseLine('W4', 6),
  caseLine('W6', 7),
  caseLine('W7', 8),
  '[1, 2]',
  caseLine('W5', 10),
];
const mixedText = `${mixedLines.join('\n')}\n`;
const sourceLines = (alerts: AlertJson[]) => alerts.map((alert) => alert.llm_egress.source.line);

beforeAll(() => {
  writeFileSync(path('mixed.ndjson'), mixedText);
  writeFileSync(path('mixed.ndjson.gz'), gzipSync(mixedText));
});

describe('llm-egress scan: inputs', () => {
  it('scans an NDJSON file: alerts with lines and offsets, malformed lines reported, stats written', async () => {
    const stats = path('mixed-stats.json');
    const run = await runCli(['scan', '-j', '1', '--validate', '--stats-json', stats, path('mixed.ndjson')]);
    expect(run.status).toBe(0);
    const alerts = parseNdjson(run.stdout);
    expect(sourceLines(alerts)).toEqual([1, 4, 7, 8]);
    const offsets = alerts.map((alert) => alert.llm_egress.source.offset);
    const expectedOffsets = [1, 4, 7, 8].map((line) =>
      Buffer.byteLength(
        mixedLines
          .slice(0, line - 1)
          .map((text) => `${text}\n`)
          .join(''),
      ),
    );
    expect(offsets).toEqual(expectedOffsets);
    expect(alerts.every((alert) => alert.llm_egress.source.file === path('mixed.ndjson'))).toBe(true);
    expect(alerts[0].kibana.alert.rule.rule_id).toBe('4ae94fc1-f08f-419f-b692-053d28219380');
    expect(run.stderr).toContain(`${path('mixed.ndjson')}:3:`);
    expect(run.stderr).toContain(`${path('mixed.ndjson')}:9:`);
    expect(run.stderr).toMatch(/malformed lines: 2/);
    const document = JSON.parse(readFileSync(stats, 'utf8'));
    expect(document).toMatchObject({
      files: 1,
      bytes: Buffer.byteLength(mixedText),
      inputBytes: Buffer.byteLength(mixedText),
      lines: 10,
      events: 7,
      malformed: 2,
      alerts: 4,
      suppressed: {},
      perRule: { 'llm-endpoints': 4 },
      perProvider: { OpenAI: 1, 'Hugging Face': 1, 'Amazon Bedrock': 1, 'Mistral AI': 1 },
    });
    expect(document.elapsedMs).toBeTypeOf('number');
    expect(document.bytesPerSecond).toBeGreaterThan(0);
  });

  it('reads gzip files and standard input with the same verdicts and numbering', async () => {
    const [plain, gzip, stdin, gzipStdin] = await Promise.all([
      runCli(['scan', '-j', '1', '--validate', path('mixed.ndjson')]),
      runCli(['scan', '-j', '1', '--validate', path('mixed.ndjson.gz')]),
      runCli(['scan', '-j', '1', '--validate', '-'], { input: mixedText }),
      runCli(['scan', '-j', '1', '--validate', '-'], { input: gzipSync(mixedText) }),
    ]);
    const positions = (text: string) =>
      parseNdjson(text).map((alert) => [alert.kibana.alert.uuid, alert.llm_egress.source.line, alert.llm_egress.source.offset]);
    expect(positions(gzip.stdout)).toEqual(positions(plain.stdout));
    expect(positions(stdin.stdout)).toEqual(positions(plain.stdout));
    expect(positions(gzipStdin.stdout)).toEqual(positions(plain.stdout));
    expect(parseNdjson(gzip.stdout)[0].llm_egress.source.file).toBe(path('mixed.ndjson.gz'));
    expect(parseNdjson(stdin.stdout)[0].llm_egress.source.file).toBe('-');
    expect(stdin.stderr).toContain('-:3:');
  });

  it('walks directories recursively in sorted order, skipping hidden entries and other files', async () => {
    const root = path('tree');
    mkdirSync(join(root, 'b-sub'), { recursive: true });
    mkdirSync(join(root, '.hidden'), { recursive: true });
    writeFileSync(join(root, 'c.jsonl'), `${caseLine('W1', 1)}\n`);
    writeFileSync(join(root, 'a.ndjson.gz'), gzipSync(`${caseLine('W3', 1)}\n`));
    writeFileSync(join(root, 'b-sub', 'z.ndjson'), `${caseLine('W6', 1)}\n`);
    writeFileSync(join(root, '.hidden', 'x.ndjson'), `${caseLine('W7', 1)}\n`);
    writeFileSync(join(root, '.dot.ndjson'), `${caseLine('W7', 1)}\n`);
    writeFileSync(join(root, 'notes.txt'), `${caseLine('W7', 1)}\n`);
    writeFileSync(join(root, 'empty.ndjson'), '');
    const run = await runCli(['scan', '-j', '2', root]);
    expect(run.status).toBe(0);
    expect(parseNdjson(run.stdout).map((alert) => alert.llm_egress.source.file)).toEqual([
      join(root, 'a.ndjson.gz'),
      join(root, 'b-sub', 'z.ndjson'),
      join(root, 'c.jsonl'),
    ]);
    expect(run.stderr).toMatch(/4 files/);
  });

  it('scans empty files and an empty standard input without alerts or errors', async () => {
    writeFileSync(path('empty.ndjson'), '');
    writeFileSync(path('empty.ndjson.gz'), gzipSync(''));
    const stats = path('empty-stats.json');
    const [files, stdin] = await Promise.all([
      runCli(['scan', '-j', '1', '--stats-json', stats, path('empty.ndjson'), path('empty.ndjson.gz')]),
      runCli(['scan', '-j', '1', '-f', 'json', '-'], { input: '' }),
    ]);
    expect(files.status).toBe(0);
    expect(files.stdout).toBe('');
    expect(JSON.parse(readFileSync(stats, 'utf8'))).toMatchObject({ files: 2, lines: 0, events: 0, alerts: 0, malformed: 0 });
    expect(stdin.status).toBe(0);
    expect(stdin.stdout).toBe('[]\n');
  });

  it('reads a .json file holding one array: elements numbered from 1, no offsets', async () => {
    const elements = [
      dnsEvent(WHOLE_RULE_CASES[1].event, 1),
      dnsEvent(WHOLE_RULE_CASES[0].event, 2),
      42,
      dnsEvent(WHOLE_RULE_CASES[2].event, 4),
    ];
    writeFileSync(path('array.json'), JSON.stringify(elements, null, 2));
    const stats = path('array-stats.json');
    const run = await runCli(['scan', '-j', '1', '--stats-json', stats, path('array.json')]);
    expect(run.status).toBe(0);
    const alerts = parseNdjson(run.stdout);
    expect(alerts.map((alert) => alert.llm_egress.source)).toEqual([
      { file: path('array.json'), line: 2 },
      { file: path('array.json'), line: 4 },
    ]);
    expect(run.stderr).toContain(`${path('array.json')}:3: `);
    expect(JSON.parse(readFileSync(stats, 'utf8'))).toMatchObject({ lines: 4, events: 3, malformed: 1, alerts: 2 });
  });

  it('reads a .json file holding NDJSON as NDJSON', async () => {
    writeFileSync(path('lines.json'), mixedText);
    const run = await runCli(['scan', '-j', '1', path('lines.json')]);
    expect(sourceLines(parseNdjson(run.stdout))).toEqual([1, 4, 7, 8]);
  });

  it('reports a truncated gzip file by name after scanning the events before the damage (exit 2)', async () => {
    const { text, alertLines } = mixedCorpus(3000);
    const compressed = gzipSync(text);
    writeFileSync(path('truncated.ndjson.gz'), compressed.subarray(0, Math.floor(compressed.length / 2)));
    writeFileSync(path('after.ndjson'), `${caseLine('W1', 1)}\n`);
    const run = await runCli(['scan', '-j', '1', path('truncated.ndjson.gz'), path('after.ndjson')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      new RegExp(
        `error: ${path('truncated.ndjson.gz').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: truncated or corrupt gzip data .*; its first (\\d+) lines were scanned`,
      ),
    );
    const scanned = Number(/its first (\d+) lines were scanned/.exec(run.stderr)?.[1]);
    expect(scanned).toBeGreaterThan(500);
    const alerts = parseNdjson(run.stdout);
    const truncatedAlerts = alerts.filter((alert) => alert.llm_egress.source.file.endsWith('truncated.ndjson.gz'));
    expect(sourceLines(truncatedAlerts)).toEqual(alertLines.filter((line) => line <= scanned));
    // The next file is still scanned.
    expect(alerts[alerts.length - 1].llm_egress.source.file).toBe(path('after.ndjson'));
  });

  it('names a path that does not exist (exit 2, nothing scanned)', async () => {
    const run = await runCli(['scan', path('nope.ndjson')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${path('nope.ndjson')}: no such file or directory`);
    expect(run.stdout).toBe('');
  });
});

describe('llm-egress scan: verdicts, formats and exit codes', () => {
  it('gives identical alerts with the wasm, object and reference executors', async () => {
    const { text } = mixedCorpus(1500);
    writeFileSync(path('executors.ndjson'), text);
    const runs = await Promise.all(
      ['wasm', 'object', 'reference'].map((executor) =>
        runCli(['scan', '-j', '1', '--executor', executor, '--validate', path('executors.ndjson')]),
      ),
    );
    for (const run of runs) expect(run.status).toBe(0);
    expect(runs[1].stdout).toBe(runs[0].stdout);
    expect(runs[2].stdout).toBe(runs[0].stdout);
    expect(parseNdjson(runs[0].stdout).length).toBeGreaterThan(10);
  });

  it('applies the rule asked for: v2 and the current rule differ on W5 and W6', async () => {
    const [current, v2, both] = await Promise.all([
      runCli(['scan', '-j', '1', path('mixed.ndjson')]),
      runCli(['scan', '-j', '1', '-r', 'llm-endpoints@v2', path('mixed.ndjson')]),
      runCli(['scan', '-j', '1', '-r', 'llm-endpoints', '-r', 'llm-endpoints@v2', path('mixed.ndjson')]),
    ]);
    expect(sourceLines(parseNdjson(current.stdout))).toEqual([1, 4, 7, 8]);
    expect(sourceLines(parseNdjson(v2.stdout))).toEqual([1, 4, 8, 10]);
    const perRule = parseNdjson(both.stdout).map((alert) => `${alert.llm_egress.source.line}:${alert.llm_egress.rule.id}`);
    expect(perRule).toEqual([
      '1:llm-endpoints',
      '1:llm-endpoints@v2',
      '4:llm-endpoints',
      '4:llm-endpoints@v2',
      '7:llm-endpoints',
      '8:llm-endpoints',
      '8:llm-endpoints@v2',
      '10:llm-endpoints@v2',
    ]);
  });

  it('writes json and table formats, and to a file with -o', async () => {
    const output = path('alerts.ndjson');
    const [json, table, toFile] = await Promise.all([
      runCli(['scan', '-j', '1', '-f', 'json', path('mixed.ndjson')]),
      runCli(['scan', '-j', '1', '-f', 'table', path('mixed.ndjson')]),
      runCli(['scan', '-j', '1', '-o', output, path('mixed.ndjson')]),
    ]);
    const array = JSON.parse(json.stdout);
    expect(sourceLines(array)).toEqual([1, 4, 7, 8]);
    expect(table.stdout.split('\n')[0]).toMatch(/^TIME\s+HOST\s+PROCESS\s+DOMAIN\s+PROVIDER\s+SOURCE$/);
    expect(table.stdout).toContain('chatgpt.com');
    expect(table.stdout).toContain(`${path('mixed.ndjson')}:8`);
    expect(toFile.stdout).toBe('');
    expect(sourceLines(parseNdjson(readFileSync(output, 'utf8')))).toEqual([1, 4, 7, 8]);
  });

  it.skipIf(!existsSync('/dev/full'))('stops with exit 2 and names the output when it cannot be written', async () => {
    const run = await runCli(['scan', '-j', '1', '-o', '/dev/full', path('mixed.ndjson')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('/dev/full: cannot write the alerts: ENOSPC');
  });

  it('exits 1 with --fail-on-alert only when there are alerts, 3 with --strict only on malformed lines', async () => {
    writeFileSync(path('clean.ndjson'), `${caseLine('W2', 1)}\n${caseLine('W1', 2)}\n`);
    writeFileSync(path('quiet.ndjson'), `${caseLine('W2', 1)}\n`);
    const [alerting, quiet, strict, strictClean, lenient] = await Promise.all([
      runCli(['scan', '-j', '1', '--fail-on-alert', path('clean.ndjson')]),
      runCli(['scan', '-j', '1', '--fail-on-alert', path('quiet.ndjson')]),
      runCli(['scan', '-j', '1', '--strict', path('mixed.ndjson')]),
      runCli(['scan', '-j', '1', '--strict', path('clean.ndjson')]),
      runCli(['scan', '-j', '1', path('mixed.ndjson')]),
    ]);
    expect(alerting.status).toBe(1);
    expect(quiet.status).toBe(0);
    expect(strict.status).toBe(3);
    expect(sourceLines(parseNdjson(strict.stdout))).toEqual([1, 4, 7, 8]);
    expect(strictClean.status).toBe(0);
    expect(lenient.status).toBe(0);
  });

  it('rejects bad usage with exit 2 and a message', async () => {
    const runs = await Promise.all([
      runCli(['scan', '-j', '0', path('mixed.ndjson')]),
      runCli(['scan', '-f', 'xml', path('mixed.ndjson')]),
      runCli(['scan', '--executor', 'fast', path('mixed.ndjson')]),
      runCli(['frobnicate']),
      runCli([]),
      runCli(['scan', '--value-list', 'no-equals-sign', path('mixed.ndjson')]),
    ]);
    for (const run of runs) expect(run.status).toBe(2);
    expect(runs[0].stderr).toContain("option '-j, --workers <n>' argument '0' is invalid");
    expect(runs[1].stderr).toContain('Allowed choices are table, ndjson, json');
    expect(runs[3].stderr).toContain("unknown command 'frobnicate'");
    expect(runs[5].stderr).toContain('--value-list expects <list id>=<file>');
  });
});

describe('llm-egress scan: the bundled sample', () => {
  it('scans the sample when no paths are given, and finds exactly the expected alerts of each rule', async () => {
    const expected = JSON.parse(readFileSync(new URL('../sample/events.ndjson.expected.json', import.meta.url), 'utf8'));
    const [current, v2] = await Promise.all([
      runCli(['scan', '--validate']),
      runCli(['scan', '-r', 'llm-endpoints@v2', '--executor', 'object']),
    ]);
    expect(current.status).toBe(0);
    expect(current.stderr).toMatch(/no paths given: scanning the bundled sample .*events\.ndjson\.gz/);
    expect(sourceLines(parseNdjson(current.stdout))).toEqual(expected.rules['llm-endpoints'].alerts);
    expect(sourceLines(parseNdjson(v2.stdout))).toEqual(expected.rules['llm-endpoints@v2'].alerts);
    expect(current.stderr).toContain(`malformed lines: ${expected.counts.malformed}`);
    expect(expected.rules['llm-endpoints'].alerts.length).toBeGreaterThan(3);
  });
});

describe('llm-egress scan: workers', () => {
  it('gives byte-identical output with 1 and 2 workers on a file split into byte ranges', async () => {
    const { text, alertLines, malformedLines } = mixedCorpus(6000);
    writeFileSync(path('split.ndjson'), text);
    writeFileSync(path('split-2.ndjson.gz'), gzipSync(text));
    // Ranges of ~40 kB (about 30 of them) and chunks of ~8 kB: many cuts, carries and reorders.
    const env = { LLM_EGRESS_SPLIT_BYTES: '40000', LLM_EGRESS_CHUNK_BYTES: '8000' };
    const args = (workers: string, stats: string) => [
      'scan',
      '--validate',
      '-j',
      workers,
      '--stats-json',
      path(stats),
      path('split.ndjson'),
      path('split-2.ndjson.gz'),
    ];
    const [one, two, stdin] = await Promise.all([
      runCli(args('1', 'one.json'), { env }),
      runCli(args('2', 'two.json'), { env }),
      // Standard input is read by the main thread and sent to both workers chunk by chunk.
      runCli(['scan', '--validate', '-j', '2', '-'], { env, input: text }),
    ]);
    expect(one.status).toBe(0);
    expect(two.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const alerts = parseNdjson(one.stdout);
    const plainAlerts = alerts.filter((alert) => alert.llm_egress.source.file === path('split.ndjson'));
    expect(sourceLines(plainAlerts)).toEqual(alertLines);
    // Offsets are exact: the line at each offset is the event the alert was made from.
    for (const alert of plainAlerts) {
      const { offset, line } = alert.llm_egress.source;
      expect(text.slice(offset).split('\n', 1)[0]).toBe(text.split('\n')[line - 1]);
    }
    const fromStdin = parseNdjson(stdin.stdout).map((alert) => [
      alert.kibana.alert.uuid,
      alert.llm_egress.source.line,
      alert.llm_egress.source.offset,
    ]);
    expect(fromStdin).toEqual(
      plainAlerts.map((alert) => [alert.kibana.alert.uuid, alert.llm_egress.source.line, alert.llm_egress.source.offset]),
    );
    const statsOne = JSON.parse(readFileSync(path('one.json'), 'utf8'));
    const statsTwo = JSON.parse(readFileSync(path('two.json'), 'utf8'));
    expect(statsTwo.workers).toBe(2);
    for (const key of ['lines', 'events', 'malformed', 'alerts', 'perRule', 'perProvider', 'bytes', 'inputBytes'])
      expect(statsTwo[key]).toEqual(statsOne[key]);
    expect(statsOne.malformed).toBe(2 * malformedLines.length);
    // The malformed lines shown are the first ones, in input order, with their true line numbers.
    const shown = [...two.stderr.matchAll(/split\.ndjson:(\d+):/g)].map((match) => Number(match[1]));
    expect(shown).toEqual(malformedLines.slice(0, shown.length));
  });
});
