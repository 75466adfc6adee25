#!/usr/bin/env node
// The raw-bytes WASM executor on one thread: the file is read in chunks straight into WASM
// memory (no JS string, no JSON.parse), cut at the last newline, and scanned; the bytes
// after it are carried to the next chunk.
//
// usage: node raw-wasm.mjs <file.ndjson> [--validate] [--rule id-or-file]…
// prints one JSON line: { lines, malformed, alerts: { [ruleSource]: [lineNumbers…] }, maxRssKb, cpuSeconds, setupSeconds, scanSeconds, scanCpuSeconds, info }
import { closeSync, openSync, readSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadMatcherModule, loadPlan } from '@llm-egress/matcher';
import { compileLoadedRules, encodePlan, loadRules } from '@llm-egress/rules';

const CHUNK_BYTES = 8 * 1024 * 1024;
const NEWLINE = 0x0a;

const { values, positionals } = parseArgs({
  options: { validate: { type: 'boolean', default: false }, rule: { type: 'string', multiple: true } },
  allowPositionals: true,
});
const [file] = positionals;
if (file === undefined) {
  process.stderr.write('usage: node raw-wasm.mjs <file.ndjson> [--validate] [--rule id-or-file]…\n');
  process.exit(2);
}

const started = performance.now();
const plan = compileLoadedRules((values.rule ?? ['llm-endpoints']).flatMap((reference) => loadRules(reference)));
const module = await loadMatcherModule('node');
const executor = loadPlan(module, encodePlan(plan));
const ruleSources = plan.rules.map((rule) => rule.metadata.source);
const alerts = Object.fromEntries(ruleSources.map((source) => [source, []]));
const setupSeconds = (performance.now() - started) / 1000;

const scanStarted = performance.now();
const scanCpuStarted = process.cpuUsage();
const descriptor = openSync(file, 'r');
let carry = new Uint8Array(0);
let linesBefore = 0;
let malformed = 0;
const scanOptions = { validate: values.validate };

function record(result) {
  for (const match of result.matches) {
    if (match.suppressedBy < 0) alerts[ruleSources[match.rule]].push(linesBefore + match.line + 1);
  }
  malformed += result.errors.length;
  linesBefore += result.lines;
}

for (;;) {
  // A fresh view each time: loading or scanning may grow WASM memory and detach the old one.
  const input = executor.input(CHUNK_BYTES);
  input.set(carry);
  const read = readSync(descriptor, input, carry.length, CHUNK_BYTES - carry.length, null);
  const filled = carry.length + read;
  if (read === 0) {
    if (filled > 0) record(executor.scanInput(filled, scanOptions));
    break;
  }
  const lastNewline = input.lastIndexOf(NEWLINE, filled - 1);
  if (lastNewline < 0) {
    if (filled === CHUNK_BYTES) throw new Error(`${file}: a line longer than ${CHUNK_BYTES} bytes near line ${linesBefore + 1}`);
    carry = input.slice(0, filled);
    continue;
  }
  carry = input.slice(lastNewline + 1, filled);
  record(executor.scanInput(lastNewline + 1, scanOptions));
}
closeSync(descriptor);
const scanSeconds = (performance.now() - scanStarted) / 1000;
const scanCpu = process.cpuUsage(scanCpuStarted);
// CPU time of the scan alone: on a busy shared machine it says more than the wall clock.
const scanCpuSeconds = (scanCpu.user + scanCpu.system) / 1e6;
const info = executor.info();
executor.free();
const usage = process.resourceUsage();
// Without validation only the lines that had to be parsed are checked: the malformed count is then not exact.
const exactMalformed = values.validate ? malformed : null;
const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
process.stdout.write(
  `${JSON.stringify({ lines: linesBefore, malformed: exactMalformed, alerts, maxRssKb: usage.maxRSS, cpuSeconds, setupSeconds, scanSeconds, scanCpuSeconds, info })}\n`,
);
