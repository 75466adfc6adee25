// Runs one measured child process: wall time from spawn to exit (the parent's clock), its
// standard output, and, under GNU time when the machine has it, its peak RSS and CPU time.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const GNU_TIME = '/usr/bin/time';
const STDERR_KEPT = 4000;

/** True when GNU time (`/usr/bin/time -f … -o …`) is available to measure non-Node children. */
export function hasGnuTime() {
  return existsSync(GNU_TIME);
}

/** `"%M %U %S"` output (the last line: GNU time prepends a line when the command failed). */
export function parseGnuTime(text) {
  const last = text.trim().split('\n').pop() ?? '';
  const match = /^(\d+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/.exec(last.trim());
  if (!match) return { maxRssKb: null, cpuSeconds: null };
  return { maxRssKb: Number(match[1]), cpuSeconds: Number(match[2]) + Number(match[3]) };
}

/**
 * Runs `command args`. `stdout`: 'capture' (returned as text) or 'discard' (to /dev/null).
 * `timed`: wrap in GNU time (peak RSS and CPU of that process, threads included).
 * Resolves to `{ seconds, code, stdout, stderr, maxRssKb, cpuSeconds }`; rejects only when
 * the process cannot be started or runs past `timeoutSeconds`.
 */
export function runMeasured(command, args, { cwd, stdout = 'capture', timed = false, scratchDirectory, timeoutSeconds = 3600 } = {}) {
  const timeFile = timed ? join(scratchDirectory, `time-${process.pid}-${Date.now()}.txt`) : null;
  const [file, argv] = timed ? [GNU_TIME, ['-o', timeFile, '-f', '%M %U %S', command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(file, argv, { cwd, stdio: ['ignore', stdout === 'capture' ? 'pipe' : 'ignore', 'pipe'] });
    const out = [];
    let err = '';
    child.stdout?.on('data', (data) => out.push(data));
    child.stderr.on('data', (data) => {
      err = (err + data.toString('utf8')).slice(-STDERR_KEPT);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')}: still running after ${timeoutSeconds} s, killed`));
    }, timeoutSeconds * 1000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start ${file}: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      let usage = { maxRssKb: null, cpuSeconds: null };
      if (timeFile !== null && existsSync(timeFile)) {
        usage = parseGnuTime(readFileSync(timeFile, 'utf8'));
        rmSync(timeFile, { force: true });
      }
      resolve({
        seconds,
        code: code ?? (signal ? `signal ${signal}` : null),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: err,
        ...usage,
      });
    });
  });
}

/** The last line of a child's stdout as JSON, or an error naming what was printed instead. */
export function parseJsonLine(text, what) {
  const last = text.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last);
  } catch {
    throw new Error(`${what}: expected one JSON line on standard output, got ${JSON.stringify(last.slice(0, 200))}`);
  }
}
