// Test helpers for the raw-bytes executor: compile EQL queries into Plans with the rules
// package's own compiler (imported by relative path: matcher must not depend on rules at
// run time, and the brief keeps it out of package.json), load them into both WASM builds,
// and compare with the reference interpreter.
import { compileLoadedRules } from '../../../rules/src/compiler/compile-loaded.js';
import { parseQuery } from '../../../rules/src/eql/parser.js';
import { evaluateReference } from '../../../rules/src/interpreter/evaluate.js';
import { loadEqlFile } from '../../../rules/src/loaders/eql-file.js';
import { encodePlan } from '../../../rules/src/plan/codec.js';
import type { Plan } from '../../../rules/src/plan/types.js';
import type { Query } from '../../../rules/src/eql/ast.js';
import { type MatcherModule, loadMatcherModuleSync } from '../module.js';
import type { WasmVariant } from '../wasm-file.js';
import { type RawExecutor, type RawScanResult, loadPlan } from './raw-executor.js';

export const VARIANTS: readonly WasmVariant[] = ['node', 'fluentbit'];

const modules = new Map<WasmVariant, MatcherModule>();

/** One module instance per build for the whole test file (plans are freed after use). */
export function moduleOf(variant: WasmVariant): MatcherModule {
  let module = modules.get(variant);
  if (module === undefined) {
    module = loadMatcherModuleSync(variant);
    modules.set(variant, module);
  }
  return module;
}

/** Compiles EQL query texts (one rule each) into one Plan. */
export function planOf(queries: readonly string[]): Plan {
  return compileLoadedRules(queries.map((query, index) => loadEqlFile(query, `rule-${index}.eql`)));
}

export function parsedQuery(text: string): Query {
  const { query, diagnostics } = parseQuery(text);
  if (!query || diagnostics.length > 0) throw new Error(`bad test query ${text}: ${diagnostics.map((d) => d.message).join('; ')}`);
  return query;
}

/** The reference verdict for one NDJSON line (undefined when JSON.parse rejects it or it is not an object). */
export function referenceVerdict(query: Query, line: string): boolean | undefined {
  let event: unknown;
  try {
    event = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return undefined;
  return evaluateReference(query, event);
}

export function executorFor(variant: WasmVariant, plan: Plan): RawExecutor {
  return loadPlan(moduleOf(variant), encodePlan(plan));
}

/** Runs `body` with a fresh executor of `plan` on each build, freeing it afterwards. */
export function withExecutors(plan: Plan, body: (executor: RawExecutor, variant: WasmVariant) => void): void {
  for (const variant of VARIANTS) {
    const executor = executorFor(variant, plan);
    try {
      body(executor, variant);
    } finally {
      executor.free();
    }
  }
}

const encoder = new TextEncoder();

export function scanLines(executor: RawExecutor, lines: readonly string[], validate = false): RawScanResult {
  return executor.scan(encoder.encode(lines.join('\n')), { validate });
}

/** Per line, the set of rules that matched and were not suppressed. */
export function matchedRules(result: RawScanResult, lineCount: number): number[][] {
  const perLine: number[][] = Array.from({ length: lineCount }, () => []);
  for (const match of result.matches) if (match.suppressedBy < 0) perLine[match.line].push(match.rule);
  return perLine;
}

export { encodePlan };
