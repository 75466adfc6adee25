/** Corpus options: defaults, validation with clear messages, and size parsing (`1G`, `500MB`). */
import type { Source } from './world.js';

export interface CorpusOptions {
  /** Seed of every random choice: the same seed and options give the same bytes. */
  seed: number | string;
  /** Number of lines to write (malformed lines included). Exactly one of `events` and `bytes`. */
  events?: number;
  /** Stop at the first line that brings the output to at least this many bytes. */
  bytes?: number;
  /** Share of events that are DNS lookups. */
  dnsShare: number;
  /** Share of DNS lookups that are about LLM domains (benign, positive or near miss). */
  llmShare: number;
  /** Share of LLM lookups made by processes the rules are meant to catch. */
  positiveShare: number;
  /** Share of LLM lookups that are near misses. The rest are benign (browsers, signed apps). */
  nearMissShare: number;
  /** Share of events from macOS hosts (the rest are Windows). */
  macosShare: number;
  /** Relative weights of the event sources; Sysmon runs on Windows only. */
  sources: Record<Source, number>;
  /** Share of events with a few dotted keys. */
  dottedShare: number;
  /** Share of events flattened entirely into dotted keys. */
  flatShare: number;
  /** Share of events whose keys are written in another order. */
  reorderShare: number;
  /** Share of events written with an unusual escaping style (`\u002e`, `\/`, `\u00e9`, …). */
  escapeShare: number;
  /** Share of lines that are malformed (truncated, invalid UTF-8, bare number). */
  malformedRate: number;
  /** Time of the first event (ISO 8601). */
  startTime: string;
}

export const DEFAULT_OPTIONS: Readonly<Omit<CorpusOptions, 'events' | 'bytes'>> = Object.freeze({
  seed: 1,
  dnsShare: 0.2,
  llmShare: 0.03,
  positiveShare: 0.2,
  nearMissShare: 0.25,
  macosShare: 0.2,
  sources: Object.freeze({ defend: 0.6, sysmon: 0.25, sentinelone: 0.15 }) as Record<Source, number>,
  dottedShare: 0.08,
  flatShare: 0.02,
  reorderShare: 0.1,
  escapeShare: 0.04,
  malformedRate: 0,
  startTime: '2025-11-03T08:00:00.000Z',
});

export class CorpusOptionError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`--${option}: ${message}`);
    this.name = 'CorpusOptionError';
  }
}

const SHARES = [
  'dnsShare',
  'llmShare',
  'positiveShare',
  'nearMissShare',
  'macosShare',
  'dottedShare',
  'flatShare',
  'reorderShare',
  'escapeShare',
  'malformedRate',
] as const;

/** Option names as the command line spells them, for messages. */
export const FLAG_NAMES: Record<string, string> = {
  dnsShare: 'dns-share',
  llmShare: 'llm-share',
  positiveShare: 'positive-share',
  nearMissShare: 'near-miss-share',
  macosShare: 'macos-share',
  dottedShare: 'dotted-share',
  flatShare: 'flat-share',
  reorderShare: 'reorder-share',
  escapeShare: 'escape-share',
  malformedRate: 'malformed-rate',
  startTime: 'start-time',
};

/** Fills defaults and checks every option; throws a CorpusOptionError naming the first bad one. */
export function resolveOptions(partial: Partial<CorpusOptions>): CorpusOptions {
  const options: CorpusOptions = { ...DEFAULT_OPTIONS, ...partial, sources: { ...DEFAULT_OPTIONS.sources, ...partial.sources } };
  if ((options.events === undefined) === (options.bytes === undefined))
    throw new CorpusOptionError('events', 'give exactly one of --events and --bytes');
  if (options.events !== undefined && !(Number.isSafeInteger(options.events) && options.events >= 1))
    throw new CorpusOptionError('events', `expected a whole number ≥ 1, got ${options.events}`);
  if (options.bytes !== undefined && !(Number.isSafeInteger(options.bytes) && options.bytes >= 1))
    throw new CorpusOptionError('bytes', `expected a size ≥ 1 byte, got ${options.bytes}`);
  for (const name of SHARES) {
    const value = options[name];
    if (typeof value !== 'number' || !(value >= 0 && value <= 1))
      throw new CorpusOptionError(FLAG_NAMES[name] ?? name, `expected a share between 0 and 1, got ${value}`);
  }
  if (options.positiveShare + options.nearMissShare > 1)
    throw new CorpusOptionError(
      'near-miss-share',
      `positive share (${options.positiveShare}) + near-miss share (${options.nearMissShare}) exceed 1`,
    );
  if (options.dottedShare + options.flatShare > 1) throw new CorpusOptionError('flat-share', `dotted share + flat share exceed 1`);
  for (const [source, weight] of Object.entries(options.sources)) {
    if (!['defend', 'sysmon', 'sentinelone'].includes(source))
      throw new CorpusOptionError('sources', `unknown source "${source}" (known: defend, sysmon, sentinelone)`);
    if (!(weight >= 0) || !Number.isFinite(weight))
      throw new CorpusOptionError('sources', `weight of ${source} must be a number ≥ 0, got ${weight}`);
  }
  const { defend, sysmon, sentinelone } = options.sources;
  if (defend + sysmon + sentinelone === 0) throw new CorpusOptionError('sources', 'every source has weight 0');
  if (options.macosShare > 0 && defend + sentinelone === 0)
    throw new CorpusOptionError('sources', 'macOS events need defend or sentinelone (Sysmon runs on Windows only)');
  if (options.macosShare < 1 && defend + sysmon + sentinelone === 0) throw new CorpusOptionError('sources', 'no source for Windows events');
  if (typeof options.seed === 'number' && !Number.isFinite(options.seed))
    throw new CorpusOptionError('seed', `expected a number or text, got ${options.seed}`);
  if (Number.isNaN(Date.parse(options.startTime)))
    throw new CorpusOptionError('start-time', `not an ISO 8601 time: "${options.startTime}"`);
  return options;
}

const UNITS: Record<string, number> = {
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

/** `1G`, `1.5GB`, `500m`, `4096` → bytes (binary units: 1G = 1024³ bytes). */
export function parseSize(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = match ? UNITS[(match[2] as string).toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new CorpusOptionError('bytes', `not a size: "${text}" (examples: 1G, 500MB, 65536)`);
  return Math.round(Number(match[1]) * unit);
}

/** `defend=0.6,sysmon=0.25,sentinelone=0.15` → weights. */
export function parseSourceMix(text: string): Record<Source, number> {
  const mix: Record<string, number> = { defend: 0, sysmon: 0, sentinelone: 0 };
  for (const part of text.split(',')) {
    const [name, weight] = part.split('=').map((piece) => piece.trim());
    if (!name || weight === undefined || weight === '' || Number.isNaN(Number(weight)))
      throw new CorpusOptionError('sources', `expected name=weight pairs such as defend=0.6,sysmon=0.25,sentinelone=0.15, got "${part}"`);
    if (!(name in mix)) throw new CorpusOptionError('sources', `unknown source "${name}" (known: defend, sysmon, sentinelone)`);
    mix[name] = Number(weight);
  }
  return mix as Record<Source, number>;
}
