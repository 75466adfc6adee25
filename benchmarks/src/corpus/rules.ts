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
  /** The reference interpreter's verdict for one event object, conjunct by conjunct (see `conjunctEvaluator`). */
  evaluate(event: unknown): boolean;
  /** The same, reading fields through a reader shared by the rules evaluated on the same event. */
  evaluateWith(reader: FieldReader): boolean;
  /** The reference interpreter on the whole query and the whole event, in one call (slow). */
  evaluateFully(event: unknown): boolean;
  /** How events were decided (see `EvaluationStatistics`). */
  readonly statistics: EvaluationStatistics;
  /** The conjuncts, in evaluation order, each named by the fields it reads. */
  readonly conjuncts: readonly string[];
}

export interface EvaluationStatistics {
  /** Events evaluated. */
  events: number;
  /** Events the first conjunct (the selective one, alone) decided: false. */
  decidedByFirstConjunct: number;
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
  const evaluator = conjunctEvaluator(query, interpreter);
  return {
    id: typeof ours.id === 'string' ? ours.id : basename(file).replace(/\.toml$/, ''),
    ruleId: String(rule.rule_id ?? ''),
    name: String(rule.name ?? ''),
    version: typeof ours.version === 'number' ? ours.version : undefined,
    file,
    domainPatterns,
    providerKinds,
    evaluate: evaluator.evaluate,
    evaluateWith: evaluator.evaluateWith,
    evaluateFully: (event) => interpreter.evaluateReference(query, event),
    statistics: evaluator.statistics,
    conjuncts: evaluator.conjuncts,
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
  path?: unknown;
  field?: { path?: unknown };
}

/** V(f) of one event, read once per field however many rules and conjuncts ask. */
export class FieldReader {
  private readonly read = new Map<string, unknown[]>();

  constructor(
    readonly event: object,
    private readonly fieldValues: ReferenceInterpreter['fieldValues'] = referenceInterpreter().fieldValues,
  ) {}

  values(path: readonly string[], name: string): unknown[] {
    let values = this.read.get(name);
    if (values === undefined) {
      values = projectedFieldValues(this.fieldValues, this.event, path);
      this.read.set(name, values);
    }
    return values;
  }
}

/** The field paths an AST node reads, each once. */
function fieldPaths(node: unknown): string[][] {
  const paths = new Map<string, string[]>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const record = value as AstNode & Record<string, unknown>;
    if (record.kind === 'field' && Array.isArray(record.path)) paths.set((record.path as string[]).join('.'), record.path as string[]);
    for (const [key, child] of Object.entries(record)) if (key !== 'span') visit(child);
  };
  visit(node);
  return [...paths.values()];
}

interface Conjunct {
  /** The fields it reads, with their dotted names. */
  paths: Array<{ path: string[]; name: string }>;
  /** `any where C` (or `cat where C` for the first), run by the reference interpreter. */
  query: unknown;
  memo: Map<string, boolean>;
}

/**
 * The reference interpreter is slow on purpose (about half a millisecond for a whole
 * bundled query on an LLM lookup); evaluating every event of a gigabyte with it in one
 * call each would take many minutes. This gives the *same* verdicts, by the reference
 * interpreter, a conjunct at a time:
 *
 * A query `cat where C1 and … and Cn` means "cat" ∈ V(event.category) ∧ C1 ∧ … ∧ Cn
 * (SEMANTICS.md: `where`, two-valued logic, classical `and`). The interpreter reads an
 * event only through V(f) of the fields a condition names, so each Ci is decided by the
 * values of its own fields: it is evaluated — by `evaluateReference`, as `any where Ci` —
 * on the small event `{"f1": V(f1), …, "fk": V(fk)}`, which has the same V for each of
 * them (V holds leaves only, so even nested field names cannot see each other's values),
 * and memoised on those values. The first conjunct asked is the wildcard comparison with
 * the most patterns (in the bundled rules, `dns.question.name : (…)`), alone: it settles
 * almost every event at once. Then the same with the category (`cat where Ck`, on the
 * category's values too), then the others as written. The verdict is true when every
 * conjunct holds. `evaluateFully` runs the whole query on the whole event;
 * the tests compare the two on every line of corpora and on generated events.
 */
export function conjunctEvaluator(
  query: unknown,
  interpreter: ReferenceInterpreter,
): Pick<CorpusRule, 'evaluate' | 'evaluateWith' | 'statistics' | 'conjuncts'> {
  const statistics: EvaluationStatistics = { events: 0, decidedByFirstConjunct: 0 };
  const typed = query as { category?: unknown; where?: AstNode };
  const where = typed.where;
  const operands: AstNode[] = where?.kind === 'and' && Array.isArray(where.operands) ? (where.operands as AstNode[]) : where ? [where] : [];
  const patternCount = (node: AstNode) => (node.kind === 'wildcard' && Array.isArray(node.patterns) ? node.patterns.length : -1);
  let first = 0;
  operands.forEach((node, index) => {
    if (patternCount(node) > patternCount(operands[first] as AstNode)) first = index;
  });
  const ordered = operands.length === 0 ? [] : [operands[first] as AstNode, ...operands.filter((_, index) => index !== first)];
  const allPaths = ordered.flatMap(fieldPaths);
  // A field named "__proto__" cannot be a plain key of the small event: evaluate such rules whole.
  if (ordered.length === 0 || allPaths.some((path) => path.some((segment) => segment.split('.').includes('__proto__')))) {
    const whole = (event: unknown) => {
      statistics.events++;
      return interpreter.evaluateReference(query, event);
    };
    return { evaluate: whole, evaluateWith: (reader) => whole(reader.event), statistics, conjuncts: ['(whole query)'] };
  }
  const conjunct = (node: AstNode, category: unknown): Conjunct => {
    const paths = fieldPaths(node);
    if (category !== null && category !== undefined && !paths.some((path) => path.join('.') === 'event.category'))
      paths.unshift(['event', 'category']);
    return {
      paths: paths.map((path) => ({ path, name: path.join('.') })),
      query: { ...(query as object), category, where: node },
      memo: new Map(),
    };
  };
  // First the selective conjunct alone (most events have no value for its field), then the
  // same with the category, then the others as written.
  const conjuncts: Conjunct[] = [conjunct(ordered[0] as AstNode, null)];
  if (typed.category !== null && typed.category !== undefined) conjuncts.push(conjunct(ordered[0] as AstNode, typed.category));
  for (const node of ordered.slice(1)) conjuncts.push(conjunct(node, null));
  const holds = (conjunct: Conjunct, reader: FieldReader): boolean => {
    const values = conjunct.paths.map(({ path, name }) => reader.values(path, name));
    // Cheap keys for the usual cases (one field, no value or one string), JSON for the rest.
    const single = values.length === 1 ? (values[0] as unknown[]) : undefined;
    const key =
      single === undefined
        ? JSON.stringify(values)
        : single.length === 0
          ? ''
          : single.length === 1 && typeof single[0] === 'string'
            ? `s${single[0]}`
            : JSON.stringify(values);
    let result = conjunct.memo.get(key);
    if (result === undefined) {
      const small: Record<string, unknown> = {};
      conjunct.paths.forEach(({ name }, index) => {
        small[name] = values[index];
      });
      result = interpreter.evaluateReference(conjunct.query, small);
      if (conjunct.memo.size >= 100_000) conjunct.memo.clear();
      conjunct.memo.set(key, result);
    }
    return result;
  };
  const evaluateWith = (reader: FieldReader): boolean => {
    statistics.events++;
    for (const [index, conjunct] of conjuncts.entries()) {
      if (!holds(conjunct, reader)) {
        if (index === 0) statistics.decidedByFirstConjunct++;
        return false;
      }
    }
    return true;
  };
  return {
    evaluate: (event) => {
      if (typeof event !== 'object' || event === null || Array.isArray(event)) return interpreter.evaluateReference(query, event);
      return evaluateWith(new FieldReader(event, interpreter.fieldValues));
    },
    evaluateWith,
    statistics,
    conjuncts: conjuncts.map((conjunct) => conjunct.paths.map(({ name }) => name).join(' + ') || '(no field)'),
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

/** Every rule's verdict for one event; the rules share one reading of each field. */
export function evaluateRules(rules: readonly CorpusRule[], event: object): Record<string, boolean> {
  const reader = new FieldReader(event);
  const verdicts: Record<string, boolean> = {};
  for (const rule of rules) verdicts[rule.id] = rule.evaluateWith(reader);
  return verdicts;
}
