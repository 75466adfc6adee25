/**
 * The expected-alerts document written beside a corpus (`<out>.expected.json`): for every
 * loaded rule, the sorted 1-based line numbers the reference interpreter alerts on; the
 * malformed lines; the options that reproduce the corpus; and counts of what is in it.
 */
import type { CorpusLine } from './generator.js';
import type { CorpusOptions } from './options.js';
import type { CorpusRule } from './rules.js';

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
  /** How the verdicts were computed: events settled by the gate conjunct, and events evaluated in full. */
  evaluation: { gate: string | null; gated: number; full: number };
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

/** Accumulates a corpus's expectations line by line (memory: the alert and scenario lists only). */
export class ExpectationCollector {
  private readonly document: ExpectedDocument;

  constructor(corpus: string, options: CorpusOptions, private readonly rules: readonly CorpusRule[]) {
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
        evaluation: { gate: rule.gate ?? null, gated: 0, full: 0 },
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
    if (line.kind === 'positive' || line.kind === 'near-miss' || line.kind === 'benign') (this.document.scenarioLines[line.label] ??= []).push(line.number);
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

  finish(): ExpectedDocument {
    for (const rule of this.rules) {
      const expectation = this.document.rules[rule.id] as RuleExpectation;
      expectation.evaluation.gated = rule.statistics.gated;
      expectation.evaluation.full = rule.statistics.full;
    }
    return this.document;
  }
}

/** Pretty JSON, but lists of numbers on one line (alert lists can hold thousands). */
export function formatExpected(document: ExpectedDocument): string {
  return `${JSON.stringify(document, null, 2).replace(/\[\s*((?:-?\d+,\s*)*-?\d+)\s*\]/g, (_match, numbers: string) => `[${numbers.replace(/\s+/g, '')}]`)}\n`;
}
