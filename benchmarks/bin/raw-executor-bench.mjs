#!/usr/bin/env node
// Runs the raw-bytes executor benchmark (src/raw-executor-bench.ts): bundles it with esbuild
// into benchmarks/.cache, keeping the workspace packages external so that it loads the
// built packages and their .wasm files. With --profile it also compiles the matcher's
// AssemblyScript sources with a names section (same flags as the Node build) so that the
// V8 profile names WASM functions.
// Usage: node benchmarks/bin/raw-executor-bench.mjs --file corpus.ndjson [--share-file F]
//        [--runs N] [--slow-bytes SIZE] [--patterns 128,1000,4000,13000] [--profile]
// Needs a built workspace: npm run build. Corpora: npm run corpus -- --bytes 1G --out F
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const benchmarksDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const cacheDir = join(benchmarksDir, '.cache');
mkdirSync(cacheDir, { recursive: true });

const { values } = parseArgs({
  options: {
    file: { type: 'string' },
    'share-file': { type: 'string' },
    runs: { type: 'string', default: '3' },
    'slow-bytes': { type: 'string', default: '200000000' },
    patterns: { type: 'string', default: '128,1000,4000,13000' },
    profile: { type: 'boolean', default: false },
  },
});
if (!values.file) {
  console.error(
    'usage: node benchmarks/bin/raw-executor-bench.mjs --file corpus.ndjson [--share-file F] [--runs N] [--slow-bytes N] [--patterns 128,13000] [--profile]',
  );
  console.error('make a corpus with: npm run corpus -- --bytes 1G --seed 7 --out corpus.ndjson');
  process.exit(2);
}

const outfile = join(cacheDir, 'raw-executor-bench.mjs');
await build({
  entryPoints: [join(benchmarksDir, 'src', 'raw-executor-bench.ts')],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@llm-egress/matcher', '@llm-egress/rules'],
  logLevel: 'warning',
});

let profileWasm;
if (values.profile) {
  profileWasm = join(cacheDir, 'matcher.node.names.wasm');
  const { main } = await import('assemblyscript/asc');
  const matcherDir = join(benchmarksDir, '..', 'packages', 'matcher');
  const { error, stderr } = await main(
    [
      join(matcherDir, 'assembly', 'index.ts'),
      '--outFile',
      profileWasm,
      '--optimize',
      '-O3',
      '--noAssert',
      '--runtime',
      'minimal',
      '--exportRuntime',
      '--initialMemory',
      '4',
      '--enable',
      'simd',
      '--debug',
    ],
    {},
  );
  if (error) {
    console.error(stderr.toString());
    process.exit(1);
  }
}

const { runRawExecutorBench } = await import(pathToFileURL(outfile).href);
await runRawExecutorBench({
  file: values.file,
  shareFile: values['share-file'],
  runs: Number(values.runs),
  slowBytes: Number(values['slow-bytes']),
  patterns: values.patterns.split(',').map(Number),
  profile: values.profile,
  benchmarksDir,
  profileWasm,
});
