import pc from 'picocolors';
import type { LineError } from '../engine/engine.js';
import { formatBytes, formatCount, formatSeconds } from './format-numbers.js';
import type { ScanStats, ScanSummary } from './summary.js';

/** `file:line[:column]: reason`, the form every malformed line is reported in. */
export function formatLineError(error: LineError, fallbackFile: string): string {
  const column = error.column === undefined ? '' : `:${error.column}`;
  return `${error.file ?? fallbackFile}:${error.line}${column}: ${error.message}`;
}

function plural(count: number, word: string): string {
  return `${formatCount(count)} ${word}${count === 1 ? '' : 's'}`;
}

function list(entries: Array<[string, number]>): string {
  return entries.map(([name, count]) => `${name} ${formatCount(count)}`).join(' · ');
}

/** The human summary printed on stderr after a scan. */
export function renderSummary(
  summary: ScanSummary,
  stats: ScanStats,
  options: { color: boolean; strict: boolean; validate: boolean },
): string {
  const paint = options.color ? pc : { bold: String, red: String, yellow: String, dim: String };
  const lines: string[] = [];
  const read = stats.inputBytes !== stats.bytes ? ` (${formatBytes(stats.inputBytes)} read)` : '';
  lines.push(
    `${paint.bold('llm-egress')}: ${plural(stats.files, 'file')}, ${formatBytes(stats.bytes)}${read}, ${plural(stats.lines, 'line')}, ` +
      `${plural(stats.events, 'event')} in ${formatSeconds(stats.elapsedMs)} (${formatBytes(stats.bytesPerSecond)}/s, ${formatCount(stats.eventsPerSecond)} events/s)`,
  );
  const suppressedTotal = Object.values(stats.suppressed).reduce((sum, count) => sum + count, 0);
  const suppressed =
    suppressedTotal === 0
      ? ''
      : `; ${formatCount(suppressedTotal)} suppressed (${Object.entries(stats.suppressed)
          .map(([id, count]) => `${id}: ${formatCount(count)}`)
          .join(', ')})`;
  const alertText = plural(stats.alerts, 'alert');
  lines.push(`${stats.alerts > 0 ? paint.red(paint.bold(alertText)) : alertText}${suppressed}`);
  if (stats.alerts > 0) {
    const tops = summary.tops();
    if (tops.providers.length > 0) lines.push(`  top providers: ${list(tops.providers)}`);
    if (tops.processes.length > 0) lines.push(`  top processes: ${list(tops.processes)}`);
    if (tops.hosts.length > 0) lines.push(`  top hosts:     ${list(tops.hosts)}`);
  }
  if (stats.pluginErrors > 0)
    lines.push(paint.yellow(`plugin errors: ${formatCount(stats.pluginErrors)} (the alerts concerned were kept)`));
  if (stats.malformed > 0) {
    // Without --validate, lines the prefilter rules out are never parsed, so not checked.
    const note = options.strict ? '' : options.validate ? ' (skipped)' : ' (skipped; --validate checks every line)';
    const heading = `malformed lines: ${formatCount(stats.malformed)}${note}`;
    lines.push(paint.yellow(heading));
    for (const error of summary.lineErrors) lines.push(`  ${formatLineError(error, '')}`);
    const hidden = stats.malformed - summary.lineErrors.length;
    if (hidden > 0) lines.push(`  … and ${formatCount(hidden)} more`);
  }
  for (const message of stats.inputErrors) lines.push(paint.red(`error: ${message}`));
  return `${lines.join('\n')}\n`;
}
