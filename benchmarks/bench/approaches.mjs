// The approaches, each run as its own child process so that its peak RSS is its own. Every
// approach turns into a command line and a reader of what it printed, giving
// `{ lines, malformed, alerts: { rule: [line…] }, maxRssKb, cpuSeconds, setupSeconds, scanSeconds }`
// (null where the approach cannot tell).
import { createReadStream, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseJsonLine } from './processes.mjs';

export const APPROACH_NAMES = Object.freeze([
  'cat',
  'naive',
  'sdk-object',
  'raw-wasm',
  'raw-wasm-validate',
  'cli-1-worker',
  'cli-all-workers',
]);

const benchDirectory = dirname(fileURLToPath(import.meta.url));
export const BENCHMARKS_DIRECTORY = join(benchDirectory, '..');
export const REPOSITORY_DIRECTORY = join(BENCHMARKS_DIRECTORY, '..');
const CLI = join(REPOSITORY_DIRECTORY, 'apps', 'cli', 'bin', 'llm-egress.js');

/** What a Node child printed (its own resourceUsage) turned into the common shape. */
function fromNodeChild(result, what) {
  const printed = parseJsonLine(result.stdout, what);
  return {
    lines: printed.lines ?? null,
    malformed: printed.malformed ?? null,
    alerts: printed.alerts,
    maxRssKb: printed.maxRssKb ?? null,
    cpuSeconds: printed.cpuSeconds ?? null,
    setupSeconds: printed.setupSeconds ?? null,
    scanSeconds: printed.scanSeconds ?? null,
    scanCpuSeconds: printed.scanCpuSeconds ?? null,
    info: printed.info,
  };
}

async function cliAlerts(alertsFile) {
  const alerts = {};
  const input = createReadStream(alertsFile, 'utf8');
  for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    if (line.trim() === '') continue;
    const alert = JSON.parse(line);
    const rule = alert?.llm_egress?.rule?.id;
    const number = alert?.llm_egress?.source?.line;
    if (typeof rule !== 'string' || typeof number !== 'number')
      throw new Error(`${alertsFile}: an alert without llm_egress.rule.id or llm_egress.source.line`);
    if (alerts[rule] === undefined) alerts[rule] = [];
    alerts[rule].push(number);
  }
  return alerts;
}

/**
 * The command for one approach on one file. `rules`: rule ids or files. `cpus`: workers
 * for cli-all-workers. `scratchDirectory`: where the CLI writes its alerts and statistics.
 * `gnuTime`: GNU time is available (cat and the CLI are measured through it).
 * Returns `{ command, args, timed, stdout, read(result) }`; `read` may be async.
 */
export function approachCommand(name, { file, rules, cpus, scratchDirectory, gnuTime }) {
  const node = process.execPath;
  const script = (path) => join(BENCHMARKS_DIRECTORY, path);
  const ruleOptions = rules.flatMap((rule) => ['--rule', rule]);
  switch (name) {
    case 'cat':
      return {
        command: 'cat',
        args: [file],
        timed: gnuTime,
        stdout: 'discard',
        read: (result) => ({
          lines: null,
          malformed: null,
          alerts: null,
          maxRssKb: result.maxRssKb,
          cpuSeconds: result.cpuSeconds,
          setupSeconds: null,
          scanSeconds: null,
        }),
      };
    case 'naive':
      return {
        command: node,
        args: [script('baselines/naive.mjs'), file, ...rules],
        timed: false,
        stdout: 'capture',
        read: (result) => fromNodeChild(result, name),
      };
    case 'sdk-object':
      return {
        command: node,
        args: [script('bench/approaches/sdk-object.mjs'), file, ...ruleOptions],
        timed: false,
        stdout: 'capture',
        read: (result) => fromNodeChild(result, name),
      };
    case 'raw-wasm':
    case 'raw-wasm-validate':
      return {
        command: node,
        args: [script('bench/approaches/raw-wasm.mjs'), file, ...ruleOptions, ...(name === 'raw-wasm-validate' ? ['--validate'] : [])],
        timed: false,
        stdout: 'capture',
        read: (result) => fromNodeChild(result, name),
      };
    case 'cli-1-worker':
    case 'cli-all-workers': {
      const workers = name === 'cli-1-worker' ? 1 : cpus;
      const alertsFile = join(scratchDirectory, `${name}-alerts.ndjson`);
      const statsFile = join(scratchDirectory, `${name}-stats.json`);
      const cliRules = rules.flatMap((rule) => ['-r', rule]);
      return {
        command: node,
        args: [
          CLI,
          'scan',
          '-j',
          String(workers),
          '-f',
          'ndjson',
          '--no-progress',
          ...cliRules,
          '-o',
          alertsFile,
          '--stats-json',
          statsFile,
          file,
        ],
        timed: gnuTime,
        stdout: 'discard',
        read: async (result) => {
          const stats = JSON.parse(readFileSync(statsFile, 'utf8'));
          const alerts = await cliAlerts(alertsFile);
          rmSync(alertsFile, { force: true });
          rmSync(statsFile, { force: true });
          for (const rule of rules) alerts[rule] ??= [];
          return {
            lines: stats.lines,
            // Without --validate the CLI's malformed count need not be exact: not judged.
            malformed: null,
            alerts,
            maxRssKb: result.maxRssKb,
            cpuSeconds: result.cpuSeconds,
            setupSeconds: null,
            scanSeconds: typeof stats.elapsedMs === 'number' ? stats.elapsedMs / 1000 : null,
            info: { workers: stats.workers, executor: stats.executor },
          };
        },
      };
    }
    default:
      throw new RangeError(`unknown approach "${name}" (known: ${APPROACH_NAMES.join(', ')})`);
  }
}
