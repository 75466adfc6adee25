/**
 * `npm run corpus -- --events 1000000 --seed 7 --out corpus.ndjson`: writes a realistic
 * ECS corpus and `<out>.expected.json` beside it. Exit status: 0 done, 2 bad usage, 1 failure.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import {
  CorpusOptionError,
  type CorpusOptions,
  DEFAULT_OPTIONS,
  FLAG_NAMES,
  parseSize,
  parseSourceMix,
  resolveOptions,
} from './options.js';
import { bundledRuleFiles, loadCorpusRules } from './rules.js';
import { writeCorpus } from './writer.js';

const USAGE = `Usage: npm run corpus -- (--events N | --bytes SIZE) --out FILE [options]

Writes a reproducible NDJSON corpus of Windows and macOS endpoint events (Elastic Defend,
Sysmon, SentinelOne shapes) and FILE.expected.json: the lines each rule alerts on, as the
reference interpreter of @llm-egress/rules decides.

  --events N              number of lines (malformed lines included)
  --bytes SIZE            stop once this much is written (65536, 500MB, 1G; 1G = 1024^3 bytes)
  --out FILE              corpus path
  --seed S                seed (number or text; default ${DEFAULT_OPTIONS.seed})
  --expected FILE         expected-alerts path (default FILE.expected.json)
  --rules A.toml,B.toml   rule files (default: the bundled llm-endpoints and llm-endpoints@v2)
  --dns-share X           share of events that are DNS lookups (default ${DEFAULT_OPTIONS.dnsShare})
  --llm-share X           share of DNS lookups about LLM domains (default ${DEFAULT_OPTIONS.llmShare})
  --positive-share X      share of LLM lookups by processes the rules target (default ${DEFAULT_OPTIONS.positiveShare})
  --near-miss-share X     share of LLM lookups that are near misses (default ${DEFAULT_OPTIONS.nearMissShare})
  --macos-share X         share of macOS events (default ${DEFAULT_OPTIONS.macosShare})
  --sources MIX           source weights (default defend=${DEFAULT_OPTIONS.sources.defend},sysmon=${DEFAULT_OPTIONS.sources.sysmon},sentinelone=${DEFAULT_OPTIONS.sources.sentinelone})
  --dotted-share X        share of events with some dotted keys (default ${DEFAULT_OPTIONS.dottedShare})
  --flat-share X          share of events written with dotted keys only (default ${DEFAULT_OPTIONS.flatShare})
  --reorder-share X       share of events with another key order (default ${DEFAULT_OPTIONS.reorderShare})
  --escape-share X        share of events with unusual escapes (default ${DEFAULT_OPTIONS.escapeShare})
  --malformed-rate X      share of malformed lines (default ${DEFAULT_OPTIONS.malformedRate})
  --start-time ISO        time of the first event (default ${DEFAULT_OPTIONS.startTime})
  --workers N             worker threads (default: one per CPU, at most 4; 0: none). Same bytes either way
  --quiet                 no progress or summary on stderr
  --help                  this text
`;

const SHARE_FLAGS = Object.entries(FLAG_NAMES).filter(([name]) => name !== 'startTime');

function parseShare(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value)) throw new CorpusOptionError(flag, `expected a number between 0 and 1, got "${text}"`);
  return value;
}

function parseCount(text: string): number {
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isSafeInteger(value) || value < 1) throw new CorpusOptionError('events', `expected a whole number ≥ 1, got "${text}"`);
  return value;
}

export interface ParsedCommand {
  out: string;
  workers: number;
  expectedPath?: string;
  ruleFiles: string[];
  quiet: boolean;
  corpus: Partial<CorpusOptions>;
}

/** Parses the command line; throws CorpusOptionError (or a TypeError from parseArgs) on bad usage. */
export function parseCommand(argv: readonly string[]): ParsedCommand | 'help' {
  const options: Record<string, { type: 'string' | 'boolean' }> = {
    events: { type: 'string' },
    bytes: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    expected: { type: 'string' },
    rules: { type: 'string' },
    sources: { type: 'string' },
    'start-time': { type: 'string' },
    workers: { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean' },
  };
  for (const [, flag] of SHARE_FLAGS) options[flag] = { type: 'string' };
  const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
  if (values.help) return 'help';
  const text = (name: string): string | undefined => values[name] as string | undefined;
  const out = text('out');
  if (out === undefined || out === '') throw new CorpusOptionError('out', 'the corpus path is required');
  const corpus: Partial<CorpusOptions> = {};
  if (text('events') !== undefined) corpus.events = parseCount(text('events') as string);
  if (text('bytes') !== undefined) corpus.bytes = parseSize(text('bytes') as string);
  const seed = text('seed');
  if (seed !== undefined) corpus.seed = /^-?\d+$/.test(seed) && Number.isSafeInteger(Number(seed)) ? Number(seed) : seed;
  if (text('sources') !== undefined) corpus.sources = parseSourceMix(text('sources') as string);
  if (text('start-time') !== undefined) corpus.startTime = text('start-time') as string;
  for (const [name, flag] of SHARE_FLAGS) {
    const value = text(flag);
    if (value !== undefined) (corpus as Record<string, unknown>)[name] = parseShare(flag, value);
  }
  resolveOptions(corpus); // report bad options before any work
  const rules = text('rules');
  const workersText = text('workers');
  const workers = workersText === undefined ? Math.min(4, availableParallelism()) : Number(workersText);
  if (!Number.isSafeInteger(workers) || workers < 0 || workers > 64)
    throw new CorpusOptionError('workers', `expected a whole number from 0 to 64, got "${workersText}"`);
  return {
    out,
    workers,
    expectedPath: text('expected'),
    ruleFiles:
      rules === undefined
        ? bundledRuleFiles()
        : rules
            .split(',')
            .map((file) => file.trim())
            .filter((file) => file !== ''),
    quiet: values.quiet === true,
    corpus,
  };
}

/** Runs the command; returns the exit status. */
export async function main(argv: readonly string[], stderr: NodeJS.WritableStream = process.stderr): Promise<number> {
  let command: ParsedCommand | 'help';
  try {
    command = parseCommand(argv);
  } catch (error) {
    stderr.write(`corpus: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (command === 'help') {
    stderr.write(USAGE);
    return 0;
  }
  try {
    const rules = loadCorpusRules(command.ruleFiles);
    const started = performance.now();
    const interactive = !command.quiet && (stderr as { isTTY?: boolean }).isTTY === true;
    const { expected, expectedPath } = await writeCorpus({
      out: command.out,
      expectedPath: command.expectedPath,
      corpus: command.corpus,
      rules,
      workers: command.workers,
      onProgress: interactive ? (lines, bytes) => stderr.write(`\r${lines} lines, ${(bytes / 1048576).toFixed(0)} MiB`) : undefined,
    });
    if (!command.quiet) {
      const seconds = (performance.now() - started) / 1000;
      const counts = expected.counts;
      if (interactive) stderr.write('\n');
      stderr.write(
        `${command.out}: ${counts.lines} lines, ${counts.bytes} bytes (${(counts.bytes / counts.lines).toFixed(0)} bytes a line) in ${seconds.toFixed(1)} s (${(counts.bytes / 1048576 / seconds).toFixed(1)} MiB/s)\n`,
      );
      for (const [id, rule] of Object.entries(expected.rules)) {
        const disagreements =
          rule.intentDisagreements.length === 0 ? '' : `, ${rule.intentDisagreements.length} differ from the generator's intent`;
        stderr.write(`  ${id}: ${rule.alertCount} alerts${disagreements}\n`);
      }
      stderr.write(`${expectedPath}: expected alerts\n`);
    }
    return 0;
  } catch (error) {
    stderr.write(`corpus: ${(error as Error).message}\n`);
    return 1;
  }
}
