// Benchmark of the raw-bytes executor (not part of the test suite; run with
// `node benchmarks/bin/raw-executor-bench.mjs --file corpus.ndjson`). It answers "how fast,
// against what, and where does the time go", on one thread:
//  - whole-process numbers: `cat`, the naive readline + JSON.parse + RegExp baseline, and
//    the raw executor as the bench runner's `raw-wasm` approach (Node start, plan compile
//    and scan), each under GNU time;
//  - in-process phases (best of N, CPU time, so that other load on a shared machine counts
//    less): reading chunks into WASM memory only (Node's floor for this design), the first
//    prefilter stage alone (a plan whose key anchor never occurs), the bundled rules,
//    validation, and the scalar (Fluent Bit) build;
//  - scaling with the number of DNS patterns (synthetic patterns added to the current
//    rule's list, none of which occurs in the corpus);
//  - optionally (--profile) a V8 CPU profile of the bundled scan by WASM function, from a
//    build of the same sources with a names section.
// Corpora come from the generator: npm run corpus -- --bytes 1G --seed 7 --out FILE.

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMatcherModule, loadPlan, type MatcherModule, type RawExecutor, type RawScanResult } from '@llm-egress/matcher';
import { compileLoadedRules, encodePlan, type LoadedRule, loadEqlFile, loadRules, type Plan } from '@llm-egress/rules';

export interface RawExecutorBenchOptions {
  file: string;
  /** a second corpus with a high LLM share (optional) */
  shareFile?: string;
  runs: number;
  /** bytes of the corpus the naive baseline and the Fluent Bit build read (they are slow) */
  slowBytes: number;
  patterns: number[];
  profile: boolean;
  /** benchmarks/ (for the bench runner's approach scripts and the cache) */
  benchmarksDir: string;
  /** a build of the matcher with a names section, for --profile */
  profileWasm?: string;
}

const CHUNK_BYTES = 8 * 1024 * 1024;
const GNU_TIME = '/usr/bin/time';

interface Measure {
  seconds: number;
  cpuSeconds: number;
}

function megabytes(bytes: number): number {
  return bytes / 1e6;
}

function rate(bytes: number, seconds: number | null): string {
  return seconds === null || seconds <= 0 ? '—' : `${(megabytes(bytes) / seconds).toFixed(0)} MB/s`;
}

/** Runs `command` under GNU time with stdout discarded or captured; wall and CPU seconds. */
function timed(command: string, args: string[], capture = false): Measure & { stdout: string } {
  const started = performance.now();
  const useTime = existsSync(GNU_TIME);
  const result = useTime
    ? spawnSync(GNU_TIME, ['-f', '%U %S', command, ...args], { stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'], maxBuffer: 1 << 28 })
    : spawnSync(command, args, { stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'], maxBuffer: 1 << 28 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${String(result.stderr).slice(-500)}`);
  let cpuSeconds = Number.NaN;
  if (useTime) {
    const last = String(result.stderr).trim().split('\n').pop() ?? '';
    const [user, system] = last.split(' ').map(Number);
    cpuSeconds = user + system;
  }
  return { seconds, cpuSeconds, stdout: capture ? String(result.stdout) : '' };
}

/** Best (lowest CPU time) of `runs` in-process runs of `body`. */
function best<T>(runs: number, body: () => T): Measure & { result: T } {
  let chosen: (Measure & { result: T }) | undefined;
  for (let run = 0; run < runs; run++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = body();
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    if (chosen === undefined || cpuSeconds < chosen.cpuSeconds) chosen = { seconds, cpuSeconds, result };
  }
  return chosen as Measure & { result: T };
}

interface Totals {
  bytes: number;
  lines: number;
  matches: number;
  errors: number;
  prefilterRejected: number;
  evaluated: number;
  parsed: number;
}

/**
 * Reads `file` (up to `limit` bytes) in chunks straight into WASM memory, cut at the last
 * newline, and scans each chunk (or only reads, with `executor` null).
 */
function scanFile(executor: RawExecutor, file: string, limit: number, validate: boolean, scan: boolean): Totals {
  const totals: Totals = { bytes: 0, lines: 0, matches: 0, errors: 0, prefilterRejected: 0, evaluated: 0, parsed: 0 };
  const descriptor = openSync(file, 'r');
  let carry = new Uint8Array(0);
  const add = (result: RawScanResult) => {
    totals.lines += result.lines;
    totals.matches += result.matches.length;
    totals.errors += result.errors.length;
    totals.prefilterRejected += result.prefilterRejected;
    totals.evaluated += result.evaluated;
    totals.parsed += result.parsed;
  };
  try {
    for (;;) {
      const input = executor.input(CHUNK_BYTES);
      input.set(carry);
      const wanted = Math.min(CHUNK_BYTES - carry.length, limit - totals.bytes);
      const read = wanted > 0 ? readSync(descriptor, input, carry.length, wanted, null) : 0;
      totals.bytes += read;
      const filled = carry.length + read;
      if (read === 0) {
        if (filled > 0 && scan) add(executor.scanInput(filled, { validate }));
        break;
      }
      const lastNewline = input.lastIndexOf(0x0a, filled - 1);
      if (lastNewline < 0) throw new Error(`${file}: a line longer than ${CHUNK_BYTES} bytes`);
      carry = input.slice(lastNewline + 1, filled);
      if (scan) add(executor.scanInput(lastNewline + 1, { validate }));
    }
  } finally {
    closeSync(descriptor);
  }
  return totals;
}

function bundledRules(): LoadedRule[] {
  return ['llm-endpoints', 'llm-endpoints@v2'].flatMap((reference) => loadRules(reference));
}

/** The current rule with its dns.question.name list padded to `count` patterns (synthetic ones never occur). */
function ruleWithPatterns(count: number): LoadedRule {
  const [current] = loadRules('llm-endpoints');
  const marker = 'dns.question.name : (';
  const at = current.query.indexOf(marker);
  if (at < 0) throw new Error('the bundled rule has no dns.question.name list');
  const listStart = at + marker.length;
  const listEnd = current.query.indexOf(')', listStart);
  const existing = current.query
    .slice(listStart, listEnd)
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.startsWith('"'));
  const synthetic: string[] = [];
  for (let index = 0; existing.length + synthetic.length < count; index++) {
    const shape = index % 3;
    synthetic.push(
      shape === 0
        ? `"api${index}.model-host${index % 97}.invalid"`
        : shape === 1
          ? `"*.inference${index}.llm-cloud.invalid"`
          : `"gw${index}.*.ai-proxy${index % 13}.invalid"`,
    );
  }
  const list = [...existing, ...synthetic].slice(0, Math.max(count, 1)).join(', ');
  const query = `${current.query.slice(0, listStart)}${list}${current.query.slice(listEnd)}`;
  return { ...current, query, name: `${current.name} (${count} DNS patterns)` };
}

function load(module: MatcherModule, plan: Plan): RawExecutor {
  return loadPlan(module, encodePlan(plan));
}

/** Self time by function from a V8 CPU profile. */
function summariseProfile(profile: {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples: number[];
}): string[] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  for (const sample of profile.samples) {
    const node = nodes.get(sample);
    if (!node) continue;
    const name = node.callFrame.functionName || `(anonymous ${node.callFrame.url.split('/').pop()})`;
    self.set(name, (self.get(name) ?? 0) + 1);
  }
  const total = profile.samples.length;
  return [...self]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 16)
    .map(([name, count]) => `${((count / total) * 100).toFixed(1).padStart(5)} %  ${name}`);
}

export async function runRawExecutorBench(options: RawExecutorBenchOptions): Promise<void> {
  const { file, runs, benchmarksDir } = options;
  const log = (line = '') => process.stdout.write(`${line}\n`);
  const cacheDir = join(benchmarksDir, '.cache');
  mkdirSync(cacheDir, { recursive: true });
  const fileBytes = readFileSync(file).length > 0 ? Number(spawnSync('stat', ['-c', '%s', file]).stdout.toString().trim()) : 0;
  log(`# Raw-bytes executor benchmark`);
  log(`corpus ${file}: ${megabytes(fileBytes).toFixed(0)} MB; best of ${runs} runs per in-process measurement; CPU time is user + system`);
  log(
    `machine: ${spawnSync('nproc').stdout.toString().trim()} CPUs, load average ${spawnSync('cat', ['/proc/loadavg']).stdout.toString().split(' ').slice(0, 3).join(' ')}`,
  );

  // ---- whole processes ----
  timed('cat', [file]); // page cache
  const cat = [...Array(runs)].map(() => timed('cat', [file])).sort((a, b) => a.cpuSeconds - b.cpuSeconds)[0];
  const slowBytes = Math.min(options.slowBytes, fileBytes);
  const prefix = join(cacheDir, `prefix-${slowBytes}.ndjson`);
  if (!existsSync(prefix)) {
    const text = readFileSync(file).subarray(0, slowBytes);
    writeFileSync(prefix, text.subarray(0, text.lastIndexOf(0x0a) + 1));
  }
  const prefixBytes = readFileSync(prefix).length;
  const naive = timed(process.execPath, [join(benchmarksDir, 'baselines', 'naive.mjs'), prefix, 'llm-endpoints', 'llm-endpoints@v2'], true);
  const rawWhole = [...Array(runs)].map(() =>
    timed(
      process.execPath,
      [join(benchmarksDir, 'bench', 'approaches', 'raw-wasm.mjs'), file, '--rule', 'llm-endpoints', '--rule', 'llm-endpoints@v2'],
      true,
    ),
  );
  const raw = rawWhole.sort((a, b) => a.cpuSeconds - b.cpuSeconds)[0];
  const naiveRate = megabytes(prefixBytes) / naive.seconds;
  log();
  log('## Whole process (one thread; wall-clock MB/s, CPU-time MB/s)');
  log('| approach | wall | CPU | × cat (wall) | × cat (CPU) | × naive (wall) |');
  log('| --- | --- | --- | --- | --- | --- |');
  const row = (name: string, bytes: number, measure: Measure) =>
    log(
      `| ${name} | ${rate(bytes, measure.seconds)} | ${rate(bytes, measure.cpuSeconds)} | ${(fileBytes / cat.seconds / (bytes / measure.seconds)) > 0 ? (bytes / measure.seconds / (fileBytes / cat.seconds)).toFixed(3) : '—'} | ${(bytes / measure.cpuSeconds / (fileBytes / cat.cpuSeconds)).toFixed(3)} | ${(megabytes(bytes) / measure.seconds / naiveRate).toFixed(1)} |`,
    );
  row('cat', fileBytes, cat);
  row(`naive (first ${megabytes(prefixBytes).toFixed(0)} MB)`, prefixBytes, naive);
  row('raw executor (bench runner raw-wasm: node start, rules, plan, scan)', fileBytes, raw);
  log(`targets: ≥ 20 × naive and ≥ 0.25 × cat (wall, validation off)`);

  // ---- in-process phases ----
  const module = await loadMatcherModule('node');
  const bundled = compileLoadedRules(bundledRules());
  const never = compileLoadedRules([loadEqlFile('any where zzqqxxqq.name : "zzqqxx.invalid"', 'never.eql')]);
  const executor = load(module, bundled);
  const neverExecutor = load(module, never);
  const read = best(runs, () => scanFile(executor, file, Number.POSITIVE_INFINITY, false, false));
  const firstStage = best(runs, () => scanFile(neverExecutor, file, Number.POSITIVE_INFINITY, false, true));
  const scan = best(runs, () => scanFile(executor, file, Number.POSITIVE_INFINITY, false, true));
  const validate = best(runs, () => scanFile(executor, file, Number.POSITIVE_INFINITY, true, true));
  const fluentbitModule = await loadMatcherModule('fluentbit');
  const fluentbitExecutor = load(fluentbitModule, bundled);
  const fluentbit = best(1, () => scanFile(fluentbitExecutor, prefix, Number.POSITIVE_INFINITY, false, true));
  const totals = scan.result;
  log();
  log('## In process: where the time goes (best of runs; CPU MB/s, and ms of CPU per MB)');
  log(`plan: ${JSON.stringify(executor.info())}`);
  log(
    `lines ${totals.lines}; rejected by the prefilter ${totals.prefilterRejected} (${((totals.prefilterRejected / totals.lines) * 100).toFixed(2)} %); evaluated ${totals.evaluated}; matches ${totals.matches}`,
  );
  log('| phase | CPU MB/s | CPU ms/MB | what it adds |');
  log('| --- | --- | --- | --- |');
  const perMb = (measure: Measure, bytes = fileBytes) => (measure.cpuSeconds * 1000) / megabytes(bytes);
  log(
    `| read chunks into WASM memory, split at newlines (Node floor) | ${rate(fileBytes, read.cpuSeconds)} | ${perMb(read).toFixed(3)} | ${perMb(read).toFixed(3)} |`,
  );
  log(
    `| + first prefilter stage only (anchor never found; \\u lines parsed: ${firstStage.result.evaluated}) | ${rate(fileBytes, firstStage.cpuSeconds)} | ${perMb(firstStage).toFixed(3)} | ${(perMb(firstStage) - perMb(read)).toFixed(3)} |`,
  );
  log(
    `| + literal stage on anchored lines, parse and evaluate candidates (bundled rules) | ${rate(fileBytes, scan.cpuSeconds)} | ${perMb(scan).toFixed(3)} | ${(perMb(scan) - perMb(firstStage)).toFixed(3)} |`,
  );
  log(
    `| + validation of every line | ${rate(fileBytes, validate.cpuSeconds)} | ${perMb(validate).toFixed(3)} | ${(perMb(validate) - perMb(scan)).toFixed(3)} |`,
  );
  log(
    `| Fluent Bit build (scalar), first ${megabytes(prefixBytes).toFixed(0)} MB | ${rate(prefixBytes, fluentbit.cpuSeconds)} | ${perMb(fluentbit, prefixBytes).toFixed(3)} | |`,
  );
  log(
    `in-process scan wall: ${rate(fileBytes, scan.seconds)}; × cat (CPU): ${(fileBytes / scan.cpuSeconds / (fileBytes / cat.cpuSeconds)).toFixed(3)}`,
  );

  // ---- DNS pattern scaling ----
  log();
  log('## DNS patterns (current rule, its list padded with synthetic patterns that never occur)');
  log('| patterns | literals | anchors | CPU MB/s | vs the rule as shipped |');
  log('| --- | --- | --- | --- | --- |');
  let baseline = 0;
  for (const count of options.patterns) {
    const plan = compileLoadedRules([ruleWithPatterns(count)]);
    const scaled = load(module, plan);
    const measure = best(runs, () => scanFile(scaled, file, Number.POSITIVE_INFINITY, false, true));
    const cpuRate = megabytes(fileBytes) / measure.cpuSeconds;
    if (baseline === 0) baseline = cpuRate;
    const info = scaled.info();
    log(
      `| ${count} | ${info.prefilter?.literals ?? 'none'} | ${info.anchors.join(', ') || 'none'} | ${cpuRate.toFixed(0)} | ${((cpuRate / baseline - 1) * 100).toFixed(1)} % |`,
    );
    scaled.free();
  }

  // ---- LLM share ----
  if (options.shareFile) {
    const shareBytes = Number(spawnSync('stat', ['-c', '%s', options.shareFile]).stdout.toString().trim());
    const shareScan = best(runs, () => scanFile(executor, options.shareFile as string, Number.POSITIVE_INFINITY, false, true));
    const shareNaive = timed(
      process.execPath,
      [join(benchmarksDir, 'baselines', 'naive.mjs'), options.shareFile, 'llm-endpoints', 'llm-endpoints@v2'],
      true,
    );
    log();
    log(`## High LLM share: ${options.shareFile} (${megabytes(shareBytes).toFixed(0)} MB)`);
    log(`evaluated ${shareScan.result.evaluated} of ${shareScan.result.lines} lines; matches ${shareScan.result.matches}`);
    log(
      `raw executor in process: ${rate(shareBytes, shareScan.seconds)} wall, ${rate(shareBytes, shareScan.cpuSeconds)} CPU; naive: ${rate(shareBytes, shareNaive.seconds)} wall, ${rate(shareBytes, shareNaive.cpuSeconds)} CPU; ratio (CPU) ${(shareNaive.cpuSeconds / shareScan.cpuSeconds).toFixed(1)} × (target ≥ 10 ×)`,
    );
  }

  // ---- profile ----
  if (options.profile && options.profileWasm) {
    const bytes = readFileSync(options.profileWasm);
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      env: {
        abort() {
          throw new Error('abort');
        },
      },
    });
    const named: MatcherModule = {
      variant: 'node',
      exports: instance.exports,
      memory: instance.exports.memory as WebAssembly.Memory,
      simd: true,
    };
    const profiled = load(named, bundled);
    scanFile(profiled, file, 64 << 20, false, true); // warm up (tier-up)
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
    scanFile(profiled, file, Number.POSITIVE_INFINITY, false, true);
    const { profile } = (await session.post('Profiler.stop')) as { profile: Parameters<typeof summariseProfile>[0] };
    session.disconnect();
    log();
    log('## Profile of the bundled scan (self time by function; WASM names from a names-section build)');
    for (const line of summariseProfile(profile)) log(line);
    profiled.free();
  }
  executor.free();
  neverExecutor.free();
  fluentbitExecutor.free();
}

export const defaultBenchmarksDir = join(dirname(fileURLToPath(import.meta.url)), '..');
