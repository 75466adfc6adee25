/**
 * `llm-egress scan`: discover the inputs, scan them with a pool of workers (each with its
 * own detector), run plugins and write alerts in input order on the main thread, then
 * print the summary and choose the exit code.
 */
import { createWriteStream, openSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { relative } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Alert, AlertFinisher, EngineOptions, ExecutorName } from '../engine/engine.js';
import { createMainDetector, finisherFor, isPluginModule } from '../engine/sdk-engine.js';
import { CliError, EXIT_ALERTS, EXIT_ERROR, EXIT_MALFORMED, EXIT_SUCCESS, errorMessage } from '../errors.js';
import { discoverInputs, type InputSource } from '../input/discover.js';
import { DEFAULT_MAX_LINE_BYTES } from '../input/line-chunker.js';
import { readValueLists } from '../input/value-lists.js';
import { textAt } from '../report/alert-fields.js';
import { createAlertOutput, type OutputFormat } from '../report/alert-output.js';
import { formatLocatedError } from '../report/located-error.js';
import { createProgressBar, NO_PROGRESS, type Progress } from '../report/progress.js';
import { renderSummary } from '../report/render-summary.js';
import { ScanSummary } from '../report/summary.js';
import { OrderedReports } from '../scan/ordered-reports.js';
import { planTasks } from '../scan/plan-tasks.js';
import type { ReadSettings } from '../scan/protocol.js';
import { WorkerPool } from '../scan/worker-pool.js';

export interface ScanOptions {
  rule: string[];
  allowlist: string[];
  valueList: string[];
  /** built-in suppression plugin (main thread only), off when undefined */
  suppressionWindow?: number;
  format?: OutputFormat;
  output?: string;
  workers?: number;
  executor: ExecutorName;
  validate: boolean;
  strict: boolean;
  statsJson?: string;
  progress: boolean;
  failOnAlert: boolean;
}

export interface CommandIo {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: () => Readable;
}

/** The bundled sample, resolved from dist/main.js (or src/commands/ in tests). */
export const SAMPLE_FILE = 'events.ndjson.gz';
export function samplePath(): string {
  const fromDist = new URL(`../sample/${SAMPLE_FILE}`, import.meta.url);
  return fileURLToPath(import.meta.url.includes('/src/') ? new URL(`../../sample/${SAMPLE_FILE}`, import.meta.url) : fromDist);
}

/**
 * Sizes that tests shrink through undocumented environment variables, so that small files
 * exercise chunk carry-over and byte-range splitting.
 */
function tuning(): { chunkBytes: number; splitBytes: number } {
  const read = (name: string, fallback: number): number => {
    const value = process.env[name];
    if (value === undefined || value === '') return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new CliError(`${name} must be a positive integer, got '${value}'`);
    return parsed;
  };
  return { chunkBytes: read('LLM_EGRESS_CHUNK_BYTES', 4 * 1024 * 1024), splitBytes: read('LLM_EGRESS_SPLIT_BYTES', 64 * 1024 * 1024) };
}

function displayPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere.startsWith('..') ? path : fromHere;
}

/** How many tasks the inputs will make at most: no point starting more workers. */
function taskEstimate(inputs: InputSource[], splitBytes: number): number {
  let tasks = 0;
  for (const input of inputs) {
    // Compressed files are never split (by name here: a cheap estimate is enough).
    if (input.kind === 'file' && input.size !== null)
      tasks += input.path.endsWith('.gz') ? 1 : Math.max(1, Math.ceil(input.size / splitBytes));
    else tasks += Number.POSITIVE_INFINITY;
  }
  return tasks;
}

function openOutput(path: string): Writable {
  // Open now, so that an unwritable path fails before any scanning.
  let descriptor: number;
  try {
    descriptor = openSync(path, 'w');
  } catch (error) {
    throw new CliError(`${path}: cannot write the output: ${errorMessage(error)}`);
  }
  return createWriteStream(path, { fd: descriptor });
}

/** The rule's bundled id or file: two loaded versions of one rule share a rule_id. */
function ruleKeyOf(alert: Alert): string {
  return textAt(alert, 'llm_egress.rule.id');
}

export async function scanCommand(paths: string[], options: ScanOptions, io: CommandIo): Promise<number> {
  const started = performance.now();
  const { chunkBytes, splitBytes } = tuning();
  const validate = options.validate || options.strict;
  let progress: Progress = NO_PROGRESS;
  const warn = (message: string): void => {
    progress.clear();
    io.stderr.write(`llm-egress: warning: ${message}\n`);
  };

  const valueLists = await readValueLists(options.valueList);
  const engine: EngineOptions = {
    rules: options.rule,
    allowlists: options.allowlist.filter((path) => !isPluginModule(path)),
    valueLists,
    executor: options.executor,
  };
  const plugins = options.allowlist.filter(isPluginModule);
  // The main thread needs a detector of its own only to run plugins; without any, the
  // workers' detectors are the only ones, and a bad rule or allowlist fails their setup.
  let finisher: AlertFinisher | null = null;
  if (plugins.length > 0 || options.suppressionWindow !== undefined) {
    try {
      finisher = finisherFor(
        await createMainDetector({ ...engine, plugins, suppressionWindow: options.suppressionWindow, logger: { warn } }),
      );
    } catch (error) {
      throw new CliError(formatLocatedError(error));
    }
  }

  let givenPaths = paths;
  if (paths.length === 0) {
    const sample = displayPath(samplePath());
    io.stderr.write(`llm-egress: no paths given: scanning the bundled sample ${sample}\n`);
    givenPaths = [sample];
  }
  const discovery = await discoverInputs(givenPaths);
  for (const directory of discovery.emptyDirectories) warn(`${directory}: no .ndjson, .jsonl or .json files (optionally .gz) found`);

  const inputs = discovery.inputs;
  const totalBytes = inputs.reduce((sum, input) => sum + (input.kind === 'file' ? (input.size ?? 0) : 0), 0);
  const summary = new ScanSummary();
  summary.files = inputs.length;

  const read: ReadSettings = { chunkBytes, maxLineBytes: Math.max(DEFAULT_MAX_LINE_BYTES, chunkBytes), validate, errorDetailLimit: 10 };
  const workerCount = Math.max(1, Math.min(options.workers ?? availableParallelism(), taskEstimate(inputs, splitBytes)));

  // Workers start first: their setup checks the rules and allowlists, and a bad one must
  // fail the command before the output file is created (or truncated).
  const pool =
    inputs.length === 0
      ? null
      : await WorkerPool.start(workerCount, { engine, read }, new URL('./worker.js', import.meta.url)).catch((error: unknown) => {
          throw error instanceof CliError ? error : new CliError(errorMessage(error));
        });
  if (!pool && !finisher) {
    // Nothing to scan, so no worker checked the rules and allowlists: check them here.
    try {
      await createMainDetector({ ...engine, plugins, logger: { warn } });
    } catch (error) {
      throw new CliError(formatLocatedError(error));
    }
  }

  let output: Writable;
  try {
    output = options.output ? openOutput(options.output) : io.stdout;
  } catch (error) {
    await pool?.close();
    throw error;
  }
  const format: OutputFormat = options.format ?? (!options.output && io.stdout.isTTY ? 'table' : 'ndjson');
  const alertOutput = createAlertOutput(format, output, { color: !options.output && io.stdout.isTTY === true });
  if (options.progress && io.stderr.isTTY) progress = createProgressBar(totalBytes, io.stderr);

  // Alerts and the bar share the terminal: erase the bar before writing alerts to it.
  const sharesTerminal = !options.output && io.stdout.isTTY === true;
  const writeAlerts = async (alerts: Alert[]): Promise<void> => {
    if (alerts.length === 0) return;
    if (sharesTerminal) progress.clear();
    try {
      await alertOutput.write(alerts);
    } catch (error) {
      throw new CliError(`${options.output ?? 'standard output'}: cannot write the alerts: ${errorMessage(error)}`);
    }
  };
  const ordered = new OrderedReports({
    async chunk(_task, report) {
      summary.addChunk(report.counters, report.errors, report.bytes, report.inputBytes);
      if (report.alerts.length === 0) return;
      if (!finisher) {
        for (const alert of report.alerts) summary.addAlert(alert, ruleKeyOf(alert));
        await writeAlerts(report.alerts);
        return;
      }
      const finished = await finisher.runPlugins(report.alerts);
      summary.addPluginResults(finished.suppressed, finished.pluginErrors);
      for (const alert of finished.alerts) summary.addAlert(alert, ruleKeyOf(alert));
      await writeAlerts(finished.alerts);
    },
    async taskDone(_task, outcome) {
      if (outcome.failure) summary.addInputError(outcome.failure);
    },
  });

  if (pool) {
    try {
      const tasks = planTasks(inputs, {
        read,
        splitBytes,
        workers: workerCount,
        onInputFailure: (message) => summary.addInputError(message),
        stdin: io.stdin,
      });
      await pool.run(tasks, ordered, (arrival) => progress.add(arrival));
    } finally {
      progress.stop();
      await pool.close();
    }
  }
  try {
    await alertOutput.finish({ end: options.output !== undefined });
  } catch (error) {
    throw new CliError(`${options.output ?? 'standard output'}: cannot write the alerts: ${errorMessage(error)}`);
  }

  const stats = summary.stats(performance.now() - started);
  io.stderr.write(renderSummary(summary, stats, { color: io.stderr.isTTY === true, strict: options.strict, validate }));
  if (options.statsJson) {
    const document = { ...stats, executor: options.executor, workers: workerCount, validate };
    try {
      await writeFile(options.statsJson, `${JSON.stringify(document, null, 2)}\n`);
    } catch (error) {
      throw new CliError(`${options.statsJson}: cannot write the statistics: ${errorMessage(error)}`);
    }
  }

  if (stats.inputErrors.length > 0) return EXIT_ERROR;
  if (options.strict && stats.malformed > 0) return EXIT_MALFORMED;
  if (options.failOnAlert && stats.alerts > 0) return EXIT_ALERTS;
  return EXIT_SUCCESS;
}
