import type { ExceptionOrigin } from '@llm-egress/rules';
import { AllowlistError, type ErrorLocation } from '../errors.js';
import type { MatchValue } from './types.js';

/**
 * Both allowlist formats (ours and Elastic exception-list exports) are checked and turned
 * into this one located form, which `compileAllowlists` compiles into the Plan.
 */

export type NormalizedEntry =
  | { type: 'match'; field: string; negated: boolean; values: MatchValue[]; caseInsensitive: boolean; at: ErrorLocation }
  | { type: 'wildcard'; field: string; negated: boolean; value: string; caseInsensitive: boolean; at: ErrorLocation }
  | { type: 'exists'; field: string; negated: boolean; at: ErrorLocation }
  | { type: 'list'; field: string; negated: boolean; listId: string; listType: string; at: ErrorLocation }
  | { type: 'nested'; field: string; entries: NormalizedEntry[]; at: ErrorLocation };

export interface NormalizedItem {
  origin: ExceptionOrigin;
  /** rule_ids / source ids it applies to, or null for every rule */
  ruleIds: string[] | null;
  osTypes: string[];
  expireTime: Date | null;
  entries: NormalizedEntry[];
  at: ErrorLocation;
}

/** Location of the value at a path inside the document (line numbers when the text is known). */
export type Locator = (path: ReadonlyArray<string | number>) => ErrorLocation;

export type Table = Record<string, unknown>;
export const isTable = (value: unknown): value is Table =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

const ENTRY_KEYS: Record<string, readonly string[]> = {
  match: ['field', 'operator', 'type', 'value', 'case_insensitive'],
  match_any: ['field', 'operator', 'type', 'value', 'case_insensitive'],
  wildcard: ['field', 'operator', 'type', 'value', 'case_insensitive'],
  exists: ['field', 'operator', 'type'],
  list: ['field', 'operator', 'type', 'list'],
  nested: ['field', 'type', 'entries'],
};

export interface NormalizeOptions {
  locate: Locator;
  /** reject keys this format does not define (our format: yes, to catch typos; Elastic exports: no) */
  strictKeys: boolean;
}

function fail(code: string, message: string, at: ErrorLocation): never {
  throw new AllowlistError(code, message, at);
}

function checkKeys(
  value: Table,
  allowed: readonly string[],
  what: string,
  path: ReadonlyArray<string | number>,
  options: NormalizeOptions,
): void {
  if (!options.strictKeys) return;
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key))
      fail(
        'ALLOWLIST_UNKNOWN_KEY',
        `unknown key ${JSON.stringify(key)} in ${what} (allowed: ${allowed.join(', ')})`,
        options.locate([...path, key]),
      );
  }
}

function isMatchValue(value: unknown): value is MatchValue {
  return typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

export function normalizeEntry(
  raw: unknown,
  path: ReadonlyArray<string | number>,
  options: NormalizeOptions,
  insideNested = false,
): NormalizedEntry {
  const at = options.locate(path);
  if (!isTable(raw)) fail('ALLOWLIST_ENTRY', 'an entry must be a mapping with field, type and value', at);
  const { field, type } = raw;
  if (typeof field !== 'string' || field.trim() === '')
    fail('ALLOWLIST_ENTRY', 'entry field must be a non-empty string (a dotted ECS field)', options.locate([...path, 'field']));
  if (typeof type !== 'string' || !Object.hasOwn(ENTRY_KEYS, type)) {
    fail(
      'ALLOWLIST_ENTRY_TYPE',
      `entry type must be one of ${Object.keys(ENTRY_KEYS).join(', ')}; got ${JSON.stringify(type)}`,
      options.locate([...path, 'type']),
    );
  }
  checkKeys(raw, ENTRY_KEYS[type], `a ${type} entry`, path, options);
  if (type === 'nested') {
    if (insideNested) fail('ALLOWLIST_ENTRY', 'a nested entry cannot contain another nested entry', at);
    if (!Array.isArray(raw.entries) || raw.entries.length === 0)
      fail('ALLOWLIST_ENTRY', 'a nested entry needs a non-empty entries list', options.locate([...path, 'entries']));
    const entries = raw.entries.map((child, index) => {
      const normalized = normalizeEntry(child, [...path, 'entries', index], options, true);
      return prefixField(normalized, field);
    });
    return { type: 'nested', field, entries, at };
  }
  const operator = raw.operator ?? 'included';
  if (operator !== 'included' && operator !== 'excluded') {
    fail(
      'ALLOWLIST_OPERATOR',
      `operator must be "included" or "excluded"; got ${JSON.stringify(operator)}`,
      options.locate([...path, 'operator']),
    );
  }
  const negated = operator === 'excluded';
  const caseInsensitive = raw.case_insensitive ?? false;
  if (typeof caseInsensitive !== 'boolean')
    fail('ALLOWLIST_ENTRY', 'case_insensitive must be true or false', options.locate([...path, 'case_insensitive']));
  switch (type) {
    case 'match':
      if (!isMatchValue(raw.value))
        fail('ALLOWLIST_VALUE', 'a match entry needs one value (a string, number or boolean)', options.locate([...path, 'value']));
      return { type: 'match', field, negated, values: [raw.value], caseInsensitive, at };
    case 'match_any': {
      const values = raw.value;
      if (!Array.isArray(values) || values.length === 0 || !values.every(isMatchValue)) {
        fail(
          'ALLOWLIST_VALUE',
          'a match_any entry needs a non-empty list of strings, numbers or booleans',
          options.locate([...path, 'value']),
        );
      }
      return { type: 'match', field, negated, values, caseInsensitive, at };
    }
    case 'wildcard':
      if (typeof raw.value !== 'string')
        fail('ALLOWLIST_VALUE', 'a wildcard entry needs a string value', options.locate([...path, 'value']));
      return { type: 'wildcard', field, negated, value: raw.value, caseInsensitive, at };
    case 'exists':
      return { type: 'exists', field, negated, at };
    case 'list': {
      const list = raw.list;
      if (!isTable(list) || typeof list.id !== 'string' || list.id === '')
        fail('ALLOWLIST_VALUE', 'a list entry needs list: { id, type }', options.locate([...path, 'list']));
      return { type: 'list', field, negated, listId: list.id, listType: typeof list.type === 'string' ? list.type : 'keyword', at };
    }
    default:
      return fail('ALLOWLIST_ENTRY_TYPE', `unknown entry type ${JSON.stringify(type)}`, at);
  }
}

function prefixField(entry: NormalizedEntry, parent: string): NormalizedEntry {
  return { ...entry, field: `${parent}.${entry.field}` } as NormalizedEntry;
}

export function parseExpireTime(raw: unknown, at: ErrorLocation): Date | null {
  if (raw === undefined || raw === null) return null;
  const time = raw instanceof Date ? raw : typeof raw === 'string' && /^\d{4}-\d{2}-\d{2}/.test(raw) ? new Date(raw) : null;
  if (time === null || Number.isNaN(time.getTime()))
    fail('ALLOWLIST_EXPIRE_TIME', `expire_time must be an ISO 8601 date-time such as 2027-01-31T00:00:00Z; got ${JSON.stringify(raw)}`, at);
  return time;
}

export function stringList(raw: unknown, what: string, at: ErrorLocation): string[] | null {
  if (raw === undefined || raw === null) return null;
  if (!Array.isArray(raw) || !raw.every((value) => typeof value === 'string'))
    fail('ALLOWLIST_VALUE', `${what} must be a list of strings`, at);
  return raw;
}
