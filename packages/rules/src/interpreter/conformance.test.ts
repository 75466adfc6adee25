// The conformance suites of scripts/conformance.mjs, run on the sources.
import { hasShared, SHARED_MISSING_MESSAGE, sharedDir } from '@llm-egress/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ConformanceReport, formatReport, hasConformanceData, runConformance } from '../../scripts/conformance.mjs';
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
});
