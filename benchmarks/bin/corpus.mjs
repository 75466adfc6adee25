#!/usr/bin/env node
// `npm run corpus -- --events N --seed S --out file.ndjson`: runs the corpus generator built
// by `npx turbo run build --filter=@llm-egress/benchmarks` (tsup, into benchmarks/dist/corpus).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/corpus/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  console.error('corpus: the generator is not built yet. Run: npx turbo run build --filter=@llm-egress/benchmarks');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
