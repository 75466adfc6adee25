/**
 * Entry of the `llm-egress` command (bin/llm-egress.js imports the built dist/main.js).
 */
import { EXIT_ERROR, errorMessage } from './errors.js';
import { runProgram } from './program.js';

// A reader that stops early (`llm-egress scan … | head`) is not an error: stop quietly.
// Any other output error (a full disk) fails the command, and is said once on stderr.
let outputFailed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  if (outputFailed) return;
  outputFailed = true;
  process.exitCode = EXIT_ERROR;
  process.stderr.write(`llm-egress: standard output: cannot write: ${errorMessage(error)}\n`);
});
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});

const exitCode = await runProgram(process.argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: () => process.stdin,
});
process.exitCode = outputFailed ? EXIT_ERROR : exitCode;
