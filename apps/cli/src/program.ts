/**
 * The command line: commands, flags and their validation (commander). Actions only turn
 * parsed flags into typed options and call the command modules; every usage error ends
 * with exit code 2 and a message saying what was wrong.
 */
import { availableParallelism } from 'node:os';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { explainCommand } from './commands/explain.js';
import { rulesCheckCommand, rulesListCommand } from './commands/rules.js';
import { type CommandIo, scanCommand } from './commands/scan.js';
import type { ExecutorName } from './engine/engine.js';
import { CliError, EXIT_ERROR, errorMessage } from './errors.js';
import { OUTPUT_FORMATS, type OutputFormat } from './report/alert-output.js';

export const VERSION = '0.1.0';
const EXECUTORS: readonly ExecutorName[] = ['wasm', 'object', 'reference'];
const MAX_WORKERS = 256;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseWorkers(value: string): number {
  const count = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(count) || count < 1 || count > MAX_WORKERS) {
    throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_WORKERS}.`);
  }
  return count;
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (value.trim() === '' || !Number.isFinite(seconds) || seconds <= 0)
    throw new InvalidArgumentError('expected a positive number of seconds.');
  return seconds;
}

/** Where an action's exit code goes (main.ts sets process.exitCode from it). */
export interface ProgramResult {
  exitCode: number;
}

export function buildProgram(io: CommandIo, result: ProgramResult): Command {
  const program = new Command('llm-egress')
    .description("Find processes that reach Large Language Model endpoints in ECS endpoint telemetry, with Elastic's exact verdicts.")
    .version(VERSION, '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  const ruleOption = () =>
    new Option(
      '-r, --rule <id|file>',
      'bundled rule id (llm-endpoints, llm-endpoints@v2) or rule file (.toml, Kibana .ndjson export, .eql); repeatable',
    )
      .argParser(collect)
      .default([], 'llm-endpoints');
  const allowlistOption = () =>
    new Option(
      '-a, --allowlist <file>',
      'allowlist (.yaml, .yml, .json), Elastic exception-list export (.ndjson) or plugin module (.js, .mjs); repeatable',
    )
      .argParser(collect)
      .default([], 'none');
  const valueListOption = () =>
    new Option(
      '--value-list <id=file>',
      "values of an Elastic value list used by an exception list's `list` entries (one per line); repeatable",
    )
      .argParser(collect)
      .default([], 'none');

  program
    .command('scan')
    .description('scan NDJSON/JSON archives of ECS events (optionally gzip) and write the alerts')
    .argument(
      '[paths...]',
      'files, directories (recursive, sorted, hidden entries skipped) or - for standard input; none: the bundled sample',
    )
    .addOption(ruleOption())
    .addOption(allowlistOption())
    .addOption(valueListOption())
    .addOption(
      new Option(
        '--plugin <module>',
        'plugin module (.js, .mjs) whose default export is { name, allow(alert) }; repeatable (the same as -a with a module)',
      )
        .argParser(collect)
        .default([], 'none'),
    )
    .addOption(
      new Option(
        '--suppression-window <seconds>',
        'built-in alert suppression: one alert per host, executable and domain within this many seconds of event time',
      ).argParser(parseSeconds),
    )
    .addOption(
      new Option('-f, --format <format>', 'alert output format (default: table on a terminal, ndjson otherwise)').choices(OUTPUT_FORMATS),
    )
    .option('-o, --output <file>', 'write alerts to a file instead of standard output')
    .addOption(
      new Option('-j, --workers <n>', `worker threads (default: the number of CPUs, ${availableParallelism()} here)`).argParser(
        parseWorkers,
      ),
    )
    .addOption(
      new Option('--executor <name>', 'detection executor; every executor gives the same alerts').choices(EXECUTORS).default('wasm'),
    )
    .option('--validate', 'check that every line is a JSON object in valid UTF-8 (exact malformed-line counts)', false)
    .option('--strict', 'imply --validate and exit 3 when any line is malformed', false)
    .option('--stats-json <file>', 'write scan statistics as JSON')
    .option('--no-progress', 'no progress bar (it is shown only on a terminal anyway)')
    .option('--fail-on-alert', 'exit 1 when there is any alert', false)
    .addHelpText(
      'after',
      '\nExit codes: 0 success; 1 alerts with --fail-on-alert; 2 usage, rule, allowlist or unreadable-input error; 3 malformed lines with --strict.',
    )
    .action(async (paths: string[], flags: Record<string, unknown>) => {
      result.exitCode = await scanCommand(
        paths,
        {
          rule: flags.rule as string[],
          allowlist: [...(flags.allowlist as string[]), ...(flags.plugin as string[])],
          valueList: flags.valueList as string[],
          suppressionWindow: flags.suppressionWindow as number | undefined,
          format: flags.format as OutputFormat | undefined,
          output: flags.output as string | undefined,
          workers: flags.workers as number | undefined,
          executor: flags.executor as ExecutorName,
          validate: flags.validate === true,
          strict: flags.strict === true,
          statsJson: flags.statsJson as string | undefined,
          progress: flags.progress !== false,
          failOnAlert: flags.failOnAlert === true,
        },
        io,
      );
    });

  const rules = program.command('rules').description('list the bundled rules, or check a rule file');
  rules
    .command('list')
    .description('list the bundled rules')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action((flags: { format: 'text' | 'json' }) => {
      result.exitCode = rulesListCommand({ format: flags.format }, io.stdout);
    });
  rules
    .command('check')
    .description('parse and compile a rule file and summarise its plan (fields, string sets, prefilter literals)')
    .argument('<file>', 'rule file (.toml, Kibana .ndjson export, .eql)')
    .addOption(allowlistOption())
    .addOption(valueListOption())
    .addOption(new Option('-f, --format <format>', 'text summary, or the whole plan as JSON').choices(['text', 'json']).default('text'))
    .action(async (file: string, flags: { allowlist: string[]; valueList: string[]; format: 'text' | 'json' }) => {
      result.exitCode = await rulesCheckCommand(file, flags, io.stdout);
    });

  program
    .command('explain')
    .description("show every clause's truth value for each event, and why it did or did not alert")
    .argument('[file]', 'NDJSON, a JSON array or one JSON object (optionally gzip); - or none: standard input', '-')
    .addOption(ruleOption())
    .addOption(allowlistOption())
    .addOption(valueListOption())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (file: string, flags: { rule: string[]; allowlist: string[]; valueList: string[]; format: 'text' | 'json' }) => {
      result.exitCode = await explainCommand(file, flags, io);
    });

  return program;
}

/** Runs the command line; returns the exit code (never throws). */
export async function runProgram(argv: string[], io: CommandIo): Promise<number> {
  const result: ProgramResult = { exitCode: 0 };
  const program = buildProgram(io, result);
  try {
    await program.parseAsync(argv);
    return result.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version asked for succeed (exit code 0); help shown for a missing
      // command, and every parse error, are usage errors.
      return error.exitCode === 0 ? 0 : EXIT_ERROR;
    }
    if (error instanceof CliError) {
      io.stderr.write(`llm-egress: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(`llm-egress: internal error: ${error instanceof Error ? (error.stack ?? error.message) : errorMessage(error)}\n`);
    return EXIT_ERROR;
  }
}
