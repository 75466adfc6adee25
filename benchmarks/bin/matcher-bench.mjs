#!/usr/bin/env node
// Runs the string-set microbenchmark (src/matcher-microbench.ts): bundles it with esbuild
// (installed with the build tools) into benchmarks/.cache, keeping @llm-egress/matcher
// external so that it loads the built package and its .wasm files.
// Usage: node benchmarks/bin/matcher-bench.mjs [--values N] [--quick]
// Needs a built matcher: npx turbo run build --filter=@llm-egress/matcher
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const benchmarksDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(benchmarksDir, '.cache');
mkdirSync(cacheDir, { recursive: true });
const outfile = join(cacheDir, 'matcher-microbench.mjs');

const args = process.argv.slice(2);
const valuesAt = args.indexOf('--values');
const values = valuesAt >= 0 ? Number(args[valuesAt + 1]) : args.includes('--quick') ? 20_000 : 200_000;
if (!Number.isInteger(values) || values <= 0) {
  console.error('--values must be a positive integer');
  process.exit(2);
}

await build({
  entryPoints: [join(benchmarksDir, 'src', 'matcher-microbench.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@llm-egress/matcher'],
  logLevel: 'warning',
});
// testkit finds ../shared relative to its own file, which bundling moves: say where it is.
process.env.LLM_EGRESS_SHARED ??= join(benchmarksDir, '..', '..', 'shared');
const { runMatcherMicrobench } = await import(pathToFileURL(outfile).href);
runMatcherMicrobench({ values });
