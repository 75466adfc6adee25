/**
 * The expected-alerts document written beside a corpus (`<out>.expected.json`): for every
 * loaded rule, the sorted 1-based line numbers the reference interpreter alerts on; the
 * malformed lines; the options that reproduce the corpus; and counts of what is in it.
 */
import type { CorpusLine } from './generator.js';
import type { CorpusOptions } from './options.js';
import type { CorpusRule, EvaluationStatistics } from './rules.js';

export const EXPECTED_FORMAT = 'llm-egress/corpus-expected@1';

export interface RuleExpectation {
  ruleId: string;
  name: string;
  version?: number;
  file: string;
  /** Sorted 1-based line numbers of the lines this rule alerts on. */
  alerts: number[];
  alertCount: number;
  /** Lines where the generator's intended verdict differs from the reference interpreter's (expected: none). */
  intentDisagreements: number[];
  /**
   * How the reference interpreter decided: the query's conjuncts in evaluation order (each
   * named by the fields it reads), the events evaluated, and how many the first conjunct
   * settled (see `conjunctEvaluator`).
   */
  evaluation: { conjuncts: string[]; events: number; decidedByFirstConjunct: number };
}

export interface ExpectedDocument {
  format: typeof EXPECTED_FORMAT;
  corpus: string;
  options: CorpusOptions;
  counts: {
    lines: number;
    bytes: number;
    events: number;
    malformed: number;
    byOs: Record<string, number>;
    bySource: Record<string, number>;
    byEventKind: Record<string, number>;
    /** Lines per scenario kind: background, benign, positive, near-miss, other, malformed. */
    byKind: Record<string, number>;
    byLabel: Record<string, number>;
    shapes: { dotted: Record<string, number>; keyOrder: Record<string, number>; escapes: Record<string, number>; categoryString: number };
  };
  rules: Record<string, RuleExpectation>;
  /** Line numbers of every LLM-related scenario (positives, near misses, benign lookups), by label. */
  scenarioLines: Record<string, number[]>;
  malformedLines: Array<{ line: number; kind: string }>;
}

function increment(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
}

function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Accumulates a corpus's expectations line by line, or segment by segment from workers
 * (memory: the alert and scenario lists only). Line numbers must arrive in order.
 */
export class ExpectationCollector {
  private readonly document: ExpectedDocument;
  /** The rules' evaluation counters when collection started: the document reports this corpus's share only. */
  private readonly statisticsAtStart: Map<string, EvaluationStatistics>;

  constructor(
    corpus: string,
    options: CorpusOptions,
    private readonly rules: readonly CorpusRule[],
  ) {
    this.statisticsAtStart = new Map(rules.map((rule) => [rule.id, { ...rule.statistics }]));
    this.document = {
      format: EXPECTED_FORMAT,
      corpus,
      options,
      counts: {
        lines: 0,
        bytes: 0,
        events: 0,
        malformed: 0,
        byOs: {},
        bySource: {},
        byEventKind: {},
        byKind: {},
        byLabel: {},
        shapes: { dotted: {}, keyOrder: {}, escapes: {}, categoryString: 0 },
      },
      rules: {},
      scenarioLines: {},
      malformedLines: [],
    };
    for (const rule of rules) {
      this.document.rules[rule.id] = {
        ruleId: rule.ruleId,
        name: rule.name,
        version: rule.version,
        file: rule.file.split(/[\\/]/).pop() as string,
        alerts: [],
        alertCount: 0,
        intentDisagreements: [],
        evaluation: { conjuncts: [...rule.conjuncts], events: 0, decidedByFirstConjunct: 0 },
      };
    }
  }

  add(line: CorpusLine): void {
    const counts = this.document.counts;
    counts.lines++;
    counts.bytes += line.byteLength + 1;
    increment(counts.byKind, line.kind);
    increment(counts.byLabel, line.label);
    if (line.malformed !== undefined) {
      counts.malformed++;
      this.document.malformedLines.push({ line: line.number, kind: line.malformed });
      return;
    }
    counts.events++;
    increment(counts.byOs, line.os);
    increment(counts.bySource, line.source);
    increment(counts.byEventKind, line.eventKind);
    increment(counts.shapes.dotted, line.shape.dotted);
    increment(counts.shapes.keyOrder, line.shape.keyOrder);
    increment(counts.shapes.escapes, line.shape.escapes);
    if (line.shape.categoryString) counts.shapes.categoryString++;
    if (line.kind === 'positive' || line.kind === 'near-miss' || line.kind === 'benign') this.scenarioList(line.label).push(line.number);
    for (const [id, expectation] of Object.entries(this.document.rules)) {
      const verdict = line.verdicts[id] === true;
      if (verdict) {
        expectation.alerts.push(line.number);
        expectation.alertCount++;
      }
      const intended = line.intent?.[id];
      if (intended !== undefined && intended !== verdict) expectation.intentDisagreements.push(line.number);
    }
  }

  private scenarioList(label: string): number[] {
    let list = this.document.scenarioLines[label];
    if (list === undefined) {
      list = [];
      this.document.scenarioLines[label] = list;
    }
    return list;
  }

  /** Adds the expectations of the next lines, collected elsewhere (a worker's segment). */
  merge(fragment: ExpectedDocument): void {
    const counts = this.document.counts;
    const more = fragment.counts;
    counts.lines += more.lines;
    counts.bytes += more.bytes;
    counts.events += more.events;
    counts.malformed += more.malformed;
    addCounts(counts.byOs, more.byOs);
    addCounts(counts.bySource, more.bySource);
    addCounts(counts.byEventKind, more.byEventKind);
    addCounts(counts.byKind, more.byKind);
    addCounts(counts.byLabel, more.byLabel);
    addCounts(counts.shapes.dotted, more.shapes.dotted);
    addCounts(counts.shapes.keyOrder, more.shapes.keyOrder);
    addCounts(counts.shapes.escapes, more.shapes.escapes);
    counts.shapes.categoryString += more.shapes.categoryString;
    for (const [id, expectation] of Object.entries(this.document.rules)) {
      const other = fragment.rules[id];
      if (other === undefined) throw new Error(`expectations for rule ${id} are missing from a segment`);
      for (const line of other.alerts) expectation.alerts.push(line);
      expectation.alertCount += other.alertCount;
      for (const line of other.intentDisagreements) expectation.intentDisagreements.push(line);
      expectation.evaluation.events += other.evaluation.events;
      expectation.evaluation.decidedByFirstConjunct += other.evaluation.decidedByFirstConjunct;
    }
    for (const [label, numbers] of Object.entries(fragment.scenarioLines)) {
      const list = this.scenarioList(label);
      for (const number of numbers) list.push(number);
    }
    for (const entry of fragment.malformedLines) this.document.malformedLines.push(entry);
  }

  /** The document, with count tables in key order (the same whichever way lines were collected). */
  finish(): ExpectedDocument {
    for (const rule of this.rules) {
      const expectation = this.document.rules[rule.id] as RuleExpectation;
      const start = this.statisticsAtStart.get(rule.id) ?? { events: 0, decidedByFirstConjunct: 0 };
      expectation.evaluation.events += rule.statistics.events - start.events;
      expectation.evaluation.decidedByFirstConjunct += rule.statistics.decidedByFirstConjunct - start.decidedByFirstConjunct;
    }
    const counts = this.document.counts;
    counts.byOs = sortedCounts(counts.byOs);
    counts.bySource = sortedCounts(counts.bySource);
    counts.byEventKind = sortedCounts(counts.byEventKind);
    counts.byKind = sortedCounts(counts.byKind);
    counts.byLabel = sortedCounts(counts.byLabel);
    counts.shapes.dotted = sortedCounts(counts.shapes.dotted);
    counts.shapes.keyOrder = sortedCounts(counts.shapes.keyOrder);
    counts.shapes.escapes = sortedCounts(counts.shapes.escapes);
    this.document.scenarioLines = Object.fromEntries(
      Object.entries(this.document.scenarioLines).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    return this.document;
  }
}

/** Pretty JSON, but lists of numbers on one line (alert lists can hold thousands). */
export function formatExpected(document: ExpectedDocument): string {
  return `${JSON.stringify(document, null, 2).replace(/\[\s*((?:-?\d+,\s*)*-?\d+)\s*\]/g, (_match, numbers: string) => `[${numbers.replace(/\s+/g, '')}]`)}\n`;
}
