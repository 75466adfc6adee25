// The benchmark runner's pure parts: medians, answer checking, targets, tables, options and
// the scaled DNS rule files. Speed itself is never asserted here.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { loadRules, ruleQuery, wildcardMatch } from '@llm-egress/rules';
import { describe, expect, it } from 'vitest';
import { corpusName, generatorArguments, measuredLlmShare } from '../bench/corpora.mjs';
import { diffLines, judge, renameRules } from '../bench/correctness.mjs';
import { countDnsPatterns, dnsPatternList, patternShapes, syntheticPatterns, writeScaledRuleFiles } from '../bench/dns-rules.mjs';
import {
  type ApproachRow,
  approachTable,
  dnsScalingTable,
  formatNumber,
  formatRatio,
  llmShareTable,
  markdownTable,
  targetsTable,
} from '../bench/markdown.mjs';
import { BenchOptionError, parseBenchOptions, parseSize } from '../bench/options.mjs';
import { parseGnuTime } from '../bench/processes.mjs';
import { kilobytesToMb, median, ratio, throughput } from '../bench/statistics.mjs';
import { evaluateTargets, type TargetRun } from '../bench/targets.mjs';

describe('median', () => {
  it('takes the middle of an odd list and the mean of the two middle values of an even one', () => {
    expect(median([5])).toBe(5);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([10, 0.5, 7, 7, 1])).toBe(7);
  });

  it('refuses an empty list and values that are not finite numbers', () => {
    expect(() => median([])).toThrow(/empty/);
    expect(() => median([1, Number.NaN])).toThrow(/finite/);
    expect(() => median([1, Number.POSITIVE_INFINITY])).toThrow(/finite/);
  });

  test.prop([fc.array(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 25 })], {
    numRuns: 500,
  })('lies between the minimum and the maximum and ignores order', (values) => {
    const middle = median(values);
    expect(middle).toBeGreaterThanOrEqual(Math.min(...values));
    expect(middle).toBeLessThanOrEqual(Math.max(...values));
    expect(median([...values].reverse())).toBe(middle);
  });
});

describe('throughput and ratios', () => {
  it('computes decimal MB/s and events/s', () => {
    expect(throughput(250_000_000, 1_000, 2)).toEqual({ mbps: 125, eventsPerSec: 500 });
    expect(() => throughput(1, 1, 0)).toThrow(RangeError);
  });

  it('gives null ratios when a side is missing or the denominator is not positive', () => {
    expect(ratio(50, 2)).toBe(25);
    expect(ratio(null, 2)).toBeNull();
    expect(ratio(5, undefined)).toBeNull();
    expect(ratio(5, 0)).toBeNull();
    expect(kilobytesToMb(1000)).toBeCloseTo(1.024);
    expect(kilobytesToMb(null)).toBeNull();
  });

  it('reads GNU time output, including the line it adds when the command fails', () => {
    expect(parseGnuTime('65536 1.25 0.50\n')).toEqual({ maxRssKb: 65536, cpuSeconds: 1.75 });
    expect(parseGnuTime('Command exited with non-zero status 1\n2048 0.00 0.01\n')).toEqual({ maxRssKb: 2048, cpuSeconds: 0.01 });
    expect(parseGnuTime('garbage')).toEqual({ maxRssKb: null, cpuSeconds: null });
  });
});

describe('answer checking', () => {
  const expectation = { alerts: { current: [3, 10, 42], v2: [10] }, lines: 100, malformed: 0 };

  it('accepts exactly the expected alerts, in any order', () => {
    expect(judge(expectation, { alerts: { current: [42, 3, 10], v2: [10] }, lines: 100, malformed: null })).toEqual({
      correct: true,
      problems: [],
    });
  });

  it('names missing and unexpected alert lines per rule', () => {
    const verdict = judge(expectation, { alerts: { current: [3, 10, 41], v2: [10] } });
    expect(verdict.correct).toBe(false);
    expect(verdict.problems).toEqual(['current: 1 expected alert missing (line 42)', 'current: 1 unexpected alert (line 41)']);
  });

  it('counts a duplicated alert as unexpected', () => {
    const verdict = judge(expectation, { alerts: { current: [3, 10, 10, 42], v2: [10] } });
    expect(verdict.problems).toEqual(['current: 1 unexpected alert (line 10)']);
  });

  it('fails when a rule is absent, unknown, or a reported count differs; unreported counts are not judged', () => {
    expect(judge(expectation, { alerts: { current: [3, 10, 42] } }).problems).toEqual([
      'v2: no alerts reported for this rule (expected 1)',
    ]);
    expect(judge(expectation, { alerts: { current: [3, 10, 42], v2: [10], other: [] } }).problems).toEqual([
      'other: alerts for a rule the corpus has no expectations for',
    ]);
    expect(judge(expectation, { alerts: { current: [3, 10, 42], v2: [10] }, lines: 99 }).problems).toEqual([
      'lines: reported 99, the corpus has 100',
    ]);
    expect(judge(expectation, { alerts: { current: [3, 10, 42], v2: [10] }, malformed: 2 }).correct).toBe(false);
    expect(judge(expectation, { alerts: null as never }).correct).toBe(false);
  });

  it('refuses line numbers that are not positive integers', () => {
    expect(() => judge(expectation, { alerts: { current: [3, 10, 4.5], v2: [10] } })).toThrow(/not a line number/);
  });

  it('renames rule keys (a scaled rule file answers for llm-endpoints)', () => {
    expect(renameRules({ '/tmp/x.eql': [1] }, { '/tmp/x.eql': 'llm-endpoints' })).toEqual({ 'llm-endpoints': [1] });
  });

  test.prop([fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { maxLength: 60 }), fc.nat()], { numRuns: 500 })(
    'diffLines finds exactly the one line that was dropped or added',
    (lines, pick) => {
      const sorted = [...lines].sort((left, right) => left - right);
      expect(diffLines(sorted, sorted)).toEqual({ missing: [], extra: [] });
      if (sorted.length === 0) return;
      const index = pick % sorted.length;
      const dropped = sorted.filter((_, position) => position !== index);
      expect(diffLines(sorted, dropped)).toEqual({ missing: [sorted[index]], extra: [] });
      expect(diffLines(dropped, sorted)).toEqual({ missing: [], extra: [sorted[index]] });
    },
  );
});

function approach(name: string, mbps: number, extra: Partial<ApproachRow> = {}): ApproachRow {
  return {
    name,
    runs: 3,
    mbps,
    eventsPerSec: mbps * 700,
    cpuMbps: mbps * 1.5,
    peakRssMb: 80,
    ratioToCat: mbps / 2000,
    ratioToNaive: mbps / 20,
    correct: name === 'cat' ? null : true,
    ...extra,
  };
}

function run(overrides: Partial<TargetRun> = {}): TargetRun {
  return {
    approaches: [
      approach('cat', 2000),
      approach('naive', 20),
      approach('raw-wasm', 600),
      approach('cli-1-worker', 100),
      approach('cli-all-workers', 180),
    ],
    dnsScaling: [
      { patterns: 130, scanMbps: 1000, correct: true },
      { patterns: 1300, scanMbps: 950, correct: true },
      { patterns: 13000, scanMbps: 900, correct: true },
    ],
    llmShare: [{ share: 0.1, naiveMbps: 18, rawWasmMbps: 200, correct: true }],
    cpus: 2,
    ...overrides,
  };
}

describe('targets', () => {
  const byId = (targets: ReturnType<typeof evaluateTargets>) => new Map(targets.map((target) => [target.id, target]));

  it('marks every target met when the figures reach them', () => {
    const targets = byId(evaluateTargets(run()));
    expect(targets.get('raw-wasm-over-naive')).toMatchObject({ measured: 30, met: true });
    expect(targets.get('raw-wasm-over-cat')).toMatchObject({ measured: 0.3, met: true });
    expect(targets.get('dns-patterns-flat')).toMatchObject({ measured: 0.9, met: true });
    expect(targets.get('raw-wasm-over-naive-at-10-percent')?.met).toBe(true);
    expect(targets.get('cli-workers')).toMatchObject({ measured: 1.8, met: true });
    expect(targets.get('peak-rss-raw-wasm')?.met).toBe(true);
    expect(targets.has('peak-rss-naive')).toBe(false);
  });

  it('marks misses, and a fast wrong answer never meets a speed target', () => {
    const slow = byId(
      evaluateTargets(
        run({
          approaches: [
            approach('cat', 2000),
            approach('naive', 20),
            approach('raw-wasm', 300, { peakRssMb: 301 }),
            approach('cli-1-worker', 100),
            approach('cli-all-workers', 150),
          ],
        }),
      ),
    );
    expect(slow.get('raw-wasm-over-naive')?.met).toBe(false);
    expect(slow.get('cli-workers')?.met).toBe(false);
    expect(slow.get('peak-rss-raw-wasm')?.met).toBe(false);
    const wrong = byId(
      evaluateTargets(run({ approaches: [approach('cat', 2000), approach('naive', 20), approach('raw-wasm', 6000, { correct: false })] })),
    );
    expect(wrong.get('raw-wasm-over-naive')).toMatchObject({ met: false, note: 'wrong alerts' });
    const flat = byId(
      evaluateTargets(
        run({
          dnsScaling: [
            { patterns: 130, scanMbps: 1000, correct: true },
            { patterns: 13000, scanMbps: 840, correct: true },
          ],
        }),
      ),
    );
    expect(flat.get('dns-patterns-flat')?.met).toBe(false);
  });

  it('says what was not measured, and notes a machine without 2 CPUs', () => {
    const targets = byId(evaluateTargets(run({ approaches: [approach('naive', 20)], dnsScaling: [], llmShare: [], cpus: 8 })));
    expect(targets.get('raw-wasm-over-naive')?.met).toBeNull();
    expect(targets.get('dns-patterns-flat')?.met).toBeNull();
    expect(targets.get('raw-wasm-over-naive-at-10-percent')?.met).toBeNull();
    const workers = byId(evaluateTargets(run({ cpus: 8 }))).get('cli-workers');
    expect(workers?.note).toMatch(/8 CPUs/);
  });
});

describe('Markdown tables', () => {
  it('pads columns, aligns right where asked and escapes pipes', () => {
    expect(
      markdownTable(
        ['name', 'n'],
        [
          ['a|b', '1'],
          ['c', '100'],
        ],
        ['left', 'right'],
      ),
    ).toBe(['| name |   n |', '| ---- | --: |', '| a\\|b |   1 |', '| c    | 100 |'].join('\n'));
    expect(() => markdownTable(['a', 'b'], [['1']])).toThrow(/1 cells for 2 columns/);
  });

  it('formats figures and ratios', () => {
    expect(formatNumber(1234.5)).toBe('1,235');
    expect(formatNumber(12.34)).toBe('12.3');
    expect(formatNumber(0.1234)).toBe('0.12');
    expect(formatNumber(null)).toBe('–');
    expect(formatRatio(24.06)).toBe('24.1×');
    expect(formatRatio(0.314)).toBe('0.31×');
  });

  it('prints each target beside its ratio, misses in bold, and wrong answers loudly', () => {
    const approaches = [
      approach('cat', 2000),
      approach('naive', 20),
      approach('raw-wasm', 300, { ratioToCat: 0.15, ratioToNaive: 15, correct: false }),
      approach('cli-1-worker', 100),
      approach('cli-all-workers', 150),
    ];
    const targets = evaluateTargets(run({ approaches }));
    const table = approachTable(approaches, targets);
    const rawWasmLine = table.split('\n').find((line) => line.startsWith('| raw-wasm '));
    expect(rawWasmLine).toContain('15.0× (≥ 20.0×: **MISSED** (wrong alerts))');
    expect(rawWasmLine).toContain('0.15× (≥ 0.25×: **MISSED** (wrong alerts))');
    expect(rawWasmLine).toContain('**NO: WRONG ANSWER**');
    expect(table).toContain('1.50× cli-1-worker (≥ 1.70×: **MISSED**)');
    expect(table.split('\n').find((line) => line.startsWith('| cat '))).toContain('n/a');
    expect(targetsTable(targets)).toContain('| raw-wasm ≥ 20× naive');
  });

  it('renders the scaling tables with their targets', () => {
    const targets = evaluateTargets(run());
    const dns = dnsScalingTable(
      [
        { patterns: 130, runs: 3, mbps: 500, scanMbps: 1000, scanCpuMbps: 1100, setupSeconds: 0.1, relative: 1, correct: true },
        { patterns: 13000, runs: 1, mbps: 100, scanMbps: 800, scanCpuMbps: 1050, setupSeconds: 9, relative: 0.8, correct: true },
      ],
      targets,
    );
    expect(dns).toContain('1.00× (base)');
    expect(dns).toContain('0.80× (≥ 0.85×: **MISSED**)');
    const share = llmShareTable(
      [
        {
          share: 0.1,
          measuredShare: 0.113,
          mb: 33.5,
          naiveRuns: 1,
          rawWasmRuns: 3,
          naiveMbps: 10,
          rawWasmMbps: 150,
          naiveCpuMbps: 20,
          rawWasmCpuMbps: 500,
          naiveCorrect: false,
          correct: true,
        },
      ],
      targets,
    );
    expect(share).toContain('15.0× (≥ 10.0×: met)');
    expect(share).toMatch(/\|\s+25\.0× \|/);
    expect(share).toContain('**NO: WRONG ANSWER** / yes');
  });
});

describe('options', () => {
  it('defaults to the full run and shrinks everything in --quick', () => {
    expect(parseBenchOptions([])).toMatchObject({
      quick: false,
      runs: 3,
      bytes: 1024 ** 3,
      shareBytes: 256 * 1024 ** 2,
      scaling: true,
      slowRunSeconds: Number.POSITIVE_INFINITY,
    });
    expect(parseBenchOptions(['--quick'])).toMatchObject({
      quick: true,
      bytes: 256 * 1024 ** 2,
      shareBytes: 32 * 1024 ** 2,
      slowRunSeconds: 3,
    });
    expect(parseBenchOptions(['--only', 'cat,raw-wasm', '--no-scaling', '--bytes', '16MB'])).toMatchObject({
      approaches: ['cat', 'raw-wasm'],
      scaling: false,
      bytes: 16 * 1024 ** 2,
    });
    expect(parseBenchOptions(['--help'])).toEqual({ help: true });
  });

  it('rejects bad values with the option named', () => {
    expect(() => parseBenchOptions(['--runs', '0'])).toThrow(BenchOptionError);
    expect(() => parseBenchOptions(['--only', 'grep'])).toThrow(/--only: unknown approach "grep"/);
    expect(() => parseSize('bytes', '12 parsecs')).toThrow(/--bytes: not a size/);
    expect(() => parseBenchOptions(['--frobnicate'])).toThrow();
  });
});

describe('corpora', () => {
  it('names a corpus by its generator options and passes them to the generator', () => {
    expect(corpusName({ bytes: 1024, seed: 1 })).toBe('corpus-1024b-seed1.ndjson');
    expect(corpusName({ bytes: 1024, seed: 1, llmShare: 0.5 })).toBe('corpus-1024b-seed1-llm0.5.ndjson');
    expect(generatorArguments({ bytes: 1024, seed: 7, llmShare: 0.05 })).toEqual([
      '--bytes',
      '1024',
      '--seed',
      '7',
      '--llm-share',
      '0.05',
      '--dns-share',
      '0.2',
    ]);
    expect(measuredLlmShare({ counts: { events: 1000, byKind: { positive: 2, 'near-miss': 3, benign: 5, other: 990 } } })).toBeCloseTo(
      0.01,
    );
  });
});

describe('scaled DNS rule files', () => {
  it('finds the quoted patterns of the dns.question.name list', () => {
    const query = 'network where process.name : "a" and dns.question.name : ("x.com", "*.y.ai") and true';
    const { patterns, end } = dnsPatternList(query);
    expect(patterns).toEqual(['x.com', '*.y.ai']);
    expect(query.slice(end)).toBe(') and true');
    expect(() => dnsPatternList('network where true')).toThrow(/no `dns.question.name/);
  });

  it('makes distinct, reproducible patterns in the given shapes, all under .invalid', () => {
    const shapes = { suffix: 0.3, middle: 0.1, exact: 0.6 };
    const patterns = syntheticPatterns(2000, shapes, 5);
    expect(new Set(patterns).size).toBe(2000);
    expect(syntheticPatterns(2000, shapes, 5)).toEqual(patterns);
    expect(patterns.every((pattern) => pattern.endsWith('.invalid'))).toBe(true);
    const measured = patternShapes(patterns);
    expect(measured.suffix).toBeGreaterThan(0.25);
    expect(measured.suffix).toBeLessThan(0.35);
    expect(measured.middle).toBeGreaterThan(0.07);
    expect(measured.middle).toBeLessThan(0.13);
  });

  it('writes rule files with exactly the requested DNS set sizes, whose extra patterns match no bundled domain', () => {
    const directory = mkdtempSync(join(tmpdir(), 'llm-egress-bench-'));
    try {
      const files = writeScaledRuleFiles(directory, [130, 1300]);
      expect(files.map(({ patterns }) => patterns)).toEqual([130, 1300]);
      const [bundled] = loadRules('llm-endpoints');
      const base = countDnsPatterns(ruleQuery(bundled));
      expect(files[1].synthetic).toBe(1300 - base);
      const [scaled] = loadRules(files[1].file);
      expect(countDnsPatterns(ruleQuery(scaled))).toBe(1300);
      const extra = dnsPatternList(scaled.query).patterns.slice(base);
      const realNames = dnsPatternList(bundled.query).patterns.map((pattern) => pattern.replaceAll('*', 'x'));
      for (const pattern of extra) for (const name of realNames) expect(wildcardMatch(name, pattern, true)).toBe(false);
      expect(() => writeScaledRuleFiles(directory, [10])).toThrow(/cannot scale the DNS set down/);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
