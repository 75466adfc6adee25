/**
 * Entry of the `llm-egress` command (bin/llm-egress.js imports the built dist/main.js).
 */
import { runProgram } from './program.js';

// A reader that stops early (`llm-egress scan … | head`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

const exitCode = await runProgram(process.argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: () => process.stdin,
});
process.exitCode = exitCode;
