import {
  type CidrBlock,
  type CompareOperator,
  type ExceptionOrigin,
  type Instruction,
  type PatternProvider,
  PLAN_FORMAT_VERSION,
  type Plan,
  type PlanClause,
  type PlanGroup,
  type PlanRule,
  type PlanStringSet,
  type Predicate,
  type Provider,
  type RuleMetadata,
} from './types.js';

/**
 * Interns fields, string-set groups, predicates and clauses while rules and allowlist
 * items are compiled, so that every executor sees one automaton per field and one
 * predicate per distinct test. Used by the rule compiler and by the SDK's allowlist
 * compiler alike.
 */
export class PlanBuilder {
  private readonly fields: string[] = [];
  private readonly fieldIds = new Map<string, number>();
  private readonly stringSets: PlanStringSet[] = [];
  private readonly setOfField = new Map<number, number>();
  private readonly groupIds = new Map<string, number>();
  private readonly predicates: Predicate[] = [];
  private readonly predicateIds = new Map<string, number>();
  private readonly clauses: PlanClause[] = [];
  private readonly rules: PlanRule[] = [];
  private readonly providers: Provider[] = [];
  private readonly providerIds = new Map<string, number>();
  private readonly patternProviders: PatternProvider[] = [];

  field(path: string): number {
    let id = this.fieldIds.get(path);
    if (id === undefined) {
      id = this.fields.length;
      this.fields.push(path);
      this.fieldIds.set(path, id);
    }
    return id;
  }

  clause(clause: PlanClause): number {
    this.clauses.push(clause);
    return this.clauses.length - 1;
  }

  /** Adds (or reuses) a group on a field's string set; returns `[set, group]`. */
  group(field: number, group: PlanGroup): [number, number] {
    let set = this.setOfField.get(field);
    if (set === undefined) {
      set = this.stringSets.length;
      this.stringSets.push({ field, groups: [] });
      this.setOfField.set(field, set);
    }
    const key = `${set}\u0000${group.mode}\u0000${group.caseInsensitive}\u0000${JSON.stringify(group.patterns)}`;
    let index = this.groupIds.get(key);
    if (index === undefined) {
      index = this.stringSets[set].groups.length;
      this.stringSets[set].groups.push({ mode: group.mode, caseInsensitive: group.caseInsensitive, patterns: [...group.patterns] });
      this.groupIds.set(key, index);
    }
    return [set, index];
  }

  /**
   * Interns a predicate. Identical tests share one predicate; the first clause that
   * asked for it is the one reported.
   */
  predicate(predicate: Predicate): number {
    const { clause: _clause, ...identity } = predicate;
    const key = JSON.stringify(identity);
    let id = this.predicateIds.get(key);
    if (id === undefined) {
      id = this.predicates.length;
      this.predicates.push(predicate);
      this.predicateIds.set(key, id);
    }
    return id;
  }

  groupPredicate(fieldPath: string, group: PlanGroup, clause: number): number {
    const field = this.field(fieldPath);
    const [set, groupIndex] = this.group(field, group);
    return this.predicate({ kind: 'group', field, set, group: groupIndex, clause });
  }

  existsPredicate(fieldPath: string, clause: number): number {
    return this.predicate({ kind: 'exists', field: this.field(fieldPath), clause });
  }

  comparePredicate(fieldPath: string, op: CompareOperator, value: string | number | boolean, clause: number): number {
    return this.predicate({ kind: 'compare', field: this.field(fieldPath), op, value, clause });
  }

  cidrPredicate(fieldPath: string, blocks: CidrBlock[], clause: number): number {
    return this.predicate({ kind: 'cidr', field: this.field(fieldPath), blocks, clause });
  }

  provider(provider: Provider): number {
    const key = `${provider.name}\u0000${provider.kind}`;
    let id = this.providerIds.get(key);
    if (id === undefined) {
      id = this.providers.length;
      this.providers.push({ ...provider });
      this.providerIds.set(key, id);
    }
    return id;
  }

  patternProvider(set: number, group: number, pattern: number, provider: Provider): void {
    if (this.patternProviders.some((entry) => entry.set === set && entry.group === group && entry.pattern === pattern)) return;
    this.patternProviders.push({ set, group, pattern, provider: this.provider(provider) });
  }

  predicateAt(index: number): Predicate {
    return this.predicates[index];
  }

  rule(metadata: RuleMetadata, program: Instruction[], requiredLiterals: string[] | null): number {
    this.rules.push({ metadata, program, exceptions: [], requiredLiterals });
    return this.rules.length - 1;
  }

  /** Attaches an allowlist item to a rule: a match of `program` suppresses the rule's alert. */
  exception(rule: number, origin: ExceptionOrigin, program: Instruction[]): void {
    this.rules[rule].exceptions.push({ origin, program });
  }

  ruleCount(): number {
    return this.rules.length;
  }

  ruleMetadata(rule: number): RuleMetadata {
    return this.rules[rule].metadata;
  }

  build(): Plan {
    const literalSets = this.rules.map((rule) => rule.requiredLiterals);
    const prefilter =
      literalSets.length === 0 || literalSets.some((literals) => literals === null)
        ? null
        : [...new Set(literalSets.flatMap((literals) => literals ?? []))].sort();
    return structuredClone({
      version: PLAN_FORMAT_VERSION,
      fields: this.fields,
      stringSets: this.stringSets,
      predicates: this.predicates,
      clauses: this.clauses,
      rules: this.rules,
      providers: this.providers,
      patternProviders: this.patternProviders,
      prefilter,
    });
  }

  /** Starts a builder from an existing plan, to add allowlist items to compiled rules. */
  static from(plan: Plan): PlanBuilder {
    const builder = new PlanBuilder();
    for (const field of plan.fields) builder.field(field);
    for (const set of plan.stringSets) for (const group of set.groups) builder.group(set.field, group);
    for (const predicate of plan.predicates) builder.predicate(predicate);
    for (const clause of plan.clauses) builder.clause(clause);
    for (const provider of plan.providers) builder.provider(provider);
    builder.patternProviders.push(...plan.patternProviders);
    for (const rule of plan.rules) builder.rules.push(structuredClone(rule));
    return builder;
  }
}
