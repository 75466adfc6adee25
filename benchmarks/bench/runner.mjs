// `npm run bench [-- --quick]`: generates (or reuses) the corpora, runs every approach in
// turn on the same file, judges every answer against the corpus's expected alerts, prints
// Markdown tables with the targets beside the ratios, and writes results/latest.json.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { APPROACH_NAMES, BENCHMARKS_DIRECTORY, REPOSITORY_DIRECTORY } from './approaches.mjs';
import { DNS_SHARE, ensureCorpus, measuredLlmShare } from './corpora.mjs';
import { writeScaledRuleFiles } from './dns-rules.mjs';
import { describeMachine, loadAverage } from './machine.mjs';
import { approachTable, dnsScalingTable, formatNumber, llmShareTable, targetsTable } from './markdown.mjs';
import { measureEntries } from './measure.mjs';
import { BenchOptionError, parseBenchOptions, USAGE } from './options.mjs';
import { hasGnuTime } from './processes.mjs';
import { ratio } from './statistics.mjs';
import { evaluateTargets } from './targets.mjs';

/** LLM shares of all events for the scaling table (the generator's share is of DNS lookups). */
export const LLM_SHARES = Object.freeze([0.001, 0.01, 0.1]);
/** Sizes of the DNS set for the scaling table. */
export const DNS_PATTERN_COUNTS = Object.freeze([130, 1300, 13000]);
const SCALING_RULE = 'llm-endpoints';

const REQUIRED_BUILDS = [
  ['packages/matcher/wasm/matcher.node.wasm', '@llm-egress/matcher'],
  ['packages/matcher/dist/index.js', '@llm-egress/matcher'],
  ['packages/rules/dist/index.js', '@llm-egress/rules'],
  ['packages/sdk/dist/index.js', '@llm-egress/sdk'],
  ['apps/cli/dist/main.js', '@llm-egress/cli'],
  ['benchmarks/dist/corpus/cli.js', '@llm-egress/benchmarks (corpus generator)'],
];

function missingBuilds() {
  return REQUIRED_BUILDS.filter(([path]) => !existsSync(join(REPOSITORY_DIRECTORY, path))).map(([path, name]) => `${name} (${path})`);
}

function expectationFor(expected, rules) {
  return {
    alerts: Object.fromEntries(rules.map((rule) => [rule, expected.rules[rule].alerts])),
    lines: expected.counts.lines,
    malformed: expected.counts.malformed,
  };
}

function describeCorpus(path, expected) {
  return {
    file: relative(REPOSITORY_DIRECTORY, path),
    bytes: expected.counts.bytes,
    lines: expected.counts.lines,
    events: expected.counts.events,
    malformed: expected.counts.malformed,
    seed: expected.options.seed,
    generatorOptions: expected.options,
    llmScenarioShare: measuredLlmShare(expected),
    expectedAlerts: Object.fromEntries(Object.entries(expected.rules).map(([rule, expectation]) => [rule, expectation.alertCount])),
  };
}

const percent = (share) => `${(share * 100).toFixed(share < 0.01 ? 2 : 1)} %`;

export async function main(argv, { stdout = process.stdout, stderr = process.stderr } = {}) {
  let options;
  try {
    options = parseBenchOptions(argv);
  } catch (error) {
    if (!(error instanceof BenchOptionError) && !(error instanceof TypeError)) throw error;
    stderr.write(`bench: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    stdout.write(USAGE);
    return 0;
  }
  const missing = missingBuilds();
  if (missing.length > 0) {
    stderr.write(`bench: build the workspace first (npm run build); missing: ${missing.join(', ')}\n`);
    return 2;
  }

  const began = performance.now();
  const log = (message) => stderr.write(`[${((performance.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}\n`);
  const machine = describeMachine();
  const cacheDirectory = join(BENCHMARKS_DIRECTORY, '.cache', 'bench');
  const scratchDirectory = join(cacheDirectory, 'scratch');
  mkdirSync(scratchDirectory, { recursive: true });
  const gnuTime = hasGnuTime();
  if (!gnuTime) log('GNU time (/usr/bin/time) not found: peak RSS and CPU of cat and the CLI are reported as null');
  const settings = { runs: options.runs, slowRunSeconds: options.slowRunSeconds, cpus: machine.nproc, scratchDirectory, gnuTime, log };

  // Every corpus first: generating one while measuring would load the machine.
  const corpus = await ensureCorpus(cacheDirectory, { bytes: options.bytes, seed: options.seed }, log);
  const shareCorpora = [];
  if (options.scaling) {
    for (const share of LLM_SHARES) {
      const generatorShare = Math.round((share / DNS_SHARE) * 1e6) / 1e6;
      shareCorpora.push({
        share,
        generatorShare,
        ...(await ensureCorpus(cacheDirectory, { bytes: options.shareBytes, seed: options.seed, llmShare: generatorShare }, log)),
      });
    }
  }
  const rules = Object.keys(corpus.expected.rules);
  const expectation = expectationFor(corpus.expected, rules);
  const onCorpus = (name, file, expected, ruleList, label = name) => ({
    label,
    name,
    file,
    bytes: expected.counts.bytes,
    events: expected.counts.events,
    rules: ruleList,
    expectation: name === 'cat' ? null : expectationFor(expected, ruleList),
  });

  log(`approaches on ${basename(corpus.path)} (rules: ${rules.join(', ')})`);
  const measured = await measureEntries(
    options.approaches.map((name) => ({
      ...onCorpus(name, corpus.path, corpus.expected, rules),
      expectation: name === 'cat' ? null : expectation,
    })),
    settings,
  );
  const byName = new Map(measured.map((entry) => [entry.name, entry]));
  const approaches = APPROACH_NAMES.filter((name) => byName.has(name)).map((name) => {
    const entry = byName.get(name);
    return {
      name,
      mbps: entry.mbps,
      eventsPerSec: entry.eventsPerSec,
      peakRssMb: entry.peakRssMb,
      ratioToCat: ratio(entry.mbps, byName.get('cat')?.mbps),
      ratioToNaive: ratio(entry.mbps, byName.get('naive')?.mbps),
      correct: entry.correct,
      runs: entry.runs,
      seconds: entry.seconds,
      secondsPerRun: entry.secondsPerRun ?? [],
      cpuSeconds: entry.cpuSeconds,
      cpuMbps: entry.cpuMbps,
      setupSeconds: entry.setupSeconds,
      scanMbps: entry.scanMbps,
      ...(entry.info ? { info: entry.info } : {}),
      ...(entry.problems.length > 0 ? { problems: entry.problems } : {}),
    };
  });

  const scaling = [];
  const dnsRows = [];
  const shareRows = [];
  if (options.scaling) {
    const ruleFiles = writeScaledRuleFiles(join(cacheDirectory, 'rules'), DNS_PATTERN_COUNTS);
    log(`DNS set scaling: raw-wasm with ${DNS_PATTERN_COUNTS.join(', ')} patterns (synthetic ones under .invalid)`);
    const dnsMeasured = await measureEntries(
      ruleFiles.map(({ patterns, file }) => ({
        ...onCorpus('raw-wasm', corpus.path, corpus.expected, [SCALING_RULE], `raw-wasm @ ${patterns} patterns`),
        rules: [file],
        ruleNames: { [file]: SCALING_RULE },
      })),
      settings,
    );
    const smallest = dnsMeasured[0];
    ruleFiles.forEach(({ patterns, synthetic }, index) => {
      const entry = dnsMeasured[index];
      const relativeToSmallest = ratio(entry.scanMbps, smallest.scanMbps);
      dnsRows.push({
        patterns,
        runs: entry.runs,
        mbps: entry.mbps,
        scanMbps: entry.scanMbps,
        scanCpuMbps: entry.scanCpuMbps,
        setupSeconds: entry.setupSeconds,
        relative: relativeToSmallest,
        correct: entry.correct === true,
      });
      scaling.push({
        table: 'dns-patterns',
        patterns,
        syntheticPatterns: synthetic,
        approach: 'raw-wasm',
        runs: entry.runs,
        mbps: entry.mbps,
        eventsPerSec: entry.eventsPerSec,
        scanMbps: entry.scanMbps,
        scanCpuMbps: entry.scanCpuMbps,
        setupSeconds: entry.setupSeconds,
        peakRssMb: entry.peakRssMb,
        scanRelativeToSmallest: relativeToSmallest,
        correct: entry.correct,
        ...(entry.problems.length > 0 ? { problems: entry.problems } : {}),
      });
    });

    log(`LLM share: naive and raw-wasm at ${LLM_SHARES.map(percent).join(', ')} of events`);
    for (const share of shareCorpora) {
      const [naive, rawWasm] = await measureEntries(
        ['naive', 'raw-wasm'].map((name) => onCorpus(name, share.path, share.expected, rules, `${name} @ ${percent(share.share)} LLM`)),
        settings,
      );
      const measuredShare = measuredLlmShare(share.expected);
      shareRows.push({
        share: share.share,
        measuredShare,
        mb: share.expected.counts.bytes / 1e6,
        naiveRuns: naive.runs,
        rawWasmRuns: rawWasm.runs,
        naiveMbps: naive.mbps,
        rawWasmMbps: rawWasm.mbps,
        naiveCpuMbps: naive.cpuMbps,
        rawWasmCpuMbps: rawWasm.cpuMbps,
        naiveCorrect: naive.correct === true,
        correct: rawWasm.correct === true,
      });
      for (const entry of [naive, rawWasm]) {
        scaling.push({
          table: 'llm-share',
          llmShare: share.share,
          generatorLlmShare: share.generatorShare,
          measuredLlmScenarioShare: measuredShare,
          corpus: describeCorpus(share.path, share.expected),
          approach: entry.name,
          runs: entry.runs,
          mbps: entry.mbps,
          eventsPerSec: entry.eventsPerSec,
          cpuMbps: entry.cpuMbps,
          peakRssMb: entry.peakRssMb,
          ratioToNaive: ratio(entry.mbps, naive.mbps),
          correct: entry.correct,
          ...(entry.problems.length > 0 ? { problems: entry.problems } : {}),
        });
      }
    }
  }

  const targets = evaluateTargets({
    approaches,
    dnsScaling: dnsRows.filter((row) => row.scanMbps !== null),
    llmShare: shareRows.filter((row) => row.naiveMbps !== null && row.rawWasmMbps !== null),
    cpus: machine.nproc,
  });
  const totalSeconds = (performance.now() - began) / 1000;
  machine.loadAverageAtEnd = loadAverage();

  // Every wrong answer is listed; only llm-egress's own make the run fail: the naive
  // baseline is knowingly inexact (Unicode case folding, lenient UTF-8), and it is printed all the same.
  const failures = [
    ...approaches
      .filter((approach) => approach.correct === false)
      .map((approach) => ({ what: approach.name, baseline: approach.name === 'naive', problems: approach.problems ?? [] })),
    ...scaling
      .filter((row) => row.correct === false)
      .map((row) => ({
        what: `${row.approach} (${row.table} ${row.patterns ?? percent(row.llmShare)})`,
        baseline: row.approach === 'naive',
        problems: row.problems ?? [],
      })),
  ];

  const markdown = renderReport({
    options,
    machine,
    corpus,
    rules,
    approaches,
    targets,
    dnsRows,
    shareRows,
    totalSeconds,
    failures,
    gnuTime,
  });
  stdout.write(markdown);

  const results = {
    generatedAt: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    timing:
      'median whole-process wall time per approach (spawn to exit: Node start-up, rule compilation and WASM instantiation included); MB = 10^6 bytes',
    totalSeconds,
    corpus: { ...describeCorpus(corpus.path, corpus.expected), rules },
    machine,
    approaches,
    scaling,
    targets,
    failures,
  };
  const out = options.out ?? join(BENCHMARKS_DIRECTORY, 'results', 'latest.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  log(`wrote ${relative(process.cwd(), out) || out}; whole run ${totalSeconds.toFixed(0)} s`);

  const red = stderr.isTTY ? (text) => `\u001b[1;31m${text}\u001b[0m` : (text) => text;
  for (const failure of failures) {
    const who = failure.baseline ? `the naive baseline, ${failure.what},` : failure.what;
    stderr.write(red(`FAILURE: ${who} gave a wrong answer or did not finish: ${failure.problems.join('; ')}\n`));
  }
  return failures.some((failure) => !failure.baseline) ? 1 : 0;
}

function renderReport({ options, machine, corpus, rules, approaches, targets, dnsRows, shareRows, totalSeconds, failures, gnuTime }) {
  const counts = corpus.expected.counts;
  const lines = [];
  lines.push(`## llm-egress benchmark (${options.quick ? 'quick' : 'full'})`, '');
  lines.push(
    `Machine: ${machine.nproc} × ${machine.cpuModel}, Node ${machine.node}, ${machine.os}; load average ${machine.loadAverageAtStart.join(' / ')} at start, ${machine.loadAverageAtEnd.join(' / ')} at end (a shared machine: other work was running).`,
  );
  lines.push(
    `Corpus: ${basename(corpus.path)}: ${formatNumber(counts.bytes / 1e6)} MB, ${counts.lines.toLocaleString('en-US')} lines, ${counts.events.toLocaleString('en-US')} events, ${counts.malformed} malformed, seed ${corpus.expected.options.seed}, LLM scenarios ${percent(measuredLlmShare(corpus.expected))} of events. Rules: ${rules
      .map((rule) => `${rule} (${corpus.expected.rules[rule].alertCount} expected alerts)`)
      .join(', ')}.`,
  );
  lines.push(
    'Figures: median whole-process wall time (spawn to exit, so Node start-up, rule compilation and WASM instantiation count); MB = 10^6 bytes; peak RSS is the worst run; “correct” = alert lines equal the corpus’s expected alerts on every run.',
  );
  if (options.quick) {
    lines.push(
      `Quick mode: ${formatNumber(options.bytes / 1e6)} MB corpus, LLM-share corpora of ${formatNumber(options.shareBytes / 1e6)} MB; approaches whose first run used over ${options.slowRunSeconds} CPU-seconds were run once (see “runs”).`,
    );
  }
  if (!gnuTime) lines.push('GNU time was not found: peak RSS of cat and the CLI is not measured.');
  lines.push('', '### Approaches', '', approachTable(approaches, targets), '');
  if (dnsRows.length > 0) {
    lines.push(
      '### DNS set size (raw-wasm, same corpus)',
      '',
      'The bundled `llm-endpoints` query with synthetic `dns.question.name` patterns added (exact names, `*.suffix` and middle wildcards in the bundled proportions), all under the reserved `.invalid` TLD, so expected alerts are unchanged. Flatness is judged on scan throughput (after setup); setup (plan compilation, automaton build) is shown beside it.',
      '',
      dnsScalingTable(dnsRows, targets),
      '',
    );
  }
  if (shareRows.length > 0) {
    lines.push(
      '### LLM share (naive and raw-wasm)',
      '',
      `Corpora with the same generator options but \`--llm-share\` = share ÷ ${DNS_SHARE} (the generator's share is of DNS lookups, which are ${DNS_SHARE * 100} % of events); “measured” counts every LLM scenario line (positives, near misses, benign lookups). Correct: naive / raw-wasm.`,
      '',
      llmShareTable(shareRows, targets),
      '',
    );
  }
  lines.push('### Targets', '', targetsTable(targets), '');
  if (failures.length > 0) {
    lines.push('### FAILURES', '');
    for (const failure of failures) {
      const note = failure.baseline
        ? ' (the naive baseline, knowingly inexact: its `iu` RegExps fold more than ASCII, so look-alikes such as `ſ` for `s` or the Kelvin sign for `k` match, and readline decodes invalid UTF-8 leniently)'
        : '';
      lines.push(`- **${failure.what}**${note}: ${failure.problems.join('; ') || 'wrong answer'}`);
    }
    lines.push('');
  }
  lines.push(`Whole run: ${totalSeconds.toFixed(0)} s.`, '');
  return `${lines.join('\n')}\n`;
}
