/**
 * The rules whose expected alerts a corpus carries: the bundled rule pack of
 * `@llm-egress/rules` by default, read with smol-toml at run time (rules are data), parsed
 * once, and evaluated with the package's reference interpreter — the project's oracle.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import * as rulesPackage from '@llm-egress/rules';
import { parse as parseToml } from 'smol-toml';

export interface CorpusRule {
  /** Our identifier: `[llm_egress] id`, or the file name without `.toml`. */
  id: string;
  /** Elastic's `rule_id` (both bundled rules share the upstream one). */
  ruleId: string;
  name: string;
  version?: number;
  file: string;
  /** The `dns.question.name` patterns of the query (or of the providers table). */
  domainPatterns: string[];
  /** Provider kind (`api`, `consumer-chat`, `ml-infra`) by domain pattern, when the file has one. */
  providerKinds: Map<string, string>;
  /** The reference interpreter's verdict for one event object. */
  evaluate(event: unknown): boolean;
}

/** The bundled rules every corpus is labelled with by default. */
export const BUNDLED_RULE_NAMES = ['llm-endpoints', 'llm-endpoints@v2'] as const;

interface ReferenceInterpreter {
  parseQuery(source: string, options?: { file?: string; lineOffset?: number }): { query?: unknown; diagnostics: Array<Record<string, unknown>> };
  evaluateReference(query: unknown, event: unknown): boolean;
  formatDiagnostic?(diagnostic: Record<string, unknown>): string;
}

/** The oracle from `@llm-egress/rules`, or a clear error when that package is not built yet. */
export function referenceInterpreter(): ReferenceInterpreter {
  const candidate = rulesPackage as unknown as Partial<ReferenceInterpreter>;
  if (typeof candidate.parseQuery !== 'function' || typeof candidate.evaluateReference !== 'function') {
    throw new Error(
      '@llm-egress/rules does not export parseQuery and evaluateReference (the reference interpreter). ' +
        'Build it first: npx turbo run build --filter=@llm-egress/rules',
    );
  }
  return candidate as ReferenceInterpreter;
}

/** Absolute paths of the bundled rule files shipped in `@llm-egress/rules/rules/`. */
export function bundledRuleFiles(): string[] {
  const require = createRequire(import.meta.url);
  const directory = join(dirname(require.resolve('@llm-egress/rules/package.json')), 'rules');
  return BUNDLED_RULE_NAMES.map((name) => join(directory, `${name}.toml`));
}

export function loadCorpusRules(files: readonly string[] = bundledRuleFiles()): CorpusRule[] {
  const interpreter = referenceInterpreter();
  const rules = files.map((file) => loadRule(file, interpreter));
  const seen = new Set<string>();
  for (const rule of rules) {
    if (seen.has(rule.id)) throw new Error(`${rule.file}: rule id "${rule.id}" is loaded twice`);
    seen.add(rule.id);
  }
  return rules;
}

function loadRule(file: string, interpreter: ReferenceInterpreter): CorpusRule {
  let document: Record<string, unknown>;
  try {
    document = parseToml(readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`${file}: cannot read the rule file: ${(error as Error).message}`);
  }
  const rule = document.rule as Record<string, unknown> | undefined;
  if (rule === undefined || typeof rule.query !== 'string') throw new Error(`${file}: no [rule] query`);
  if (rule.language !== undefined && rule.language !== 'eql') throw new Error(`${file}: rule language "${String(rule.language)}" is not eql`);
  const ours = (document.llm_egress ?? {}) as Record<string, unknown>;
  const parsed = interpreter.parseQuery(rule.query, { file });
  if (parsed.query === undefined || parsed.diagnostics.length > 0) {
    const messages = parsed.diagnostics.map((diagnostic) => interpreter.formatDiagnostic?.(diagnostic) ?? JSON.stringify(diagnostic));
    throw new Error(`${file}: the query does not parse:\n${messages.join('\n')}`);
  }
  const query = parsed.query;
  const providers = (ours.providers ?? {}) as Record<string, { kind?: string }>;
  const providerKinds = new Map<string, string>();
  for (const [pattern, provider] of Object.entries(providers)) providerKinds.set(pattern, provider.kind ?? 'api');
  let domainPatterns = collectFieldPatterns(query, 'dns.question.name');
  if (domainPatterns.length === 0) domainPatterns = [...providerKinds.keys()];
  return {
    id: typeof ours.id === 'string' ? ours.id : basename(file).replace(/\.toml$/, ''),
    ruleId: String(rule.rule_id ?? ''),
    name: String(rule.name ?? ''),
    version: typeof ours.version === 'number' ? ours.version : undefined,
    file,
    domainPatterns,
    providerKinds,
    evaluate: (event) => interpreter.evaluateReference(query, event),
  };
}

/**
 * Every wildcard pattern compared with `field` anywhere in the AST. The walk is generic
 * (any object with a `patterns` string list and a `field` whose path spells the field), so
 * it reads the AST without depending on the rest of its shape.
 */
export function collectFieldPatterns(node: unknown, field: string): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    if (Array.isArray(record.patterns) && fieldName(record.field) === field) {
      for (const pattern of record.patterns) {
        const text = typeof pattern === 'string' ? pattern : (pattern as { value?: unknown } | null)?.value;
        if (typeof text === 'string' && !found.includes(text)) found.push(text);
      }
    }
    for (const [key, child] of Object.entries(record)) if (key !== 'span') visit(child);
  };
  visit(node);
  return found;
}

function fieldName(field: unknown): string | undefined {
  if (field === null || typeof field !== 'object') return undefined;
  const path = (field as { path?: unknown }).path;
  if (Array.isArray(path)) return path.join('.');
  return typeof path === 'string' ? path : undefined;
}
