// Test helpers for the raw-bytes executor: compile EQL queries into Plans with the rules
// package's own compiler, load them into both WASM builds, and compare with the
// reference interpreter.
//
// matcher must not depend on rules (sibling layers), so nothing is declared in
// package.json. The rules package is loaded from its SOURCES (so tests always run
// against the current reference interpreter, built or not); only its types come from its
// published declarations, which keeps matcher's `tsc` inside its own rootDir.
import type * as RulesModule from '@llm-egress/rules';
import type { Expr, Plan, Query } from '@llm-egress/rules';
import { loadMatcherModuleSync, type MatcherModule } from '../module.js';
import type { WasmVariant } from '../wasm-file.js';
import { loadPlan, type RawExecutor, type RawScanResult } from './raw-executor.js';

const RULES_SOURCES = new URL('../../../rules/src/index.ts', import.meta.url).href;
export const rules: typeof RulesModule = await import(/* @vite-ignore */ RULES_SOURCES);
export const { encodePlan } = rules;

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
  return rules.compileLoadedRules(queries.map((query, index) => rules.loadEqlFile(query, `rule-${index}.eql`)));
}

export function parsedQuery(text: string): Query {
  const { query, diagnostics } = rules.parseQuery(text);
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
  return rules.evaluateReference(query, event);
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

/**
 * What "malformed" means (DESIGN.md): strict UTF-8 decoding (a BOM is kept, and is not
 * JSON whitespace), then JSON.parse, then "is a plain object", then nesting no deeper
 * than 1000. Whitespace-only lines are skipped: `empty`.
 */
export function classifyLine(
  bytes: Uint8Array,
): { kind: 'empty' } | { kind: 'malformed' } | { kind: 'event'; event: object; text: string } {
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

/** The bundled rules, their parsed queries and their compiled plan. */
export function bundledRules(): { queries: Query[]; plan: Plan } {
  const loaded = rules.bundledRuleIds().map((id) => rules.loadBundledRule(id));
  return { queries: loaded.map((rule) => rules.ruleQuery(rule)), plan: rules.compileLoadedRules(loaded) };
}

/** The patterns queries compare each field with: the vocabulary of generated events. */
export function queryVocabulary(queries: Query[]): { domains: string[]; processNames: string[]; executables: string[]; signers: string[] } {
  const byField = new Map<string, string[]>();
  for (const query of queries) {
    const pending: Expr[] = [query.where];
    while (pending.length > 0) {
      const expr = pending.pop() as Expr;
      if (expr.kind === 'wildcard')
        byField.set(rules.fieldName(expr.field), [...(byField.get(rules.fieldName(expr.field)) ?? []), ...expr.patterns]);
      pending.push(...rules.childExpressions(expr));
    }
  }
  const of = (field: string) => [...new Set(byField.get(field) ?? [])];
  return {
    domains: of('dns.question.name'),
    processNames: of('process.name'),
    executables: of('process.executable'),
    signers: of('process.code_signature.subject_name'),
  };
}
