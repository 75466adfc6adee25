import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main, parseCommand } from './cli.js';
import { CorpusOptionError, parseSize, parseSourceMix, resolveOptions } from './options.js';

const directory = mkdtempSync(join(tmpdir(), 'corpus-cli-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function capture(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return { stream, text: () => text };
}

describe('options', () => {
  it('parses sizes and source mixes', () => {
    expect(parseSize('65536')).toBe(65536);
    expect(parseSize('1G')).toBe(1024 ** 3);
    expect(parseSize('1.5 GB')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('500mb')).toBe(500 * 1024 ** 2);
    expect(() => parseSize('lots')).toThrow(/--bytes: not a size: "lots"/);
    expect(parseSourceMix('defend=1,sentinelone=0.5')).toEqual({ defend: 1, sysmon: 0, sentinelone: 0.5 });
    expect(() => parseSourceMix('crowdstrike=1')).toThrow(/unknown source "crowdstrike"/);
    expect(() => parseSourceMix('defend')).toThrow(/name=weight/);
  });

  it('names the option at fault', () => {
    const cases: Array<[object, RegExp]> = [
      [{}, /--events: give exactly one of --events and --bytes/],
      [{ events: 5, bytes: 10 }, /exactly one/],
      [{ events: 0 }, /--events: expected a whole number ≥ 1/],
      [{ events: 5, dnsShare: 1.5 }, /--dns-share: expected a share between 0 and 1, got 1.5/],
      [{ events: 5, positiveShare: 0.8, nearMissShare: 0.5 }, /--near-miss-share: .* exceed 1/],
      [{ events: 5, sources: { defend: 0, sysmon: 1, sentinelone: 0 } }, /--sources: macOS events need defend or sentinelone/],
      [{ events: 5, startTime: 'yesterday' }, /--start-time: not an ISO 8601 time/],
    ];
    for (const [options, message] of cases) {
      expect(() => resolveOptions(options)).toThrow(CorpusOptionError);
      expect(() => resolveOptions(options)).toThrow(message);
    }
    expect(resolveOptions({ events: 5, macosShare: 0, sources: { defend: 0, sysmon: 1, sentinelone: 0 } }).sources.sysmon).toBe(1);
  });

  it('reads the command line', () => {
    const command = parseCommand([
      '--events',
      '1_000',
      '--seed',
      'abc',
      '--out',
      'x.ndjson',
      '--dns-share',
      '0.3',
      '--sources',
      'defend=1',
      '--quiet',
    ]);
    expect(command).toMatchObject({
      out: 'x.ndjson',
      quiet: true,
      corpus: { events: 1000, seed: 'abc', dnsShare: 0.3, sources: { defend: 1, sysmon: 0, sentinelone: 0 } },
    });
    expect(parseCommand(['--events', '5', '--seed', '42', '--out', 'y'])).toMatchObject({ corpus: { seed: 42 } });
    expect(parseCommand(['--help'])).toBe('help');
    expect(parseCommand(['--events', '5', '--out', 'y', '--workers', '0'])).toMatchObject({ workers: 0 });
    expect(() => parseCommand(['--events', '5', '--out', 'y', '--workers', 'many'])).toThrow(
      /--workers: expected a whole number from 0 to 64/,
    );
  });
});

describe('main', () => {
  it('writes a corpus and its expected alerts', async () => {
    const out = join(directory, 'small.ndjson');
    const stderr = capture();
    expect(await main(['--bytes', '200k', '--seed', '3', '--out', out, '--malformed-rate', '0.01', '--workers', '0'], stderr.stream)).toBe(
      0,
    );
    expect(statSync(out).size).toBeGreaterThanOrEqual(200 * 1024);
    const expected = JSON.parse(readFileSync(`${out}.expected.json`, 'utf8'));
    expect(expected.format).toBe('llm-egress/corpus-expected@1');
    expect(Object.keys(expected.rules)).toEqual(['llm-endpoints', 'llm-endpoints@v2']);
    expect(expected.options).toMatchObject({ seed: 3, bytes: 204800, malformedRate: 0.01 });
    expect(expected.counts.bytes).toBe(statSync(out).size);
    expect(stderr.text()).toMatch(/small\.ndjson: \d+ lines, \d+ bytes/);
    expect(stderr.text()).toMatch(/llm-endpoints: \d+ alerts/);
  });

  it('writes the expected alerts where asked, and nothing on stderr when quiet', async () => {
    const out = join(directory, 'quiet.ndjson');
    const expectedPath = join(directory, 'alerts.json');
    const stderr = capture();
    expect(await main(['--events', '300', '--out', out, '--expected', expectedPath, '--quiet'], stderr.stream)).toBe(0);
    expect(existsSync(expectedPath)).toBe(true);
    expect(existsSync(`${out}.expected.json`)).toBe(false);
    expect(stderr.text()).toBe('');
  });

  it('exits 2 with a message and the usage on bad usage', async () => {
    for (const [argv, message] of [
      [['--events', '10'], /--out: the corpus path is required/],
      [['--events', 'ten', '--out', 'x'], /--events: expected a whole number/],
      [['--events', '10', '--out', 'x', '--llm-share', 'high'], /--llm-share: expected a number between 0 and 1, got "high"/],
      [['--events', '10', '--out', 'x', '--colour'], /Unknown option '--colour'/],
    ] as const) {
      const stderr = capture();
      expect(await main(argv, stderr.stream)).toBe(2);
      expect(stderr.text()).toMatch(message);
      expect(stderr.text()).toContain('Usage: npm run corpus');
    }
  });

  it('exits 1 naming the file when a rule file cannot be used', async () => {
    const broken = join(directory, 'broken.toml');
    writeFileSync(broken, "[rule]\nquery = '''\nnetwork where process.name = \"x\"\n'''\n");
    for (const file of [join(directory, 'missing.toml'), broken]) {
      const stderr = capture();
      expect(await main(['--events', '10', '--out', join(directory, 'never.ndjson'), '--rules', file], stderr.stream)).toBe(1);
      expect(stderr.text()).toContain(file);
    }
  });

  it('asks for the build when worker threads are wanted from the sources', async () => {
    const { writeCorpus } = await import('./writer.js');
    const { loadCorpusRules } = await import('./rules.js');
    await expect(
      writeCorpus({ out: join(directory, 'threads.ndjson'), corpus: { events: 20_000 }, rules: loadCorpusRules(), workers: 2 }),
    ).rejects.toThrow(/dist\/corpus\/worker\.js/);
  });

  it('exits 1 when the corpus cannot be written', async () => {
    const stderr = capture();
    expect(await main(['--events', '10', '--out', join(directory, 'no-such-directory', 'x.ndjson')], stderr.stream)).toBe(1);
    expect(stderr.text()).toMatch(/ENOENT|no such file/);
  });
});
