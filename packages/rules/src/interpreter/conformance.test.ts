// The conformance suites of scripts/conformance.mjs, run on the sources.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasShared, SHARED_MISSING_MESSAGE, sharedDir } from '@llm-egress/testkit';
import { parse } from 'smol-toml';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ConformanceReport,
  ENDGAME_QUERIES,
  formatReport,
  hasConformanceData,
  runConformance,
  TEST_DATA,
} from '../../scripts/conformance.mjs';
import { checkQuery } from '../eql/checker.js';
import { formatDiagnostic } from '../eql/errors.js';
import { parseQuery } from '../eql/parser.js';
import { evaluateReference } from './evaluate.js';

const available = hasShared && hasConformanceData(sharedDir);

describe.skipIf(!available)(`conformance (${available ? 'suites from ../shared/conformance' : SHARED_MISSING_MESSAGE})`, () => {
  let report: ConformanceReport;
  beforeAll(() => {
    report = runConformance({ parseQuery, checkQuery, evaluateReference, formatDiagnostic }, sharedDir);
  });

  it('returns exactly the events Elasticsearch returns for its 35 QA operator queries', () => {
    expect(report.operators.failures).toEqual([]);
    expect(report.operators).toMatchObject({ total: 35, passed: 35 });
    expect(formatReport(report)).toContain('35/35 passed');
  });

  it('parses every endgame-eql test query without crashing, and sorts each into supported, unsupported or invalid', () => {
    const { corpus } = report;
    expect(corpus.crashed).toEqual([]);
    expect(corpus.supported + corpus.unsupported + corpus.invalid).toBe(corpus.total);
    expect(corpus.total).toBe(241);
    // the multi-event constructs are recognised as such, not as syntax errors
    expect(corpus.unsupportedConstructs.get('unsupported-sequence')).toBeGreaterThan(0);
    expect(corpus.unsupportedConstructs.get('unsupported-pipe')).toBeGreaterThan(0);
    expect(corpus.supported).toBeGreaterThan(0);
  });

  it('agrees with endgame-eql on its cidrMatch queries (IP semantics are the same in both engines)', () => {
    const { queries } = parse(readFileSync(join(sharedDir, ENDGAME_QUERIES), 'utf8')) as {
      queries: { query: string; expected_event_ids: number[] }[];
    };
    const events = JSON.parse(readFileSync(join(sharedDir, TEST_DATA), 'utf8')) as { event_type: string; serial_event_id: number }[];
    const cidrQueries = queries.filter((entry) => entry.query.includes('cidrMatch'));
    expect(cidrQueries).toHaveLength(4);
    for (const entry of cidrQueries) {
      const { query } = parseQuery(entry.query);
      if (!query) throw new Error(`does not parse: ${entry.query}`);
      const matched = events
        .filter((event) => evaluateReference(query, { ...event, event: { category: event.event_type } }))
        .map((event) => event.serial_event_id);
      expect(matched.sort((a, b) => a - b)).toEqual([...entry.expected_event_ids].sort((a, b) => a - b));
    }
  });
});
