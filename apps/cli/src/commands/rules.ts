/**
 * `llm-egress rules list` and `llm-egress rules check <file>`: what rules ship with the
 * command, and whether a rule file parses and compiles, with a summary of its Plan.
 */
import type { Writable } from 'node:stream';
import { createDetector, type Detector, listBundledRules } from '@llm-egress/sdk';
import { isPluginModule } from '../engine/sdk-engine.js';
import { CliError } from '../errors.js';
import { readValueLists } from '../input/value-lists.js';
import { formatCount } from '../report/format-numbers.js';
import { formatLocatedError } from '../report/located-error.js';

export type ListFormat = 'text' | 'json';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function rulesListCommand(options: { format: ListFormat }, stdout: Writable): number {
  const rules = listBundledRules();
  if (options.format === 'json') {
    stdout.write(`${JSON.stringify(rules, null, 2)}\n`);
    return 0;
  }
  const idWidth = Math.max(2, ...rules.map((rule) => rule.id.length)) + 2;
  stdout.write(`${pad('ID', idWidth)}${pad('VERSION', 9)}NAME\n`);
  for (const rule of rules) stdout.write(`${pad(rule.id, idWidth)}${pad(String(rule.version), 9)}${rule.name}\n`);
  stdout.write(`\nUse one with \`llm-egress scan --rule <id>\`; \`${rules[0]?.id ?? 'llm-endpoints'}\` is the default.\n`);
  return 0;
}

/** The parts of the Plan that `rules check` summarises (packages/rules/PLAN.md). */
interface PlanView {
  fields: string[];
  stringSets: Array<{ field: number; groups: Array<{ mode: string; caseInsensitive: boolean; patterns: string[] }> }>;
  predicates: unknown[];
  clauses: unknown[];
  rules: Array<{
    metadata: { source: string; ruleId: string; name: string; version: number; severity: string; riskScore: number };
    program: unknown[];
    exceptions: Array<{ origin: { id: string; file?: string; comment?: string } }>;
    requiredLiterals: string[] | null;
  }>;
  providers: unknown[];
  prefilter: string[] | null;
}

function sample(values: string[], count: number): string {
  const shown = values.slice(0, count).map((value) => JSON.stringify(value));
  return values.length > count ? `${shown.join(', ')}, … (${values.length - count} more)` : shown.join(', ');
}

export function describePlan(plan: PlanView): string {
  const lines: string[] = [];
  for (const rule of plan.rules) {
    const { metadata } = rule;
    lines.push(
      `rule ${metadata.source}: "${metadata.name}" version ${metadata.version} (rule_id ${metadata.ruleId}, ${metadata.severity}, risk ${metadata.riskScore})`,
    );
    lines.push(`  program: ${formatCount(rule.program.length)} instructions`);
    lines.push(
      rule.requiredLiterals
        ? `  required literals: ${formatCount(rule.requiredLiterals.length)} (${sample(rule.requiredLiterals, 4)})`
        : '  required literals: none (every line is evaluated)',
    );
    if (rule.exceptions.length > 0) {
      lines.push(`  allowlist items: ${rule.exceptions.length}`);
      for (const exception of rule.exceptions) {
        const from = exception.origin.file ? ` from ${exception.origin.file}` : '';
        const why = exception.origin.comment ? `: ${exception.origin.comment}` : '';
        lines.push(`    ${exception.origin.id}${from}${why}`);
      }
    }
  }
  lines.push(`fields (${plan.fields.length}): ${plan.fields.join(', ')}`);
  lines.push(`string sets (${plan.stringSets.length}):`);
  for (const set of plan.stringSets) {
    const total = set.groups.reduce((sum, group) => sum + group.patterns.length, 0);
    lines.push(
      `  ${plan.fields[set.field]}: ${set.groups.length} group${set.groups.length === 1 ? '' : 's'}, ${formatCount(total)} pattern${total === 1 ? '' : 's'}`,
    );
    for (const group of set.groups) {
      lines.push(
        `    ${group.mode}${group.caseInsensitive ? ', case-insensitive' : ''}: ${formatCount(group.patterns.length)} (${sample(group.patterns, 3)})`,
      );
    }
  }
  lines.push(`predicates: ${plan.predicates.length}, clauses: ${plan.clauses.length}, providers: ${plan.providers.length}`);
  lines.push(
    plan.prefilter
      ? `prefilter: ${formatCount(plan.prefilter.length)} literals (${sample(plan.prefilter, 5)})`
      : 'prefilter: none (some rule has no required literal)',
  );
  return `${lines.join('\n')}\n`;
}

export async function rulesCheckCommand(
  file: string,
  options: { allowlist: string[]; valueList: string[]; format: ListFormat },
  stdout: Writable,
): Promise<number> {
  const valueLists = await readValueLists(options.valueList);
  let detector: Detector;
  try {
    detector = await createDetector({
      rules: [file],
      allowlists: options.allowlist.filter((path) => !isPluginModule(path)),
      plugins: options.allowlist.filter(isPluginModule),
      valueLists,
    });
  } catch (error) {
    throw new CliError(formatLocatedError(error));
  }
  const plan = detector.plan as unknown as PlanView;
  if (options.format === 'json') {
    stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
    return 0;
  }
  stdout.write(`${file}: OK\n${describePlan(plan)}`);
  return 0;
}
