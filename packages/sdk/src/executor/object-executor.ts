import type { Plan, PlanGroup, Predicate } from '@llm-egress/rules';
import { cidrContains, compareValue } from './compare.js';
import { compileFieldAccessor, type FieldAccessor, type LeafValue } from './field-values.js';
import { evaluateTree, firedPredicates, type ProgramNode, programTree } from './program.js';

/** What one string-set pass over one value says: the groups that matched, each with its first matching pattern. */
export interface SetMatch {
  groups: readonly number[];
  /** parallel to `groups`: index (within the group) of the first pattern that matched */
  firstPatterns: readonly number[];
}

/** Matches one value against every group of one field's string set at once (the WASM automaton). */
export interface SetMatcher {
  match(value: string): SetMatch;
}

/** Compiles one field's string set; `field` names it in errors. */
export type SetMatcherFactory = (groups: PlanGroup[], field: string) => SetMatcher;

/** Why a predicate is true: the first value that satisfied it and, for groups, the first pattern. */
export interface PredicateEvidence {
  value: LeafValue;
  /** pattern index within the group (group predicates only) */
  pattern?: number;
}

/** One rule that matched an event; `suppressedBy` is the index of the first allowlist item that matched, or -1. */
export interface RuleMatch {
  rule: number;
  suppressedBy: number;
}

/**
 * The SDK's object executor: runs a Plan over JS objects. Field values are read once per
 * field and event, each field's string set is matched once per value (all groups at
 * once), predicates are computed lazily and cached per event, programs short-circuit.
 */
export class ObjectExecutor {
  private readonly accessors: FieldAccessor[];
  private readonly matchers: SetMatcher[];
  private readonly rulePrograms: ProgramNode[];
  private readonly exceptionPrograms: ProgramNode[][];

  constructor(
    readonly plan: Plan,
    createMatcher: SetMatcherFactory,
  ) {
    this.accessors = plan.fields.map((path) => compileFieldAccessor(path));
    this.matchers = plan.stringSets.map((set) => createMatcher(set.groups, plan.fields[set.field]));
    const count = plan.predicates.length;
    this.rulePrograms = plan.rules.map((rule, index) => programTree(rule.program, count, `rule ${index} (${rule.metadata.source})`));
    this.exceptionPrograms = plan.rules.map((rule, index) =>
      rule.exceptions.map((exception, item) =>
        programTree(exception.program, count, `rule ${index} allowlist item ${item} (${exception.origin.id})`),
      ),
    );
  }

  /** A fresh per-event evaluation (cheap: everything is computed on demand). */
  begin(event: unknown): EventEvaluation {
    return new EventEvaluation(this, event);
  }

  /** Every rule that matches the event, with the allowlist item that suppresses it (or -1). */
  run(event: unknown): { matches: RuleMatch[]; evaluation: EventEvaluation } {
    const evaluation = this.begin(event);
    const matches: RuleMatch[] = [];
    for (let rule = 0; rule < this.rulePrograms.length; rule++) {
      if (evaluation.ruleMatches(rule)) matches.push({ rule, suppressedBy: evaluation.suppressingItem(rule) });
    }
    return { matches, evaluation };
  }

  /** @internal */
  accessor(field: number): FieldAccessor {
    return this.accessors[field];
  }
  /** @internal */
  matcher(set: number): SetMatcher {
    return this.matchers[set];
  }
  /** @internal */
  ruleProgram(rule: number): ProgramNode {
    return this.rulePrograms[rule];
  }
  /** @internal */
  exceptionProgram(rule: number, item: number): ProgramNode {
    return this.exceptionPrograms[rule][item];
  }
  /** @internal */
  exceptionCount(rule: number): number {
    return this.exceptionPrograms[rule].length;
  }
}

/** Per-event caches of field values, string-set results and predicate truths. */
export class EventEvaluation {
  private readonly values: Array<LeafValue[] | undefined>;
  /** per string set: per group, evidence of the first value that matched it */
  private readonly setResults: Array<Map<number, PredicateEvidence> | undefined>;
  private readonly truths: Int8Array;
  private readonly evidence: Array<PredicateEvidence | undefined>;
  readonly predicate = (index: number): boolean => this.predicateTruth(index);

  constructor(
    private readonly executor: ObjectExecutor,
    readonly event: unknown,
  ) {
    const plan = executor.plan;
    this.values = new Array(plan.fields.length);
    this.setResults = new Array(plan.stringSets.length);
    this.truths = new Int8Array(plan.predicates.length).fill(-1);
    this.evidence = new Array(plan.predicates.length);
  }

  fieldValues(field: number): LeafValue[] {
    let values = this.values[field];
    if (values === undefined) {
      values = this.executor.accessor(field).values(this.event);
      this.values[field] = values;
    }
    return values;
  }

  private setResult(set: number): Map<number, PredicateEvidence> {
    let result = this.setResults[set];
    if (result === undefined) {
      result = new Map();
      const matcher = this.executor.matcher(set);
      for (const value of this.fieldValues(this.executor.plan.stringSets[set].field)) {
        // `:`, `like`, `==` with strings and the string functions only see string values.
        if (typeof value !== 'string') continue;
        const { groups, firstPatterns } = matcher.match(value);
        for (let index = 0; index < groups.length; index++) {
          if (!result.has(groups[index])) result.set(groups[index], { value, pattern: firstPatterns[index] });
        }
      }
      this.setResults[set] = result;
    }
    return result;
  }

  private compute(predicate: Predicate): PredicateEvidence | undefined {
    switch (predicate.kind) {
      case 'group':
        return this.setResult(predicate.set).get(predicate.group);
      case 'exists': {
        const values = this.fieldValues(predicate.field);
        return values.length > 0 ? { value: values[0] } : undefined;
      }
      case 'compare':
        for (const value of this.fieldValues(predicate.field)) if (compareValue(value, predicate.op, predicate.value)) return { value };
        return undefined;
      case 'cidr':
        for (const value of this.fieldValues(predicate.field)) if (cidrContains(value, predicate.blocks)) return { value };
        return undefined;
    }
  }

  predicateTruth(index: number): boolean {
    const known = this.truths[index];
    if (known !== -1) return known === 1;
    const evidence = this.compute(this.executor.plan.predicates[index]);
    this.evidence[index] = evidence;
    this.truths[index] = evidence === undefined ? 0 : 1;
    return evidence !== undefined;
  }

  /** The value (and pattern) that made a true predicate true. */
  predicateEvidence(index: number): PredicateEvidence | undefined {
    return this.predicateTruth(index) ? this.evidence[index] : undefined;
  }

  ruleMatches(rule: number): boolean {
    return evaluateTree(this.executor.ruleProgram(rule), this.predicate);
  }

  /** Index of the first allowlist item of the rule whose program is true, or -1. */
  suppressingItem(rule: number): number {
    const count = this.executor.exceptionCount(rule);
    for (let item = 0; item < count; item++) if (evaluateTree(this.executor.exceptionProgram(rule, item), this.predicate)) return item;
    return -1;
  }

  /** The predicates that made a matching rule match (positive positions only), in program order. */
  firedPredicates(rule: number): number[] {
    return firedPredicates(this.executor.ruleProgram(rule), this.predicate);
  }
}
