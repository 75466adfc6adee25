#!/usr/bin/env node
// The naive baseline a user would write: readline + JSON.parse + one RegExp per pattern,
// testing each pattern in turn, over nested or dotted keys. It is given the rule's Plan so
// that its verdicts are comparable (the benchmark checks them against the expected
// alerts), but it spends its time the way a straightforward script does.
//
// usage: node naive.mjs <file.ndjson> [rule-id-or-file …]
// prints one JSON line: { lines, events, alerts: { [ruleSource]: [lineNumbers…] }, maxRssKb,
// cpuSeconds, setupSeconds, scanSeconds }
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { compileLoadedRules, loadRules } from '@llm-egress/rules';

const started = performance.now();
const [file, ...ruleReferences] = process.argv.slice(2);
if (file === undefined) {
  process.stderr.write('usage: node naive.mjs <file.ndjson> [rule-id-or-file …]\n');
  process.exit(2);
}
const plan = compileLoadedRules(
  (ruleReferences.length > 0 ? ruleReferences : ['llm-endpoints']).flatMap((reference) => loadRules(reference)),
);

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function toRegExp(pattern, mode, caseInsensitive) {
  const body =
    mode === 'wildcard'
      ? [...pattern].map((c) => (c === '*' ? '[^]*' : c === '?' ? '.' : escapeRegExp(c))).join('')
      : escapeRegExp(pattern);
  const anchored =
    mode === 'exact' || mode === 'wildcard' ? `^${body}$` : mode === 'prefix' ? `^${body}` : mode === 'suffix' ? `${body}$` : body;
  // `u` so that `.` is one code point; `i` folds more than ASCII, a known naive inexactness.
  return new RegExp(anchored, caseInsensitive ? 'iu' : 'u');
}
const groupRegExps = plan.stringSets.map((set) =>
  set.groups.map((group) => group.patterns.map((p) => toRegExp(p, group.mode, group.caseInsensitive))),
);

function values(node, path, index, out) {
  if (node === null || node === undefined) return;
  if (Array.isArray(node)) {
    for (const item of node) values(item, path, index, out);
    return;
  }
  if (index === path.length) {
    out.push(node);
    return;
  }
  if (typeof node !== 'object') return;
  for (let end = index + 1; end <= path.length; end++) {
    const key = path.slice(index, end).join('.');
    if (Object.hasOwn(node, key)) values(node[key], path, end, out);
  }
}
const fieldPaths = plan.fields.map((field) => field.split('.'));

function predicate(event, p) {
  const found = [];
  values(event, fieldPaths[p.field], 0, found);
  switch (p.kind) {
    case 'exists':
      return found.length > 0;
    case 'group':
      return found.some((value) => typeof value === 'string' && groupRegExps[p.set][p.group].some((regExp) => regExp.test(value)));
    case 'compare':
      return found.some((value) => {
        if (typeof p.value === 'boolean')
          return p.value ? value === true || value === 'true' : value === false || value === 'false' || value === '';
        if (typeof p.value === 'number') {
          const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
          if (p.op === '==') return number === p.value;
          if (typeof value !== 'number') return false;
          return p.op === '<' ? value < p.value : p.op === '<=' ? value <= p.value : p.op === '>' ? value > p.value : value >= p.value;
        }
        if (typeof value !== 'string') return false;
        return p.op === '<' ? value < p.value : p.op === '<=' ? value <= p.value : p.op === '>' ? value > p.value : value >= p.value;
      });
    default:
      return false;
  }
}

function run(program, event) {
  const stack = [];
  for (const instruction of program) {
    if (instruction.op === 'predicate') stack.push(predicate(event, plan.predicates[instruction.index]));
    else if (instruction.op === 'const') stack.push(instruction.value);
    else if (instruction.op === 'not') stack.push(!stack.pop());
    else {
      const right = stack.pop();
      const left = stack.pop();
      stack.push(instruction.op === 'and' ? left && right : left || right);
    }
  }
  return stack.pop();
}

const alerts = Object.fromEntries(plan.rules.map((rule) => [rule.metadata.source, []]));
const setupSeconds = (performance.now() - started) / 1000;
const scanStarted = performance.now();
let lines = 0;
let events = 0;
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY })) {
  lines += 1;
  let event;
  try {
    event = JSON.parse(line);
  } catch {
    continue;
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) continue;
  events += 1;
  for (const rule of plan.rules) {
    if (run(rule.program, event) && !rule.exceptions.some((exception) => run(exception.program, event)))
      alerts[rule.metadata.source].push(lines);
  }
}
const scanSeconds = (performance.now() - scanStarted) / 1000;
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({ lines, events, alerts, maxRssKb: usage.maxRSS, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, setupSeconds, scanSeconds })}\n`,
);
