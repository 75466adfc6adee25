// Markdown tables of a benchmark run, with each target printed beside the figure it
// judges, and misses in bold. Pure: figures in, text out.
import { TEN_PERCENT } from './targets.mjs';

/** A Markdown table with padded columns; `alignments` holds 'left' or 'right' per column. */
export function markdownTable(headers, rows, alignments = headers.map(() => 'left')) {
  for (const row of rows) {
    if (row.length !== headers.length) throw new RangeError(`markdownTable: a row has ${row.length} cells for ${headers.length} columns`);
  }
  const cells = [headers, ...rows].map((row) => row.map((cell) => String(cell).replaceAll('|', '\\|')));
  const widths = headers.map((_, column) => Math.max(3, ...cells.map((row) => [...row[column]].length)));
  const pad = (text, column) => {
    const padding = ' '.repeat(widths[column] - [...text].length);
    return alignments[column] === 'right' ? padding + text : text + padding;
  };
  const line = (row) => `| ${row.map(pad).join(' | ')} |`;
  const rule = `| ${widths.map((width, column) => (alignments[column] === 'right' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`;
  return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

/** 1234.5 → "1,235"; 12.34 → "12.3"; 0.1234 → "0.12"; null → "–". */
export function formatNumber(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const magnitude = Math.abs(value);
  const digits = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** 24.06 → "24.1×"; 0.314 → "0.31×"; null → "–". */
export function formatRatio(value) {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return `${value >= 10 ? value.toFixed(1) : value.toFixed(2)}×`;
}

/** "met", "**MISSED**" or "not measured", with the target's note. */
export function formatStatus(target) {
  const word = target.met === true ? 'met' : target.met === false ? '**MISSED**' : 'not measured';
  return target.note && target.met !== null ? `${word} (${target.note})` : word;
}

function thresholdText(target) {
  const value = target.unit === '×' ? formatRatio(target.threshold) : `${formatNumber(target.threshold)} ${target.unit}`;
  return `${target.operator === '>=' ? '≥' : '<'} ${value}`;
}

/** `figure (≥ 20×: met)`: a figure with the target that judges it. */
function withTarget(figure, target) {
  if (target === undefined) return figure;
  return `${figure} (${thresholdText(target)}: ${formatStatus(target)})`;
}

function correctness(correct) {
  return correct === true ? 'yes' : correct === false ? '**NO: WRONG ANSWER**' : 'n/a';
}

/**
 * The main table. `approaches`: `{ name, runs, mbps, eventsPerSec, cpuMbps, peakRssMb,
 * ratioToCat, ratioToNaive, correct }` in run order; `targets` from evaluateTargets.
 */
export function approachTable(approaches, targets) {
  const byId = new Map(targets.map((target) => [target.id, target]));
  const oneWorker = approaches.find((approach) => approach.name === 'cli-1-worker');
  const rows = approaches.map((approach) => {
    const isRawWasm = approach.name === 'raw-wasm';
    const other =
      approach.name === 'cli-all-workers' && oneWorker !== undefined && byId.has('cli-workers')
        ? withTarget(`${formatRatio(byId.get('cli-workers').measured)} cli-1-worker`, byId.get('cli-workers'))
        : '';
    return [
      approach.name,
      String(approach.runs),
      formatNumber(approach.mbps),
      formatNumber(approach.eventsPerSec),
      formatNumber(approach.cpuMbps),
      withTarget(formatNumber(approach.peakRssMb), byId.get(`peak-rss-${approach.name}`)),
      isRawWasm ? withTarget(formatRatio(approach.ratioToCat), byId.get('raw-wasm-over-cat')) : formatRatio(approach.ratioToCat),
      isRawWasm ? withTarget(formatRatio(approach.ratioToNaive), byId.get('raw-wasm-over-naive')) : formatRatio(approach.ratioToNaive),
      correctness(approach.correct),
      other,
    ];
  });
  return markdownTable(
    ['approach', 'runs', 'MB/s', 'events/s', 'MB per CPU-s', 'peak RSS (MB)', '× cat', '× naive', 'correct', 'other targets'],
    rows,
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'left'],
  );
}

/** DNS-set scaling: `rows` `{ patterns, runs, mbps, setupSeconds, scanMbps, scanCpuMbps, relative, correct }`. */
export function dnsScalingTable(rows, targets) {
  const flat = targets.find((target) => target.id === 'dns-patterns-flat');
  const smallest = Math.min(...rows.map((row) => row.patterns));
  return markdownTable(
    ['DNS patterns', 'runs', 'MB/s (whole process)', 'setup (s)', 'scan MB/s', 'scan MB per CPU-s', 'scan vs smallest', 'correct'],
    rows.map((row) => [
      row.patterns.toLocaleString('en-US'),
      String(row.runs),
      formatNumber(row.mbps),
      formatNumber(row.setupSeconds),
      formatNumber(row.scanMbps),
      formatNumber(row.scanCpuMbps),
      row.patterns === smallest
        ? '1.00× (base)'
        : withTarget(
            formatRatio(row.relative),
            flat && { ...flat, note: undefined, met: row.correct ? row.relative >= flat.threshold : false },
          ),
      correctness(row.correct),
    ]),
    ['right', 'right', 'right', 'right', 'right', 'right', 'left', 'left'],
  );
}

/**
 * LLM-share scaling: `rows` `{ share, measuredShare, mb, naiveRuns, rawWasmRuns, naiveMbps,
 * rawWasmMbps, naiveCpuMbps, rawWasmCpuMbps, naiveCorrect, correct }` (`correct` is
 * raw-wasm's). The CPU-time ratio is shown beside the wall-clock one that the target judges.
 */
export function llmShareTable(rows, targets) {
  const tenPercent = targets.find((target) => target.id === 'raw-wasm-over-naive-at-10-percent');
  const percent = (share) => (share === null || share === undefined ? '–' : `${(share * 100).toFixed(share < 0.01 ? 2 : 1)} %`);
  return markdownTable(
    [
      'LLM share (asked)',
      'measured',
      'corpus MB',
      'runs (naive / raw-wasm)',
      'naive MB/s',
      'raw-wasm MB/s',
      'raw-wasm × naive',
      '× naive per CPU-s',
      'correct (naive / raw-wasm)',
    ],
    rows.map((row) => {
      const ratio = row.rawWasmMbps / row.naiveMbps;
      return [
        percent(row.share),
        percent(row.measuredShare),
        formatNumber(row.mb),
        `${row.naiveRuns} / ${row.rawWasmRuns}`,
        formatNumber(row.naiveMbps),
        formatNumber(row.rawWasmMbps),
        row.share === TEN_PERCENT ? withTarget(formatRatio(ratio), tenPercent) : formatRatio(ratio),
        formatRatio(row.naiveCpuMbps > 0 && row.rawWasmCpuMbps > 0 ? row.rawWasmCpuMbps / row.naiveCpuMbps : null),
        `${correctness(row.naiveCorrect)} / ${correctness(row.correct)}`,
      ];
    }),
    ['right', 'right', 'right', 'right', 'right', 'right', 'left', 'right', 'left'],
  );
}

/** Every target in one table. */
export function targetsTable(targets) {
  return markdownTable(
    ['target', 'measured', 'status'],
    targets.map((target) => [
      target.description,
      target.unit === '×'
        ? formatRatio(target.measured)
        : target.measured === null
          ? '–'
          : `${formatNumber(target.measured)} ${target.unit}`,
      formatStatus(target),
    ]),
    ['left', 'right', 'left'],
  );
}
