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

/**
 * What "malformed" means (DESIGN.md): strict UTF-8 decoding (a BOM is kept, and is not
 * JSON whitespace), then JSON.parse, then "is a plain object", then nesting no deeper
 * than 1000. Whitespace-only lines are skipped: `empty`.
 */
export function classifyLine(bytes: Uint8Array): { kind: 'empty' } | { kind: 'malformed' } | { kind: 'event'; event: object; text: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { kind: 'malformed' };
  }
  if (/^[ \t\r]*$/.test(text)) return { kind: 'empty' };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'malformed' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { kind: 'malformed' };
  if (nestingDepth(text) > 1000) return { kind: 'malformed' };
  return { kind: 'event', event: value, text };
}

/** Deepest nesting of `{`/`[` outside strings in a valid JSON text. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
    } else if (character === '"') inString = true;
    else if (character === '{' || character === '[') deepest = Math.max(deepest, ++depth);
    else if (character === '}' || character === ']') depth--;
  }
  return deepest;
}

/** Joins byte lines with `\n`. */
export function joinLines(lines: readonly Uint8Array[], separator = '\n'): Uint8Array {
  const separatorBytes = encoder.encode(separator);
  const total = lines.reduce((sum, line) => sum + line.length, 0) + separatorBytes.length * Math.max(0, lines.length - 1);
  const out = new Uint8Array(total);
  let at = 0;
  lines.forEach((line, index) => {
    if (index > 0) {
      out.set(separatorBytes, at);
      at += separatorBytes.length;
    }
    out.set(line, at);
    at += line.length;
  });
  return out;
}
