/**
 * The corpus as a lazy sequence of lines: each line carries its text (or bytes, for
 * invalid UTF-8), the event object it spells, its scenario label, and the reference
 * interpreter's verdict for every loaded rule. Memory stays constant whatever the size.
 */
import {
  MACOS_SCRIPTING_HOSTS,
  MACOS_URL_COMMANDS,
  type OperatingSystem,
  WINDOWS_SCRIPTING_HOSTS,
  WINDOWS_URL_COMMANDS,
} from './catalogue.js';
import { bareNumber, corruptUtf8, type MalformedKind, truncate } from './malformed.js';
import { type CorpusOptions, resolveOptions } from './options.js';
import { Random, WeightedChoice } from './random.js';
import type { RenderContext } from './render-common.js';
import { firstName } from './render-common.js';
import { defendDns, defendFile, defendNetwork, defendProcess, defendRegistry } from './render-defend.js';
import { sentinelOneDns, sentinelOneFile, sentinelOneNetwork, sentinelOneProcess } from './render-sentinelone.js';
import { sysmonDns, sysmonFile, sysmonNetwork, sysmonProcess, sysmonRegistry } from './render-sysmon.js';
import { type CorpusRule, evaluateRules } from './rules.js';
import { type DnsActivity, DomainPool, type ScenarioKind, ScenarioPicker } from './scenarios.js';
import { type EscapeStyle, type KeyOrder, type SerializeStyle, serializeEvent } from './serialize.js';
import { categoryAsString, type DottedShape, reshape } from './variety.js';
import { createFleet, type Host, type ProcessInstance, SOURCES, type Source, startProcess } from './world.js';

export type EventKind = 'dns' | 'process' | 'file' | 'network' | 'registry';

export interface CorpusLine {
  /** 1-based line number in the output. */
  number: number;
  /** The line without its newline, when it is valid UTF-8. */
  text?: string;
  /** The line's bytes without the newline, when it is not valid UTF-8 (then `text` is absent). */
  bytes?: Uint8Array;
  /** Byte length of the line without its newline. */
  byteLength: number;
  /** The object the line spells (absent for malformed lines); the verdicts are computed on it. */
  event?: Record<string, unknown>;
  os: OperatingSystem;
  source: Source;
  eventKind: EventKind;
  /** Scenario label: `background`, `other`, `positive/…`, `near-miss/…`, `benign/…`, `malformed/…`. */
  label: string;
  kind: ScenarioKind | 'other' | 'malformed';
  malformed?: MalformedKind;
  /** Reference-interpreter verdict per rule id (false for malformed lines). */
  verdicts: Record<string, boolean>;
  /** The generator's predicted verdict per bundled rule id, for LLM scenarios. */
  intent?: Record<string, boolean>;
  /** Shape choices, for counting. */
  shape: { dotted: DottedShape; keyOrder: KeyOrder; escapes: EscapeStyle; categoryString: boolean };
}

const ESCAPE_STYLES = new WeightedChoice<EscapeStyle>([
  ['dns-dots', 3],
  ['ascii-only', 2],
  ['solidus', 2],
  ['go-html', 1],
  ['key-escape', 1],
]);

const NON_DNS = {
  windows: new WeightedChoice<EventKind>([
    ['file', 0.4],
    ['process', 0.2],
    ['network', 0.25],
    ['registry', 0.15],
  ]),
  macos: new WeightedChoice<EventKind>([
    ['file', 0.45],
    ['process', 0.3],
    ['network', 0.25],
  ]),
};

/**
 * A corpus is a sequence of segments of SEGMENT_LINES lines. Each segment draws from its
 * own random stream (seeded with the corpus seed and the segment's index) and its own copy
 * of the fleet, so segments can be generated in any order, in parallel, and still give the
 * same bytes.
 */
export const SEGMENT_LINES = 4096;

/** Mean spacing of events, for the start time of each segment. */
const MEAN_INTERVAL_MS = 10;

/** Things a segment needs that do not depend on its random stream. */
export interface CorpusContext {
  options: CorpusOptions;
  rules: readonly CorpusRule[];
  pool: DomainPool;
  picker: ScenarioPicker;
}

export function corpusContext(options: CorpusOptions, rules: readonly CorpusRule[]): CorpusContext {
  const pool = new DomainPool(rules);
  return { options, rules, pool, picker: new ScenarioPicker(pool, options) };
}

/**
 * Lines of a corpus. `rules` are evaluated on every event (the reference interpreter is
 * the oracle; no line is skipped).
 */
export function* generateCorpus(partialOptions: Partial<CorpusOptions>, rules: readonly CorpusRule[]): Generator<CorpusLine> {
  const options = resolveOptions(partialOptions);
  const context = corpusContext(options, rules);
  let bytesWritten = 0;
  for (let segment = 0; ; segment++) {
    const first = segment * SEGMENT_LINES + 1;
    if (options.events !== undefined && first > options.events) return;
    const count = options.events === undefined ? SEGMENT_LINES : Math.min(SEGMENT_LINES, options.events - first + 1);
    const lines = generateSegment(context, segment, count);
    for (;;) {
      // Decide before the next line is generated (and evaluated): the corpus ends here.
      if (options.bytes !== undefined && bytesWritten >= options.bytes) {
        lines.return(undefined);
        return;
      }
      const next = lines.next();
      if (next.done) break;
      bytesWritten += next.value.byteLength + 1;
      yield next.value;
    }
  }
}

/** The first `count` lines of one segment (line numbers are the corpus's). */
export function* generateSegment(context: CorpusContext, segment: number, count: number): Generator<CorpusLine> {
  const { options, rules, pool, picker } = context;
  const random = new Random(`${typeof options.seed}:${options.seed}/segment ${segment}`);
  const fleet = createFleet(options.seed);
  const sourceChoice = {
    windows: weightedSources(options, 'windows'),
    macos: weightedSources(options, 'macos'),
  };
  const sequences = new Map<Host, number>();
  let timeMs = Date.parse(options.startTime) + segment * SEGMENT_LINES * MEAN_INTERVAL_MS;
  const firstNumber = segment * SEGMENT_LINES + 1;

  for (let number = firstNumber; number < firstNumber + count; number++) {
    timeMs += random.int(2 * MEAN_INTERVAL_MS);
    const os: OperatingSystem = random.chance(options.macosShare) ? 'macos' : 'windows';
    const source = (sourceChoice[os] ?? sourceChoice.windows)?.pick(random) as Source;
    const host = random.pick(fleet.bySourceAndOs(os, source));
    const sequence = (sequences.get(host) ?? random.between(1000, 90000)) + 1;
    sequences.set(host, sequence);
    const renderContext: RenderContext = { random, host, timeMs, sequence };

    const malformed = options.malformedRate > 0 && random.chance(options.malformedRate);
    // A malformed line is often a broken *positive*: a lenient reader would alert on it.
    const forceKind = malformed && random.chance(0.5) ? 'positive' : undefined;
    const built = buildEvent(renderContext, random, options, picker, pool, forceKind);
    const style = chooseStyle(random, options, built);
    const event = reshape(built.event, built.dotted, random);
    const categoryString = random.chance(0.03);
    if (categoryString) categoryAsString(event);
    const text = serializeEvent(event, style);
    const shape = { dotted: built.dotted, keyOrder: style.keyOrder, escapes: style.escapes, categoryString };

    if (malformed) {
      const kind = random.pick(['truncated', 'invalid-utf8', 'bare-number'] as const);
      const falseVerdicts = Object.fromEntries(rules.map((rule) => [rule.id, false]));
      const base = {
        number,
        os,
        source,
        eventKind: built.eventKind,
        label: `malformed/${kind}`,
        kind: 'malformed' as const,
        malformed: kind,
        verdicts: falseVerdicts,
        shape,
      };
      if (kind === 'invalid-utf8') {
        const bytes = corruptUtf8(text, built.activity === undefined ? undefined : firstName(built.activity.name), random);
        yield { ...base, bytes, byteLength: bytes.length };
      } else {
        const broken = kind === 'truncated' ? truncate(text, random) : bareNumber(random);
        yield { ...base, text: broken, byteLength: Buffer.byteLength(broken) };
      }
    } else {
      const verdicts = evaluateRules(rules, event);
      yield {
        number,
        text,
        byteLength: Buffer.byteLength(text),
        event,
        os,
        source,
        eventKind: built.eventKind,
        label: built.label,
        kind: built.kind,
        verdicts,
        intent: built.intent,
        shape,
      };
    }
  }
}

function weightedSources(options: CorpusOptions, os: OperatingSystem): WeightedChoice<Source> | undefined {
  const entries = SOURCES.filter((source) => !(os === 'macos' && source === 'sysmon')).map(
    (source) => [source, options.sources[source]] as const,
  );
  return entries.some(([, weight]) => weight > 0) ? new WeightedChoice(entries) : undefined;
}

interface BuiltEvent {
  event: Record<string, unknown>;
  source: Source;
  eventKind: EventKind;
  label: string;
  kind: ScenarioKind | 'other';
  intent?: Record<string, boolean>;
  activity?: DnsActivity;
  dotted: DottedShape;
  /** The looked-up name, when it is one string (for the `dns-dots` escape style). */
  dnsName?: string;
}

function buildEvent(
  context: RenderContext,
  random: Random,
  options: CorpusOptions,
  picker: ScenarioPicker,
  pool: DomainPool,
  forceKind: 'positive' | undefined,
): BuiltEvent {
  const { host } = context;
  const roll = random.float();
  const dotted: DottedShape = roll < options.flatShare ? 'flat' : roll < options.flatShare + options.dottedShare ? 'some-dotted' : 'nested';
  if (forceKind !== undefined || random.chance(options.dnsShare)) {
    const activity = picker.pick(random, host, context.timeMs, forceKind);
    const event = renderDns(context, activity);
    return {
      event,
      source: host.source,
      eventKind: 'dns',
      label: activity.label,
      kind: activity.kind,
      intent: activity.intent,
      activity,
      dotted,
      dnsName: typeof activity.name === 'string' ? activity.name : undefined,
    };
  }
  let eventKind = NON_DNS[host.os].pick(random);
  if (eventKind === 'registry' && host.source === 'sentinelone') eventKind = 'file';
  // LLM tools also leave traces outside DNS: a connection with destination.domain, a URL in a
  // command line. No rule can match them (no dns.question.name): near misses for a byte search.
  const llmTrace = (eventKind === 'network' || eventKind === 'process') && random.chance(options.llmShare * options.nearMissShare * 0.3);
  if (llmTrace) {
    const name = pool.llmName(random, false);
    const templates =
      eventKind === 'network'
        ? host.os === 'windows'
          ? WINDOWS_SCRIPTING_HOSTS
          : MACOS_SCRIPTING_HOSTS
        : host.os === 'windows'
          ? WINDOWS_URL_COMMANDS
          : MACOS_URL_COMMANDS;
    const process = startProcess(random, host, random.pick(templates), context.timeMs - random.between(50, 5000), name);
    const event = eventKind === 'network' ? renderNetwork(context, process, name) : renderProcess(context, process);
    const label = eventKind === 'network' ? 'near-miss/connection-without-dns' : 'near-miss/command-line-url';
    return { event, source: host.source, eventKind, label, kind: 'near-miss', intent: picker.noDnsIntent(), dotted };
  }
  const process = random.pick(host.everyday);
  let event: Record<string, unknown>;
  switch (eventKind) {
    case 'process':
      event = renderProcess(context, process);
      break;
    case 'network':
      event = renderNetwork(context, process, undefined);
      break;
    case 'registry':
      event = host.source === 'sysmon' ? sysmonRegistry(context, process) : defendRegistry(context, process);
      break;
    default:
      event =
        host.source === 'defend'
          ? defendFile(context, process)
          : host.source === 'sysmon'
            ? sysmonFile(context, process)
            : sentinelOneFile(context, process);
  }
  return { event, source: host.source, eventKind, label: 'other', kind: 'other', dotted };
}

function renderDns(context: RenderContext, activity: DnsActivity): Record<string, unknown> {
  switch (context.host.source) {
    case 'defend':
      return defendDns(context, activity.process, activity.name, activity.dropOsType);
    case 'sysmon':
      return sysmonDns(context, activity.process, activity.name, activity.dropOsType);
    case 'sentinelone':
      return sentinelOneDns(context, activity.process, activity.name, activity.dropOsType);
  }
}

function renderProcess(context: RenderContext, process: ProcessInstance): Record<string, unknown> {
  switch (context.host.source) {
    case 'defend':
      return defendProcess(context, process);
    case 'sysmon':
      return sysmonProcess(context, process);
    case 'sentinelone':
      return sentinelOneProcess(context, process);
  }
}

function renderNetwork(context: RenderContext, process: ProcessInstance, destinationDomain: string | undefined): Record<string, unknown> {
  switch (context.host.source) {
    case 'defend':
      return defendNetwork(context, process, destinationDomain);
    case 'sysmon':
      return sysmonNetwork(context, process, destinationDomain);
    case 'sentinelone':
      return sentinelOneNetwork(context, process, destinationDomain);
  }
}

function chooseStyle(random: Random, options: CorpusOptions, built: BuiltEvent): SerializeStyle {
  const keyOrder: KeyOrder = random.chance(options.reorderShare) ? (random.chance(0.5) ? 'reversed' : 'sorted') : 'as-built';
  let escapes: EscapeStyle = 'none';
  const llmLookup = built.eventKind === 'dns' && (built.kind === 'positive' || built.kind === 'near-miss' || built.kind === 'benign');
  if (llmLookup && random.chance(options.escapeShare * 3)) {
    // LLM names hidden behind escapes are what a byte-level prefilter must not miss:
    // `api.openai\u002ecom`, or a look-alike written `ap\u0456.openai.com` by a Python shipper.
    escapes = built.dnsName !== undefined && random.chance(0.6) ? 'dns-dots' : 'ascii-only';
  } else if (random.chance(options.escapeShare)) {
    escapes = ESCAPE_STYLES.pick(random);
    if (escapes === 'dns-dots' && built.dnsName === undefined) escapes = 'ascii-only';
  } else if (built.event.event !== null && typeof (built.event.event as Record<string, unknown>).original === 'string') {
    // Beats and Elastic Agent (Go) write <, > and & as \u003c, \u003e, \u0026.
    escapes = 'go-html';
  }
  // Only Elastic Defend DNS events carry 64-bit flag words (dns.Ext.options).
  const largeIntegers = built.eventKind === 'dns' && built.source === 'defend';
  return escapes === 'dns-dots' ? { keyOrder, escapes, dottedValue: built.dnsName, largeIntegers } : { keyOrder, escapes, largeIntegers };
}
