#!/usr/bin/env node
// Sums every workspace's vitest JSON report into the one plain line CI reads:
// `N passed, N failed`.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const workspaces = [];
for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(join(root, group))) workspaces.push(join(root, group, name));
}
workspaces.push(join(root, 'benchmarks'));

let passed = 0;
let failed = 0;
for (const workspace of workspaces) {
  const report = join(workspace, 'test-results', 'vitest.json');
  if (!existsSync(report)) continue;
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests ?? 0;
  failed += json.numFailedTests ?? 0;
  // A test file that fails to load has no assertion results but is still a failure.
  for (const file of json.testResults ?? []) {
    if (file.status === 'failed' && (file.assertionResults ?? []).length === 0) failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
