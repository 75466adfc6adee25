#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// Builds the two variants of the same AssemblyScript sources:
//  - wasm/matcher.node.wasm: SIMD on, `abort` imported from the host (Node);
//  - wasm/matcher.fluentbit.wasm: no imports at all, no SIMD, minimal runtime with its
//    helpers exported, as Fluent Bit's filter_wasm (WAMR) requires (../shared/ADAPTERS.md).
import { main } from 'assemblyscript/asc';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(packageDir, 'assembly', 'index.ts');
const out = join(packageDir, 'wasm');
mkdirSync(out, { recursive: true });

const common = ['--optimize', '-O3', '--noAssert', '--runtime', 'minimal', '--exportRuntime', '--initialMemory', '4'];
const variants = {
  node: ['--enable', 'simd'],
  fluentbit: ['--use', 'abort='],
};

for (const [name, flags] of Object.entries(variants)) {
  const outFile = join(out, `matcher.${name}.wasm`);
  const { error, stderr } = await main([entry, '--outFile', outFile, ...common, ...flags], {});
  if (error) {
    console.error(stderr.toString());
    console.error(`asc failed for the ${name} build: ${error.message}`);
    process.exit(1);
  }
  console.log(`built ${outFile}`);
}
