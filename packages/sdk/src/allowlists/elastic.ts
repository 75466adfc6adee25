import { AllowlistError } from '../errors.js';
import { isTable, type NormalizedItem, normalizeEntry, parseExpireTime, stringList } from './normalize.js';

/**
 * Imports an Elastic exception-list export (Kibana "Export" of a shared exception list):
 * NDJSON with one list line, one line per item and a summary line. Items apply to every
 * loaded rule: the export does not say which rules the list was attached to.
 * Line numbers are the NDJSON lines; every item keeps its `item_id` and `list_id`.
 */
export function parseElasticExceptionExport(text: string, file: string): NormalizedItem[] {
  const items: NormalizedItem[] = [];
  const lines = text.split('\n');
  let sawList = false;
  let summary: Record<string, unknown> | null = null;
  for (let index = 0; index < lines.length; index++) {
    const lineText = lines[index].replace(/\r$/, '');
    const line = index + 1;
    if (lineText.trim() === '') continue;
    const at = { file, line };
    let record: unknown;
    try {
      record = JSON.parse(lineText);
    } catch (error) {
      throw new AllowlistError('ALLOWLIST_SYNTAX', `not JSON: ${(error as Error).message}`, at);
    }
    if (!isTable(record)) throw new AllowlistError('ALLOWLIST_DOCUMENT', 'each line of an exception-list export must be a JSON object', at);
    if ('exported_exception_list_count' in record || 'exported_exception_list_item_count' in record) {
      summary = record;
      continue;
    }
    if (!('entries' in record)) {
      // The list line: `list_id`, `name`, `type` (detection / endpoint / rule_default …).
      if (typeof record.list_id !== 'string')
        throw new AllowlistError(
          'ALLOWLIST_DOCUMENT',
          'a line without entries must be the exception list (with list_id) or the export summary',
          at,
        );
      sawList = true;
      continue;
    }
    const itemId = record.item_id ?? record.id;
    if (typeof itemId !== 'string' || itemId === '') throw new AllowlistError('ALLOWLIST_ITEM', 'an exception item needs an item_id', at);
    if (record.type !== undefined && record.type !== 'simple')
      throw new AllowlistError('ALLOWLIST_ITEM', `exception item type ${JSON.stringify(record.type)} is not supported (only "simple")`, at);
    if (!Array.isArray(record.entries) || record.entries.length === 0)
      throw new AllowlistError('ALLOWLIST_ITEM', 'an exception item needs a non-empty entries list', at);
    const comment = [record.name, record.description].filter((part): part is string => typeof part === 'string' && part !== '').join(': ');
    const locate = () => at;
    items.push({
      origin: {
        id: itemId,
        file,
        line,
        ...(comment ? { comment } : {}),
        ...(typeof record.list_id === 'string' ? { list: record.list_id } : {}),
      },
      ruleIds: null,
      osTypes: stringList(record.os_types, 'os_types', at) ?? [],
      expireTime: parseExpireTime(record.expire_time, at),
      entries: record.entries.map((entry, entryIndex) => normalizeEntry(entry, ['entries', entryIndex], { locate, strictKeys: false })),
      at,
    });
  }
  if (!sawList && items.length === 0)
    throw new AllowlistError('ALLOWLIST_DOCUMENT', 'not an exception-list export: no list and no items', { file, line: 1 });
  const expected = summary?.exported_exception_list_item_count;
  if (typeof expected === 'number' && expected !== items.length) {
    throw new AllowlistError(
      'ALLOWLIST_DOCUMENT',
      `the export summary announces ${expected} items but ${items.length} were found (truncated file?)`,
      { file },
    );
  }
  return items;
}
