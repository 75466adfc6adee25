// Command-line options of `npm run bench`. Pure: argv in, options out (or a located error).
import { parseArgs } from 'node:util';
import { APPROACH_NAMES } from './approaches.mjs';

/** CPU-seconds a run may use in --quick mode before its approach is run only once. */
export const QUICK_SLOW_RUN_SECONDS = 3;

export const USAGE = `Usage: npm run bench [-- options]

Runs each approach in turn on the same corpus (median of several runs), prints Markdown
tables with the targets beside each ratio, and writes benchmarks/results/latest.json.

  --quick            256 MiB corpus, 32 MiB LLM-share corpora; approaches whose first run
                     uses over ${QUICK_SLOW_RUN_SECONDS} CPU-seconds are run once (aim: the whole run in
                     under two minutes on an idle 2-core machine, corpora already cached)
  --runs N           runs per approach (default 3; in --quick, at most N)
  --bytes SIZE       main corpus size (default 1G, or 256MB with --quick; binary units)
  --share-bytes SIZE size of each LLM-share corpus (default 256MB, or 32MB with --quick)
  --seed S           corpus seed (default 1)
  --only A,B         only these approaches (${APPROACH_NAMES.join(', ')})
  --no-scaling       skip the DNS-pattern and LLM-share tables
  --out FILE         results file (default benchmarks/results/latest.json)
  --help             this text
`;

export class BenchOptionError extends Error {
  constructor(option, message) {
    super(`--${option}: ${message}`);
    this.name = 'BenchOptionError';
  }
}

const UNITS = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** `1G`, `256MB`, `65536` → bytes (binary units, as the corpus generator reads them). */
export function parseSize(option, text) {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new BenchOptionError(option, `not a size: "${text}" (examples: 1G, 256MB, 65536)`);
  const bytes = Math.round(Number(match[1]) * unit);
  if (bytes < 1) throw new BenchOptionError(option, `must be at least one byte, got "${text}"`);
  return bytes;
}

export function parseBenchOptions(argv) {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      quick: { type: 'boolean', default: false },
      runs: { type: 'string' },
      bytes: { type: 'string' },
      'share-bytes': { type: 'string' },
      seed: { type: 'string' },
      only: { type: 'string' },
      'no-scaling': { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return { help: true };
  const quick = values.quick;
  let runs = 3;
  if (values.runs !== undefined) {
    runs = Number(values.runs);
    if (!Number.isSafeInteger(runs) || runs < 1 || runs > 99)
      throw new BenchOptionError('runs', `expected a whole number from 1 to 99, got "${values.runs}"`);
  }
  let approaches = [...APPROACH_NAMES];
  if (values.only !== undefined) {
    approaches = values.only
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    for (const name of approaches) {
      if (!APPROACH_NAMES.includes(name))
        throw new BenchOptionError('only', `unknown approach "${name}" (known: ${APPROACH_NAMES.join(', ')})`);
    }
    if (approaches.length === 0) throw new BenchOptionError('only', 'name at least one approach');
  }
  const seed = values.seed ?? '1';
  if (!/^[\w.-]+$/.test(seed)) throw new BenchOptionError('seed', `use letters, digits, '.', '-' or '_', got "${seed}"`);
  return {
    help: false,
    quick,
    runs,
    bytes: values.bytes !== undefined ? parseSize('bytes', values.bytes) : quick ? 256 * 1024 ** 2 : 1024 ** 3,
    shareBytes:
      values['share-bytes'] !== undefined ? parseSize('share-bytes', values['share-bytes']) : quick ? 32 * 1024 ** 2 : 256 * 1024 ** 2,
    seed,
    approaches,
    scaling: !values['no-scaling'],
    out: values.out ?? null,
    slowRunSeconds: quick ? QUICK_SLOW_RUN_SECONDS : Number.POSITIVE_INFINITY,
  };
}
