/**
 * The Plan: the one compiled, serialisable description of one or more rules that every
 * executor runs (the raw-bytes WASM executor, the SDK's object executor). Layout and
 * meaning: packages/rules/PLAN.md.
 */

export const PLAN_FORMAT_VERSION = 1;

/** How a group's patterns compare with a value (the matcher's string-set modes). */
export type GroupMode = 'exact' | 'wildcard' | 'prefix' | 'suffix' | 'contains';

export const GROUP_MODE_CODES: Record<GroupMode, number> = { exact: 0, wildcard: 1, prefix: 2, suffix: 3, contains: 4 };

/** One comparison's patterns: `process.name : ("a", "b")` is one group of two patterns. */
export interface PlanGroup {
  mode: GroupMode;
  caseInsensitive: boolean;
  patterns: string[];
}

/** All groups that test one field: one automaton pass per field answers every group. */
export interface PlanStringSet {
  field: number;
  groups: PlanGroup[];
}

export type CompareOperator = '==' | '<' | '<=' | '>' | '>=';
export const COMPARE_OPERATOR_CODES: Record<CompareOperator, number> = { '==': 0, '<': 1, '<=': 2, '>': 3, '>=': 4 };

/** 4 or 16 address bytes with host bits cleared; an IPv4 block also holds IPv4-mapped IPv6 addresses. */
export type { CidrBlock } from '../interpreter/ip.js';

import type { CidrBlock } from '../interpreter/ip.js';

/**
 * An atomic test over one field's values V(f) (SEMANTICS.md "Values of a field"). Every
 * predicate is "some value of the field satisfies …", so negations live in the program.
 */
export type Predicate =
  /** some string value matches some pattern of `stringSets[set].groups[group]` */
  | { kind: 'group'; field: number; set: number; group: number; clause: number }
  /** V(f) is not empty (`f != null`) */
  | { kind: 'exists'; field: number; clause: number }
  /** some value compares true with a number or boolean literal (strings go to groups or ordered compares) */
  | { kind: 'compare'; field: number; op: CompareOperator; value: string | number | boolean; clause: number }
  /** some string value is an IP address inside one of the blocks */
  | { kind: 'cidr'; field: number; blocks: CidrBlock[]; clause: number };

export type PredicateKind = Predicate['kind'];
export const PREDICATE_KIND_CODES: Record<PredicateKind, number> = { group: 0, exists: 1, compare: 2, cidr: 3 };

/** One instruction of a postfix boolean program evaluated on a stack of booleans. */
export type Instruction =
  | { op: 'predicate'; index: number }
  | { op: 'not' }
  | { op: 'and' }
  | { op: 'or' }
  | { op: 'const'; value: boolean };

/** Where a predicate came from, for explanations and alerts (`llm_egress.matched[].clause`). */
export interface PlanClause {
  /** index of the rule (or -1 for an allowlist item) */
  rule: number;
  /** the comparison as printed source text, e.g. `process.name : ("a", "b")` */
  text: string;
  /** source position of the comparison in its file (1-based) */
  line: number;
  column: number;
  /** origin when the clause belongs to an allowlist item */
  exception?: number;
}

/** Where an allowlist item came from: every suppression is reported with it. */
export interface ExceptionOrigin {
  /** stable id, e.g. `corp-allowlist.yaml#3` or the Elastic item_id */
  id: string;
  /** file the item was loaded from, when it came from a file */
  file?: string;
  line?: number;
  comment?: string;
  /** name of the list (allowlist name, or the Elastic exception list id) */
  list?: string;
}

export interface PlanException {
  origin: ExceptionOrigin;
  program: Instruction[];
}

export interface RuleMetadata {
  /** bundled id (`llm-endpoints`) or the file path as given */
  source: string;
  ruleId: string;
  name: string;
  description: string;
  severity: string;
  riskScore: number;
  version: number;
  threat: unknown[];
  references: string[];
  tags: string[];
  index: string[];
  /** the rule's EQL query text, as loaded */
  query: string;
}

export interface PlanRule {
  metadata: RuleMetadata;
  /** the rule's condition */
  program: Instruction[];
  /** allowlist items that apply to this rule; the first one whose program is true suppresses */
  exceptions: PlanException[];
  /** every match needs one of these (ASCII-lower-cased) literals in the raw line, or null: no prefilter possible */
  requiredLiterals: string[] | null;
}

export interface Provider {
  name: string;
  kind: 'api' | 'consumer-chat' | 'ml-infra' | string;
}

/** Provider of a pattern: `providers[set][group][pattern]`, addressed by index. */
export interface PatternProvider {
  set: number;
  group: number;
  pattern: number;
  provider: number;
}

export interface Plan {
  version: typeof PLAN_FORMAT_VERSION;
  /** dotted ECS paths, e.g. `dns.question.name`; a field id is an index here */
  fields: string[];
  stringSets: PlanStringSet[];
  predicates: Predicate[];
  clauses: PlanClause[];
  rules: PlanRule[];
  providers: Provider[];
  patternProviders: PatternProvider[];
  /**
   * Literals of which every line that any rule can match contains at least one
   * (ASCII-lower-cased), or null when some rule has none. Lines whose bytes could hide a
   * literal behind a JSON escape are never rejected by it (PLAN.md, "Prefilter").
   */
  prefilter: string[] | null;
}
