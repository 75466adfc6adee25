/**
 * What a scan found, accumulated in input order: the totals behind the summary printed on
 * stderr and the `--stats-json` document.
 */
import { type Alert, addCounters, emptyCounters, type LineError, type ScanCounters } from '../engine/engine.js';
import { textAt } from './alert-fields.js';

/** Line errors shown in full; the rest are counted. */
export const SHOWN_LINE_ERRORS = 10;
const TOP = 5;

export interface ScanStats {
  files: number;
  /** bytes of events scanned, after decompression */
  bytes: number;
  /** bytes read from the inputs (compressed size for gzip) */
  inputBytes: number;
  lines: number;
  events: number;
  malformed: number;
  alerts: number;
  /** alerts suppressed, per allowlist item id or plugin name */
  suppressed: Record<string, number>;
  pluginErrors: number;
  perRule: Record<string, number>;
  perProvider: Record<string, number>;
  /** inputs that could not be read to their end (each message names the file) */
  inputErrors: string[];
  elapsedMs: number;
  bytesPerSecond: number;
  eventsPerSecond: number;
}

function increment(counts: Map<string, number>, key: string): void {
  if (key === '') return;
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function top(counts: Map<string, number>): Array<[string, number]> {
  return [...counts.entries()]
    .sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : left[0] > right[0] ? 1 : 0))
    .slice(0, TOP);
}

function sortedRecord(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)));
}

export class ScanSummary {
  readonly counters: ScanCounters = emptyCounters();
  files = 0;
  bytes = 0;
  inputBytes = 0;
  alerts = 0;
  readonly lineErrors: LineError[] = [];
  readonly inputErrors: string[] = [];
  private readonly providers = new Map<string, number>();
  private readonly processes = new Map<string, number>();
  private readonly hosts = new Map<string, number>();
  private readonly perRule = new Map<string, number>();
  private readonly perProvider = new Map<string, number>();

  /** Counters of a scanned chunk (before plugins) and the first of its line errors. */
  addChunk(counters: ScanCounters, errors: LineError[], bytes: number, inputBytes: number): void {
    addCounters(this.counters, counters);
    this.bytes += bytes;
    this.inputBytes += inputBytes;
    for (const error of errors) {
      if (this.lineErrors.length >= SHOWN_LINE_ERRORS) break;
      this.lineErrors.push(error);
    }
  }

  /** What plugins suppressed and how many of their calls failed. */
  addPluginResults(suppressed: Record<string, number>, pluginErrors: number): void {
    for (const [key, count] of Object.entries(suppressed)) this.counters.suppressed[key] = (this.counters.suppressed[key] ?? 0) + count;
    this.counters.pluginErrors += pluginErrors;
  }

  /** An alert that was written (kept by every plugin). */
  addAlert(alert: Alert, ruleKey: string): void {
    this.alerts++;
    const provider = textAt(alert, 'llm_egress.provider.name');
    increment(this.providers, provider);
    increment(this.perProvider, provider);
    increment(this.processes, textAt(alert, 'process.name') || textAt(alert, 'process.executable'));
    increment(this.hosts, textAt(alert, 'host.name'));
    increment(this.perRule, ruleKey);
  }

  addInputError(message: string): void {
    this.inputErrors.push(message);
  }

  stats(elapsedMs: number): ScanStats {
    const seconds = Math.max(elapsedMs, 1) / 1000;
    return {
      files: this.files,
      bytes: this.bytes,
      inputBytes: this.inputBytes,
      lines: this.counters.lines,
      events: this.counters.events,
      malformed: this.counters.malformed,
      alerts: this.alerts,
      suppressed: sortedRecord(this.counters.suppressed),
      pluginErrors: this.counters.pluginErrors,
      perRule: sortedRecord(Object.fromEntries(this.perRule)),
      perProvider: sortedRecord(Object.fromEntries(this.perProvider)),
      inputErrors: [...this.inputErrors],
      elapsedMs: Math.round(elapsedMs),
      bytesPerSecond: Math.round(this.bytes / seconds),
      eventsPerSecond: Math.round(this.counters.events / seconds),
    };
  }

  /** Top providers, processes and hosts among the alerts. */
  tops(): { providers: Array<[string, number]>; processes: Array<[string, number]>; hosts: Array<[string, number]> } {
    return { providers: top(this.providers), processes: top(this.processes), hosts: top(this.hosts) };
  }
}
