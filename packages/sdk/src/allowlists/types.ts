/**
 * Our allowlist format (YAML or JSON), documented in the package README. Its entries
 * mean exactly what the same entries of an Elastic exception item mean
 * (SEMANTICS.md "Elastic exception lists"), so items can be copied between the two.
 */

export type EntryOperator = 'included' | 'excluded';
export type MatchValue = string | number | boolean;

interface EntryBase {
  /** dotted ECS field, e.g. `process.executable` */
  field: string;
  /** `included` (default): the entry holds when the field matches; `excluded`: when it does not (or is absent) */
  operator?: EntryOperator;
}

/** Exact, case-sensitive value (`"true"`/`"false"` also match the booleans; a number also matches numbers). */
export interface MatchEntry extends EntryBase {
  type: 'match';
  value: MatchValue;
  /** fold ASCII case (an llm-egress extension; Elastic's `match` is case-sensitive) */
  case_insensitive?: boolean;
}

/** Any of several exact values. */
export interface MatchAnyEntry extends EntryBase {
  type: 'match_any';
  value: MatchValue[];
  case_insensitive?: boolean;
}

/**
 * Elasticsearch `wildcard` query value: `*` any run, `?` one code point, case-sensitive,
 * and `\` escapes the next character (a Windows path is written `C:\\Users\\*\\app.exe`).
 */
export interface WildcardEntry extends EntryBase {
  type: 'wildcard';
  value: string;
  case_insensitive?: boolean;
}

/** The field has at least one non-null value. */
export interface ExistsEntry extends EntryBase {
  type: 'exists';
}

/** A value list supplied separately (`valueLists` option), by id. */
export interface ListEntry extends EntryBase {
  type: 'list';
  list: { id: string; type?: string };
}

/** Entries relative to a parent field (`field` is the parent). */
export interface NestedEntry {
  field: string;
  type: 'nested';
  entries: Array<MatchEntry | MatchAnyEntry | WildcardEntry | ExistsEntry | ListEntry>;
}

export type AllowlistEntry = MatchEntry | MatchAnyEntry | WildcardEntry | ExistsEntry | ListEntry | NestedEntry;

/** One allowlist item: its entries are ANDed; an alert is suppressed when any item matches. */
export interface AllowlistItem {
  /** stable id reported with every suppression (default: `<list>#<n>`) */
  id?: string;
  /** why this item exists: shown in reports and `explain` */
  comment?: string;
  /** rules it applies to, by rule_id or bundled id / rule file (default: every rule) */
  rule_ids?: string[];
  /** only events whose `host.os.type` (or lower-cased `host.os.name`) is one of these */
  os_types?: string[];
  /** ISO 8601 time after which the item no longer applies */
  expire_time?: string | Date;
  entries: AllowlistEntry[];
}

export interface AllowlistDocument {
  /** name of the list, used in item ids and reports */
  name?: string;
  /** default `rule_ids` of items that have none */
  rule_ids?: string[];
  items: AllowlistItem[];
}
