#!/usr/bin/env node
// `npm run bench [-- --quick]` (root or benchmarks/): the benchmark runner in ../bench/.
// Needs a built workspace (npm run build). `--help` lists the options.
import { main } from '../bench/runner.mjs';

process.exitCode = await main(process.argv.slice(2));
