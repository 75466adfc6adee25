#!/usr/bin/env node
// Conformance of the EQL front end and the reference interpreter against public suites in
// ../shared/conformance (read at run time, never copied into the repository):
//
// 1. Elasticsearch's own QA queries that use only ==, !=, <, <=, >, >=, in, not in, :, and,
//    or, not (es-qa__test_queries_operator_subset.toml) over its test data
//    (endgame-eql__test_data.json, event category = each event's `event_type`): every
//    query must return exactly the events Elasticsearch returns.
// 2. Every query of endgame-eql's test_queries.toml (Python eql syntax, much of which
//    Elasticsearch rejects): how many parse and pass the checker, how many are rejected as
//    unsupported and for which construct, how many are invalid EQL, and that none crashes.
//
// `npm run conformance` runs this file on the built package (dist/); the test suite runs
// `runConformance` on the sources. Exit status 1 when a QA query fails or a query crashes.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse as parseToml } from 'smol-toml';

export const OPERATOR_SUBSET = 'conformance/es-qa__test_queries_operator_subset.toml';
export const TEST_DATA = 'conformance/endgame-eql__test_data.json';
export const ENDGAME_QUERIES = 'conformance/endgame-eql__test_queries.toml';

/** ../shared beside the checkout, or $LLM_EGRESS_SHARED. */
export function defaultSharedDir() {
  if (process.env.LLM_EGRESS_SHARED) return resolve(process.env.LLM_EGRESS_SHARED);
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared');
}

export function hasConformanceData(sharedDir) {
  return [OPERATOR_SUBSET, TEST_DATA, ENDGAME_QUERIES].every((file) => existsSync(join(sharedDir, file)));
}

/** The QA data's events as ECS sees them: the category of each is its `event_type`. */
function asEcsEvent(event) {
  return { ...event, event: { category: event.event_type } };
}

function runOperatorSubset(api, sharedDir) {
  const { queries } = parseToml(readFileSync(join(sharedDir, OPERATOR_SUBSET), 'utf8'));
  const events = JSON.parse(readFileSync(join(sharedDir, TEST_DATA), 'utf8'));
  const failures = [];
  for (const entry of queries) {
    const expected = [...entry.expected_event_ids].sort((a, b) => a - b);
    const failure = { name: entry.name, query: entry.query.trim(), expected };
    try {
      const { query, diagnostics } = api.parseQuery(entry.query, { file: entry.name });
      const problems = query ? api.checkQuery(query) : diagnostics;
      if (problems.length > 0) {
        failures.push({ ...failure, error: problems.map(api.formatDiagnostic).join('\n') });
        continue;
      }
      const actual = events
        .filter((event) => api.evaluateReference(query, asEcsEvent(event)))
        .map((event) => event.serial_event_id)
        .sort((a, b) => a - b);
      if (JSON.stringify(actual) !== JSON.stringify(expected)) failures.push({ ...failure, actual });
    } catch (error) {
      failures.push({ ...failure, error: `crashed: ${error instanceof Error ? error.stack : String(error)}` });
    }
  }
  return { total: queries.length, passed: queries.length - failures.length, failures };
}

function count(map, key) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function runCorpus(api, sharedDir) {
  const { queries } = parseToml(readFileSync(join(sharedDir, ENDGAME_QUERIES), 'utf8'));
  const report = {
    total: queries.length,
    supported: 0,
    unsupported: 0,
    invalid: 0,
    unsupportedConstructs: new Map(),
    invalidCodes: new Map(),
    crashed: [],
  };
  for (const entry of queries) {
    try {
      const { query, diagnostics } = api.parseQuery(entry.query);
      const problems = query ? api.checkQuery(query) : diagnostics;
      const codes = new Set(problems.map((problem) => problem.code));
      const invalid = [...codes].filter((code) => !code.startsWith('unsupported-') && code !== 'invalid-cidr');
      if (problems.length === 0) {
        report.supported++;
      } else if (invalid.length === 0) {
        report.unsupported++;
        for (const code of codes) count(report.unsupportedConstructs, code);
      } else {
        report.invalid++;
        for (const code of invalid) count(report.invalidCodes, code);
      }
    } catch (error) {
      report.crashed.push({ query: entry.query.trim(), error: error instanceof Error ? error.stack : String(error) });
    }
  }
  return report;
}

/**
 * Runs both suites with `api` (the package's public functions: parseQuery, checkQuery,
 * evaluateReference, formatDiagnostic), so that tests can pass the sources and the
 * script the build.
 */
export function runConformance(api, sharedDir = defaultSharedDir()) {
  return { operators: runOperatorSubset(api, sharedDir), corpus: runCorpus(api, sharedDir) };
}

const breakdown = (map) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, n]) => `${code} ${n}`)
    .join(', ');

export function formatReport({ operators, corpus }) {
  const lines = [
    `Elasticsearch EQL QA operator subset (${OPERATOR_SUBSET} over ${TEST_DATA})`,
    `  ${operators.passed}/${operators.total} passed`,
  ];
  for (const failure of operators.failures) {
    lines.push(`  FAIL ${failure.name}: ${failure.query.replace(/\s+/g, ' ')}`);
    lines.push(`       expected ${JSON.stringify(failure.expected)}`);
    if (failure.actual) lines.push(`       actual   ${JSON.stringify(failure.actual)}`);
    if (failure.error) lines.push(...failure.error.split('\n').map((line) => `       ${line}`));
  }
  lines.push(
    `endgame-eql test queries (${ENDGAME_QUERIES}): ${corpus.total} queries`,
    `  parsed and supported:             ${corpus.supported}`,
    `  parsed, rejected as unsupported:  ${corpus.unsupported}${corpus.unsupported ? ` (queries per construct: ${breakdown(corpus.unsupportedConstructs)})` : ''}`,
    `  rejected as invalid EQL:          ${corpus.invalid}${corpus.invalid ? ` (${breakdown(corpus.invalidCodes)})` : ''}`,
    `  crashed:                          ${corpus.crashed.length}`,
  );
  for (const crash of corpus.crashed)
    lines.push(`  CRASH ${crash.query.replace(/\s+/g, ' ')}`, ...crash.error.split('\n').map((line) => `       ${line}`));
  return lines.join('\n');
}

async function main() {
  const sharedDir = defaultSharedDir();
  if (!hasConformanceData(sharedDir)) {
    console.log(
      `conformance skipped: the conformance data of ../shared was not found at ${sharedDir}; set LLM_EGRESS_SHARED to its location`,
    );
    return 0;
  }
  const distEntry = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'index.js');
  if (!existsSync(distEntry)) {
    console.error(`conformance: ${distEntry} is missing; build first (npx turbo run build --filter=@llm-egress/rules)`);
    return 1;
  }
  const api = await import(pathToFileURL(distEntry).href);
  const report = runConformance(api, sharedDir);
  console.log(formatReport(report));
  return report.operators.passed === report.operators.total && report.corpus.crashed.length === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then(
    (status) => {
      process.exitCode = status;
    },
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
