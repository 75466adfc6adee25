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
  /** The reference interpreter's verdict for one event object (gated: see `gatedEvaluator`). */
  evaluate(event: unknown): boolean;
  /** The same, given V(gate field) of the event already read (see `evaluateRules`). */
  evaluateWithGateValues(event: unknown, values: unknown[]): boolean;
  /** The gate field's path, when the rule has a gate. */
  readonly gatePath?: readonly string[];
  /** The reference interpreter on the whole query, without the gate. */
  evaluateFully(event: unknown): boolean;
  /** How many events the gate settled and how many went to the full interpreter. */
  readonly statistics: { gated: number; full: number };
  /** The conjunct used as the gate, as `field : (n patterns)`, or undefined when the query has none. */
  readonly gate?: string;
}

/** The bundled rules every corpus is labelled with by default. */
export const BUNDLED_RULE_NAMES = ['llm-endpoints', 'llm-endpoints@v2'] as const;

interface ReferenceInterpreter {
  parseQuery(
    source: string,
    options?: { file?: string; lineOffset?: number },
  ): { query?: unknown; diagnostics: Array<Record<string, unknown>> };
  evaluateReference(query: unknown, event: unknown): boolean;
  fieldValues(event: unknown, path: readonly string[]): unknown[];
  formatDiagnostic?(diagnostic: Record<string, unknown>): string;
}

/** The oracle from `@llm-egress/rules`, or a clear error when that package is not built yet. */
export function referenceInterpreter(): ReferenceInterpreter {
  const candidate = rulesPackage as unknown as Partial<ReferenceInterpreter>;
  if (
    typeof candidate.parseQuery !== 'function' ||
    typeof candidate.evaluateReference !== 'function' ||
    typeof candidate.fieldValues !== 'function'
  ) {
    throw new Error(
      '@llm-egress/rules does not export parseQuery, evaluateReference and fieldValues (the reference interpreter). ' +
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
  if (rule.language !== undefined && rule.language !== 'eql')
    throw new Error(`${file}: rule language "${String(rule.language)}" is not eql`);
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
  const gated = gatedEvaluator(query, interpreter);
  return {
    id: typeof ours.id === 'string' ? ours.id : basename(file).replace(/\.toml$/, ''),
    ruleId: String(rule.rule_id ?? ''),
    name: String(rule.name ?? ''),
    version: typeof ours.version === 'number' ? ours.version : undefined,
    file,
    domainPatterns,
    providerKinds,
    evaluate: gated.evaluate,
    evaluateWithGateValues: gated.evaluateWithGateValues,
    gatePath: gated.path,
    evaluateFully: (event) => interpreter.evaluateReference(query, event),
    statistics: gated.statistics,
    gate: gated.description,
  };
}

/**
 * V(f) read with the reference interpreter's `fieldValues`, run on the event's top-level
 * members whose first dot-segment is the field's first segment (`dns` and `dns.…` for
 * `dns.question.name`): `fieldValues` only follows a member whose key's segments are a
 * prefix of the field's, so the others cannot contribute, and skipping them saves most of
 * the walk. The tests check the projection against the whole event on every line of a
 * corpus and on generated events.
 */
const NO_VALUES: unknown[] = [];

export function projectedFieldValues(fieldValues: ReferenceInterpreter['fieldValues'], event: object, path: readonly string[]): unknown[] {
  const head = (path[0] ?? '').split('.')[0] as string;
  if (head === '__proto__' || head.includes('\ufffd')) return fieldValues(event, path);
  const prefix = `${head}.`;
  let projected: Record<string, unknown> | undefined;
  for (const key of Object.keys(event)) {
    if (key === head || key.startsWith(prefix)) {
      projected ??= {};
      projected[key] = (event as Record<string, unknown>)[key];
    }
  }
  return projected === undefined ? NO_VALUES : fieldValues(projected, path);
}

interface AstNode {
  kind?: unknown;
  operands?: unknown;
  patterns?: unknown;
  field?: { path?: unknown };
}

/**
 * The reference interpreter is slow on purpose; evaluating every event of a gigabyte with
 * it takes minutes. The gate gives the *same* verdicts in a fraction of the time:
 *
 * A query `cat where C1 and … and Cn` is true only if every conjunct is. Take one conjunct
 * Ck that is a wildcard comparison on a single field f (in the bundled rules,
 * `dns.question.name : (…128 patterns…)`). Its truth depends on V(f) alone, so it is
 * evaluated — by the reference interpreter itself — as `any where Ck` on the event
 * `{"f": V(f)}`, which has the same V(f), and memoised on V(f). When Ck is false the
 * query is false (classical `and`, SEMANTICS.md: two-valued logic). Otherwise the whole
 * query goes to the reference interpreter. Every verdict is therefore the reference
 * interpreter's; the tests also compare gated and full evaluation line by line.
 */
export interface GatedEvaluator {
  evaluate(event: unknown): boolean;
  evaluateWithGateValues(event: unknown, values: unknown[]): boolean;
  statistics: { gated: number; full: number };
  path?: string[];
  description?: string;
}

export function gatedEvaluator(query: unknown, interpreter: ReferenceInterpreter): GatedEvaluator {
  const statistics = { gated: 0, full: 0 };
  const full = (event: unknown): boolean => {
    statistics.full++;
    return interpreter.evaluateReference(query, event);
  };
  const where = (query as { where?: AstNode }).where;
  const conjuncts: AstNode[] =
    where?.kind === 'and' && Array.isArray(where.operands) ? (where.operands as AstNode[]) : where ? [where] : [];
  let gate: AstNode | undefined;
  for (const conjunct of conjuncts) {
    if (conjunct.kind !== 'wildcard' || !Array.isArray(conjunct.patterns) || !Array.isArray(conjunct.field?.path)) continue;
    if (gate === undefined || conjunct.patterns.length > (gate.patterns as unknown[]).length) gate = conjunct;
  }
  if (gate === undefined) return { evaluate: full, evaluateWithGateValues: full, statistics };
  const path = gate.field?.path as string[];
  const dottedName = path.join('.');
  const gateQuery = { ...(query as object), category: null, where: gate };
  const memo = new Map<string, boolean>();
  const gateHolds = (values: unknown[]): boolean => {
    // Most events have no value or one string: cheap keys for those, JSON for the rest.
    const only = values[0];
    const key = values.length === 0 ? '' : values.length === 1 && typeof only === 'string' ? `s${only}` : `j${JSON.stringify(values)}`;
    let holds = memo.get(key);
    if (holds === undefined) {
      holds = interpreter.evaluateReference(gateQuery, { [dottedName]: values });
      if (memo.size >= 100_000) memo.clear();
      memo.set(key, holds);
    }
    return holds;
  };
  const isObject = (event: unknown): event is object => typeof event === 'object' && event !== null && !Array.isArray(event);
  const evaluateWithGateValues = (event: unknown, values: unknown[]): boolean => {
    if (isObject(event) && !gateHolds(values)) {
      statistics.gated++;
      return false;
    }
    return full(event);
  };
  return {
    evaluate: (event) =>
      isObject(event) ? evaluateWithGateValues(event, projectedFieldValues(interpreter.fieldValues, event, path)) : full(event),
    evaluateWithGateValues,
    statistics,
    path,
    description: `${dottedName} : (${(gate.patterns as unknown[]).length} patterns)`,
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

/**
 * Every rule's verdict for one event. Rules that gate on the same field share one reading
 * of it (the bundled rules both gate on dns.question.name).
 */
export function evaluateRules(rules: readonly CorpusRule[], event: object): Record<string, boolean> {
  const verdicts: Record<string, boolean> = {};
  const read = new Map<string, unknown[]>();
  for (const rule of rules) {
    const path = rule.gatePath;
    if (path === undefined) {
      verdicts[rule.id] = rule.evaluate(event);
      continue;
    }
    const key = path.join('.');
    let values = read.get(key);
    if (values === undefined) {
      values = projectedFieldValues(referenceInterpreter().fieldValues, event, path);
      read.set(key, values);
    }
    verdicts[rule.id] = rule.evaluateWithGateValues(event, values);
  }
  return verdicts;
}
