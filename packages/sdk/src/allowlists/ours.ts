import { LineCounter, parseDocument } from 'yaml';
import { AllowlistError, type ErrorLocation } from '../errors.js';
import { isTable, type Locator, type NormalizedItem, normalizeEntry, parseExpireTime, stringList } from './normalize.js';

const DOCUMENT_KEYS = ['name', 'rule_ids', 'items'];
const ITEM_KEYS = ['id', 'comment', 'rule_ids', 'os_types', 'expire_time', 'entries'];

function fail(code: string, message: string, at: ErrorLocation): never {
  throw new AllowlistError(code, message, at);
}

/**
 * Reads our allowlist format from an already-parsed value (a YAML/JSON document or an
 * `AllowlistDocument` passed in code). `listName` names the list when the document has no
 * `name`; item ids default to `<name>#<n>` (1-based).
 */
export function normalizeOurDocument(document: unknown, listName: string, locate: Locator, file?: string): NormalizedItem[] {
  if (!isTable(document)) fail('ALLOWLIST_DOCUMENT', 'an allowlist must be a mapping with an `items` list', locate([]));
  for (const key of Object.keys(document)) {
    if (!DOCUMENT_KEYS.includes(key))
      fail('ALLOWLIST_UNKNOWN_KEY', `unknown key ${JSON.stringify(key)} (allowed: ${DOCUMENT_KEYS.join(', ')})`, locate([key]));
  }
  const name = document.name ?? listName;
  if (typeof name !== 'string') fail('ALLOWLIST_DOCUMENT', 'name must be a string', locate(['name']));
  const defaultRuleIds = stringList(document.rule_ids, 'rule_ids', locate(['rule_ids']));
  if (!Array.isArray(document.items))
    fail('ALLOWLIST_DOCUMENT', 'an allowlist needs an `items` list', locate(document.items === undefined ? [] : ['items']));
  const ids = new Set<string>();
  return document.items.map((raw, index): NormalizedItem => {
    const path = ['items', index];
    const at = locate(path);
    if (!isTable(raw)) fail('ALLOWLIST_ITEM', 'an item must be a mapping with entries', at);
    for (const key of Object.keys(raw)) {
      if (!ITEM_KEYS.includes(key))
        fail(
          'ALLOWLIST_UNKNOWN_KEY',
          `unknown key ${JSON.stringify(key)} in an item (allowed: ${ITEM_KEYS.join(', ')})`,
          locate([...path, key]),
        );
    }
    const id = raw.id ?? `${name}#${index + 1}`;
    if (typeof id !== 'string' || id === '') fail('ALLOWLIST_ITEM', 'id must be a non-empty string', locate([...path, 'id']));
    if (ids.has(id)) fail('ALLOWLIST_DUPLICATE_ID', `item id ${JSON.stringify(id)} is used twice`, locate([...path, 'id']));
    ids.add(id);
    if (raw.comment !== undefined && typeof raw.comment !== 'string')
      fail('ALLOWLIST_ITEM', 'comment must be a string', locate([...path, 'comment']));
    if (!Array.isArray(raw.entries) || raw.entries.length === 0)
      fail('ALLOWLIST_ITEM', 'an item needs a non-empty entries list', locate(raw.entries === undefined ? path : [...path, 'entries']));
    const options = { locate, strictKeys: true };
    return {
      origin: {
        id,
        ...(file !== undefined ? { file } : {}),
        ...(at.line !== undefined ? { line: at.line } : {}),
        ...(typeof raw.comment === 'string' ? { comment: raw.comment } : {}),
        list: name,
      },
      ruleIds: stringList(raw.rule_ids, 'rule_ids', locate([...path, 'rule_ids'])) ?? defaultRuleIds,
      osTypes: stringList(raw.os_types, 'os_types', locate([...path, 'os_types'])) ?? [],
      expireTime: parseExpireTime(raw.expire_time, locate([...path, 'expire_time'])),
      entries: raw.entries.map((entry, entryIndex) => normalizeEntry(entry, [...path, 'entries', entryIndex], options)),
      at,
    };
  });
}

/** Parses our format from YAML or JSON text, keeping line numbers for every error. */
export function parseOurAllowlist(text: string, file: string): NormalizedItem[] {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const positionOf = (offset: number): ErrorLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (document.errors.length > 0) {
    const error = document.errors[0];
    throw new AllowlistError('ALLOWLIST_SYNTAX', error.message.split('\n')[0], positionOf(error.pos[0]));
  }
  const locate: Locator = (path) => {
    // The deepest node that exists on the path: a missing key is reported at its parent.
    for (let length = path.length; length >= 0; length--) {
      const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
      const range = (node as { range?: [number, number, number] } | undefined)?.range;
      if (range) return positionOf(range[0]);
    }
    return { file };
  };
  const listName = file.replace(/^.*[\\/]/, '');
  return normalizeOurDocument(document.toJS({ maxAliasCount: 100 }), listName, locate, file);
}
