#!/usr/bin/env node
import { spawnSync } from 'node:child_process';
// `npm start`: build what is missing, then scan the bundled sample with the CLI.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cliEntry = join(root, 'apps', 'cli', 'dist', 'main.js');
if (!existsSync(cliEntry)) {
  console.error('llm-egress: building the workspace first (npx turbo run build)…');
  const build = spawnSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const scan = spawnSync(process.execPath, [join(root, 'apps', 'cli', 'bin', 'llm-egress.js'), 'scan', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(scan.status ?? 1);
