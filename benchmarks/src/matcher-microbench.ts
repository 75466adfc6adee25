// Microbenchmark of the string-set automaton (not part of the test suite; run with
// `node benchmarks/bin/matcher-bench.mjs`). Values/s for the current rule's DNS set and
// path sets, on the WASM automaton (Node and Fluent Bit builds, per-value calls and one
// batch call) against a JS RegExp alternation and against testing each pattern in turn.
// Per engine: one warm-up pass, then the best of three passes (the machine may be shared);
// ratios are to the RegExp alternation.

import { readFileSync } from 'node:fs';
import { compileStringSet, loadMatcherModuleSync, type MatcherModule, type StringSet, type StringSetGroup } from '@llm-egress/matcher';
import { hasShared, SHARED_MISSING_MESSAGE, sharedPath } from '@llm-egress/testkit';

const RULE_FILE = 'command_and_control_common_llm_endpoint.toml';

/** The quoted strings of every `<field> : (…)` list in an EQL query, unescaped, in order. */
export function eqlLists(query: string, field: string): string[][] {
  const lists: string[][] = [];
  let start = query.indexOf(`${field} : (`);
  while (start >= 0) {
    let index = query.indexOf('(', start) + 1;
    const values: string[] = [];
    while (index < query.length && query[index] !== ')') {
      if (query[index] === '"') {
        let text = '';
        index++;
        while (index < query.length && query[index] !== '"') {
          if (query[index] === '\\') index++;
          text += query[index];
          index++;
        }
        values.push(text);
      } else if (query.startsWith('//', index)) {
        index = query.indexOf('\n', index);
        if (index < 0) break;
      }
      index++;
    }
    lists.push(values);
    start = query.indexOf(`${field} : (`, index);
  }
  return lists;
}

/** A deterministic generator (xorshift32), so every run sees the same values. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)];
}

function label(next: () => number, length: number): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length }, () => pick(next, letters.split(''))).join('');
}

/** Fills a wildcard pattern's `*` and `?` so the value matches it. */
function instantiate(next: () => number, pattern: string): string {
  return pattern.replace(/\*/g, () => label(next, 1 + Math.floor(next() * 8))).replace(/\?/g, () => pick(next, ['C', 'D', 'e']));
}

const COMMON_DOMAINS = [
  'www.google.com',
  'login.microsoftonline.com',
  'settings-win.data.microsoft.com',
  'update.googleapis.com',
  'github.com',
  'api.github.com',
  'slack.com',
  'edge.microsoft.com',
  'ocsp.digicert.com',
  'cdn.jsdelivr.net',
  'registry.npmjs.org',
  'pypi.org',
  'files.pythonhosted.org',
  's3.amazonaws.com',
  'outlook.office365.com',
];

/** 1 value in 10 matches (an LLM endpoint); the rest is everyday DNS traffic. */
function dnsValues(patterns: readonly string[], count: number): string[] {
  const next = random(2026);
  return Array.from({ length: count }, () => {
    const roll = next();
    if (roll < 0.1) return instantiate(next, pick(next, patterns));
    if (roll < 0.6) return pick(next, COMMON_DOMAINS);
    return `${label(next, 3 + Math.floor(next() * 10))}.${pick(next, COMMON_DOMAINS)}`;
  });
}

function pathValues(count: number): string[] {
  const next = random(7);
  const users = ['bob', 'alice', 'svc_backup', 'Administrator'];
  const shapes: (() => string)[] = [
    () => `C:\\Windows\\System32\\${pick(next, ['svchost.exe', 'rundll32.exe', 'wscript.exe', 'dllhost.exe'])}`,
    () => `C:\\Program Files\\${label(next, 6)}\\${label(next, 5)}.exe`,
    () => `C:\\Program Files (x86)\\${label(next, 8)}\\bin\\${label(next, 4)}.exe`,
    () => `C:\\Users\\${pick(next, users)}\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe`,
    () => `C:\\Users\\${pick(next, users)}\\Downloads\\${label(next, 7)}.exe`,
    () => `C:\\Users\\${pick(next, users)}\\AppData\\Local\\Programs\\Opera GX\\opera.exe`,
    () => `D:\\ProgramData\\${label(next, 5)}\\${label(next, 6)}.exe`,
    () => `/Users/${pick(next, users)}/Library/Fonts/${label(next, 6)}`,
    () => `/usr/local/bin/${label(next, 5)}`,
    () => `/tmp/${label(next, 8)}`,
  ];
  return Array.from({ length: count }, () => pick(next, shapes)());
}

/** A wildcard pattern as a RegExp source: `*` any run, `?` one code point, the rest literal. */
function regexSource(pattern: string): string {
  return Array.from(pattern)
    .map((character) =>
      character === '*' ? '[\\s\\S]*' : character === '?' ? '[\\s\\S]' : character.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'),
    )
    .join('');
}

interface Engine {
  readonly name: string;
  /** Number of values that matched some group (a checksum, also keeps the work alive). */
  run(values: readonly string[]): number;
}

function wasmEngine(name: string, set: StringSet): Engine {
  return {
    name,
    run(values) {
      let matched = 0;
      for (const value of values) if (set.matchCount(value) > 0) matched++;
      return matched;
    },
  };
}

interface RawExports {
  memory: WebAssembly.Memory;
  stringSetScratch(size: number): number;
  matchStringSetMany(handle: number, values: number, count: number, counts: number): number;
}

/**
 * All values pre-encoded into WASM memory, matched by one matchStringSetMany call. The
 * values live in the module's scratch region, which every StringSet call reuses: build
 * this engine last on its module and measure it at once.
 */
function wasmBatchEngine(name: string, module: MatcherModule, groups: StringSetGroup[], values: readonly string[]): Engine {
  const set = compileStringSet(module, groups);
  const raw = module.exports as unknown as RawExports;
  const encoded = values.map((value) => new TextEncoder().encode(value));
  const bytes = encoded.reduce((sum, value) => sum + value.length, 0);
  // Layout in scratch: descriptors (8 bytes each), counts (4 bytes each), then the bytes.
  const base = raw.stringSetScratch(values.length * 12 + bytes);
  const memory = new DataView(raw.memory.buffer);
  const heap = new Uint8Array(raw.memory.buffer);
  let at = base + values.length * 12;
  encoded.forEach((value, index) => {
    heap.set(value, at);
    memory.setUint32(base + index * 8, at, true);
    memory.setUint32(base + index * 8 + 4, value.length, true);
    at += value.length;
  });
  const handle = set.handle;
  return {
    name,
    run(batch) {
      if (batch.length !== values.length) throw new Error('the batch engine runs its own pre-encoded values');
      raw.matchStringSetMany(handle, base, values.length, base + values.length * 8);
      const counts = new Int32Array(raw.memory.buffer, base + values.length * 8, values.length);
      let matched = 0;
      for (const count of counts) if (count > 0) matched++;
      return matched;
    },
  };
}

function regexAlternationEngine(groups: StringSetGroup[]): Engine {
  const expressions = groups.map(
    (group) => new RegExp(`^(?:${group.patterns.map((pattern) => regexSource(String(pattern))).join('|')})$`, 'iu'),
  );
  return {
    name: 'RegExp alternation (one per group)',
    run(values) {
      let matched = 0;
      for (const value of values) if (expressions.some((expression) => expression.test(value))) matched++;
      return matched;
    },
  };
}

function regexEachEngine(groups: StringSetGroup[]): Engine {
  const expressions = groups.flatMap((group) => group.patterns.map((pattern) => new RegExp(`^${regexSource(String(pattern))}$`, 'iu')));
  return {
    name: 'RegExp per pattern, in turn',
    run(values) {
      let matched = 0;
      for (const value of values) if (expressions.some((expression) => expression.test(value))) matched++;
      return matched;
    },
  };
}

interface Measurement {
  readonly engine: string;
  readonly valuesPerSecond: number;
  readonly matched: number;
}

/** One warm-up pass (JIT tiers, caches, lazy states), then the best of three timed passes. */
function measure(engine: Engine, values: readonly string[]): Measurement {
  engine.run(values);
  let best = Number.POSITIVE_INFINITY;
  let matched = 0;
  for (let pass = 0; pass < 3; pass++) {
    const started = process.hrtime.bigint();
    matched = engine.run(values);
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1e9);
  }
  return { engine: engine.name, valuesPerSecond: values.length / best, matched };
}

function format(rate: number): string {
  return rate >= 1e6 ? `${(rate / 1e6).toFixed(2)} M/s` : `${(rate / 1e3).toFixed(1)} k/s`;
}

function report(title: string, sets: { name: string; info: ReturnType<StringSet['info']> }[], results: Measurement[]): void {
  console.log(`\n${title}`);
  for (const { name, info } of sets) {
    console.log(
      `  built (${name}): ${info.kind}, ${info.states} states, ${info.byteClasses} byte classes, table ${info.tableBytes} B, total ${info.memoryBytes} B`,
    );
  }
  const baseline = results.find((result) => result.engine.startsWith('RegExp alternation'))?.valuesPerSecond ?? 1;
  for (const result of results) {
    console.log(
      `  ${result.engine.padEnd(40)} ${format(result.valuesPerSecond).padStart(11)}   ×${(result.valuesPerSecond / baseline).toFixed(2).padStart(6)} vs alternation   (${result.matched} matched)`,
    );
  }
  const checksums = new Set(results.map((result) => result.matched));
  if (checksums.size > 1)
    console.log('  note: engines disagree on the match count (JS RegExp folds Unicode case; the automaton folds ASCII only)');
}

export interface MicrobenchOptions {
  /** Values per set (default 200,000). */
  readonly values?: number;
}

export function runMatcherMicrobench(options: MicrobenchOptions = {}): void {
  if (!hasShared) {
    console.log(`matcher microbench ${SHARED_MISSING_MESSAGE}`);
    return;
  }
  const count = options.values ?? 200_000;
  const query = readFileSync(sharedPath('rules', RULE_FILE), 'utf8');
  const [domains] = eqlLists(query, 'dns.question.name');
  const [includedPaths, excludedPaths] = eqlLists(query, 'process.executable');
  const node = loadMatcherModuleSync('node');
  const fluentbit = loadMatcherModuleSync('fluentbit');

  const cases: { title: string; groups: StringSetGroup[]; values: string[] }[] = [
    {
      title: `DNS set: ${domains.length} patterns (dns.question.name), ${count} values, 10 % LLM endpoints`,
      groups: [{ mode: 'wildcard', caseInsensitive: true, patterns: domains }],
      values: dnsValues(domains, count),
    },
    {
      title: `Path sets: ${includedPaths.length} included + ${excludedPaths.length} excluded globs (process.executable), ${count} values`,
      groups: [
        { mode: 'wildcard', caseInsensitive: true, patterns: includedPaths },
        { mode: 'wildcard', caseInsensitive: true, patterns: excludedPaths },
      ],
      values: pathValues(count),
    },
  ];

  console.log(`matcher microbench — ${RULE_FILE}, Node ${process.version}`);
  for (const { title, groups, values } of cases) {
    const nodeSet = compileStringSet(node, groups);
    const fluentbitSet = compileStringSet(fluentbit, groups);
    const results = [
      measure(wasmEngine('WASM automaton, Node build, per value', nodeSet), values),
      measure(wasmEngine('WASM automaton, Fluent Bit build', fluentbitSet), values),
      measure(wasmBatchEngine('WASM automaton, Node build, one batch', node, groups, values), values),
      measure(regexAlternationEngine(groups), values),
      measure(regexEachEngine(groups), values),
    ];
    report(title, [{ name: 'node', info: nodeSet.info() }], results);
    nodeSet.free();
    fluentbitSet.free();
  }
}
