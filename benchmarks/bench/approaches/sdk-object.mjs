#!/usr/bin/env node
// The SDK's object executor: `createDetector({ executor: 'object' })`, fed whole-line chunks
// of the file; `detector.scan` decodes each line, JSON.parses it and evaluates the plan on
// the object (string sets in the WASM automaton), building Elastic-shaped alerts.
//
// usage: node sdk-object.mjs <file.ndjson> [--rule id-or-file]…
// prints one JSON line: { lines, events, malformed, alerts: { [ruleId]: [lineNumbers…] }, maxRssKb, cpuSeconds, setupSeconds, scanSeconds }
import { closeSync, openSync, readSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createDetector } from '@llm-egress/sdk';

const CHUNK_BYTES = 8 * 1024 * 1024;
const NEWLINE = 0x0a;

const { values, positionals } = parseArgs({ options: { rule: { type: 'string', multiple: true } }, allowPositionals: true });
const [file] = positionals;
if (file === undefined) {
  process.stderr.write('usage: node sdk-object.mjs <file.ndjson> [--rule id-or-file]…\n');
  process.exit(2);
}

const started = performance.now();
const detector = await createDetector({ rules: values.rule ?? ['llm-endpoints'], executor: 'object' });
const alerts = Object.fromEntries(detector.rules.map((rule) => [rule.id, []]));
const setupSeconds = (performance.now() - started) / 1000;

const scanStarted = performance.now();
const descriptor = openSync(file, 'r');
const buffer = new Uint8Array(CHUNK_BYTES);
let carried = 0;
let lines = 0;
let events = 0;
let malformed = 0;

async function scan(chunk) {
  const result = await detector.scan(chunk, { file, firstLine: lines + 1, runPlugins: false });
  for (const alert of result.alerts) alerts[alert.llm_egress.rule.id].push(alert.llm_egress.source.line);
  lines += result.counters.lines;
  events += result.counters.events;
  malformed += result.counters.malformed;
}

for (;;) {
  const read = readSync(descriptor, buffer, carried, CHUNK_BYTES - carried, null);
  const filled = carried + read;
  if (read === 0) {
    if (filled > 0) await scan(buffer.subarray(0, filled));
    break;
  }
  const lastNewline = buffer.lastIndexOf(NEWLINE, filled - 1);
  if (lastNewline < 0) {
    if (filled === CHUNK_BYTES) throw new Error(`${file}: a line longer than ${CHUNK_BYTES} bytes near line ${lines + 1}`);
    carried = filled;
    continue;
  }
  await scan(buffer.subarray(0, lastNewline + 1));
  buffer.copyWithin(0, lastNewline + 1, filled);
  carried = filled - lastNewline - 1;
}
closeSync(descriptor);
const scanSeconds = (performance.now() - scanStarted) / 1000;
for (const list of Object.values(alerts)) list.sort((left, right) => left - right);
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({ lines, events, malformed, alerts, maxRssKb: usage.maxRSS, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, setupSeconds, scanSeconds })}\n`,
);
