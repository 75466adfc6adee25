/**
 * `llm-egress explain [file|-]`: for each event, every clause's truth value for every
 * rule and one sentence on why it did or did not alert. The input is read whole (this is
 * for looking at a few events, not archives): NDJSON, one JSON array, or one JSON object
 * (pretty-printed is fine), optionally gzip-compressed.
 */
import { readFile } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { createDetector, type Detector } from '@llm-egress/sdk';
import pc from 'picocolors';
import type { ExecutorName } from '../engine/engine.js';
import { isPluginModule } from '../engine/sdk-engine.js';
import { CliError, EXIT_ERROR, errorMessage } from '../errors.js';
import { parseJsonArray } from '../input/json-array.js';
import { firstSignificantByte, isGzipMagic, OPEN_BRACKET } from '../input/sniff.js';
import { readValueLists } from '../input/value-lists.js';
import { formatLocatedError } from '../report/located-error.js';

export interface ExplainOptions {
  rule: string[];
  allowlist: string[];
  valueList: string[];
  format: 'text' | 'json';
  executor?: ExecutorName;
}

export interface ExplainedEvent {
  line: number;
  event: unknown;
}

interface ExplanationView {
  rules: Array<{
    id: string;
    name: string;
    matched: boolean;
    suppressedBy: string | null;
    clauses: Array<{ text: string; line: number; column: number; value: boolean }>;
    summary: string;
  }>;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of stream) pieces.push(piece as Buffer);
  return Buffer.concat(pieces);
}

/** The events of an input, each with its line (or array index), and the lines that were not events. */
export function eventsOf(bytes: Uint8Array, file: string): { events: ExplainedEvent[]; problems: string[] } {
  const first = firstSignificantByte(bytes);
  if (first === OPEN_BRACKET) {
    const parsed = parseJsonArray(bytes);
    if (!parsed.ok) throw new CliError(`${file}${parsed.location}: ${parsed.message}`);
    return { events: parsed.elements.map((event, index) => ({ line: index + 1, event })), problems: [] };
  }
  const text = Buffer.from(bytes).toString('utf8');
  // One (possibly pretty-printed) JSON object?
  if (first === 0x7b) {
    try {
      const whole = JSON.parse(text) as unknown;
      if (whole && typeof whole === 'object' && !Array.isArray(whole)) return { events: [{ line: 1, event: whole }], problems: [] };
    } catch {
      // Not one document: read it as NDJSON below.
    }
  }
  const events: ExplainedEvent[] = [];
  const problems: string[] = [];
  text.split('\n').forEach((lineText, index) => {
    if (lineText.trim() === '') return;
    try {
      events.push({ line: index + 1, event: JSON.parse(lineText) });
    } catch (error) {
      problems.push(`${file}:${index + 1}: invalid JSON: ${errorMessage(error)}`);
    }
  });
  return { events, problems };
}

const LONG_CLAUSE = 100;

/**
 * A clause as people can read it: a long list of values keeps its first few and says how
 * many were left out (the JSON format keeps everything).
 */
export function shortenClause(text: string): string {
  if (text.length <= LONG_CLAUSE) return text;
  const list = /^(.*?\(\s*)(".*")(\s*\))$/s.exec(text);
  if (!list) return `${text.slice(0, LONG_CLAUSE - 1)}…`;
  const values = list[2].split(/(?<="),\s*(?=")/);
  if (values.length <= 3) return `${text.slice(0, LONG_CLAUSE - 1)}…`;
  return `${list[1]}${values.slice(0, 3).join(', ')}, … ${values.length - 3} more${list[3]}`;
}

function renderExplanation(explanation: ExplanationView, heading: string, color: boolean): string {
  const paint = color ? pc : { green: String, red: String, dim: String, bold: String, yellow: String };
  const alerted = explanation.rules.some((rule) => rule.matched && rule.suppressedBy === null);
  const lines = [paint.bold(`${heading}: ${alerted ? paint.red('ALERT') : 'no alert'}`)];
  for (const rule of explanation.rules) {
    const state = rule.matched
      ? rule.suppressedBy
        ? paint.yellow(`matched, suppressed by ${rule.suppressedBy}`)
        : paint.red('matched')
      : 'not matched';
    lines.push(`  rule ${rule.id} "${rule.name}": ${state}`);
    for (const clause of rule.clauses) {
      const mark = clause.value ? paint.green('true ') : paint.dim('false');
      lines.push(`    ${mark}  ${paint.dim(`${clause.line}:${clause.column}`)}  ${shortenClause(clause.text)}`);
    }
    lines.push(`    → ${rule.summary}`);
  }
  return `${lines.join('\n')}\n`;
}

export async function explainCommand(
  input: string,
  options: ExplainOptions,
  io: { stdout: Writable & { isTTY?: boolean }; stderr: Writable; stdin: () => Readable },
): Promise<number> {
  const valueLists = await readValueLists(options.valueList);
  let detector: Detector;
  try {
    detector = await createDetector({
      rules: options.rule.length > 0 ? options.rule : undefined,
      allowlists: options.allowlist.filter((path) => !isPluginModule(path)),
      plugins: options.allowlist.filter(isPluginModule),
      valueLists,
      ...(options.executor ? { executor: options.executor } : {}),
    });
  } catch (error) {
    throw new CliError(formatLocatedError(error));
  }
  let bytes: Buffer;
  try {
    bytes = input === '-' ? await readAll(io.stdin()) : await readFile(input);
    if (isGzipMagic(bytes)) bytes = gunzipSync(bytes);
  } catch (error) {
    throw new CliError(`${input}: cannot read: ${errorMessage(error)}`);
  }
  const { events, problems } = eventsOf(bytes, input);
  for (const problem of problems) io.stderr.write(`llm-egress: ${problem}\n`);
  const color = io.stdout.isTTY === true;
  let failures = problems.length;
  for (const { line, event } of events) {
    let explanation: ExplanationView;
    try {
      explanation = detector.explain(event) as unknown as ExplanationView;
    } catch (error) {
      failures++;
      io.stderr.write(`llm-egress: ${input}:${line}: ${errorMessage(error)}\n`);
      continue;
    }
    if (options.format === 'json') {
      io.stdout.write(`${JSON.stringify({ source: { file: input, line }, ...explanation })}\n`);
    } else {
      io.stdout.write(renderExplanation(explanation, `${input}:${line}`, color));
    }
  }
  if (events.length === 0) io.stderr.write(`llm-egress: ${input}: no events to explain\n`);
  return failures > 0 ? EXIT_ERROR : 0;
}
