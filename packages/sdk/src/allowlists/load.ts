import { readFileSync } from 'node:fs';
import { AllowlistError } from '../errors.js';
import { parseElasticExceptionExport } from './elastic.js';
import type { NormalizedItem } from './normalize.js';
import { normalizeOurDocument, parseOurAllowlist } from './ours.js';
import type { AllowlistDocument } from './types.js';

/** Reads an allowlist file by its extension: `.yaml`/`.yml`/`.json` (ours) or `.ndjson` (Elastic export). */
export function loadAllowlistFile(file: string): NormalizedItem[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AllowlistError('ALLOWLIST_UNREADABLE', (error as Error).message, { file }, { cause: error });
  }
  return parseAllowlistText(text, file);
}

export function parseAllowlistText(text: string, file: string): NormalizedItem[] {
  const lower = file.toLowerCase();
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return parseElasticExceptionExport(text, file);
  if (lower.endsWith('.yaml') || lower.endsWith('.yml') || lower.endsWith('.json')) return parseOurAllowlist(text, file);
  throw new AllowlistError(
    'ALLOWLIST_FILE_TYPE',
    'unknown allowlist file type: expected .yaml, .yml or .json (llm-egress format) or .ndjson (Elastic exception-list export)',
    { file },
  );
}

/** Every item of every allowlist, in the order given (file paths or parsed documents). */
export function loadAllowlists(sources: ReadonlyArray<string | AllowlistDocument>): NormalizedItem[] {
  const items: NormalizedItem[] = [];
  sources.forEach((source, index) => {
    if (typeof source === 'string') items.push(...loadAllowlistFile(source));
    else {
      const name = typeof source?.name === 'string' ? source.name : `allowlist-${index + 1}`;
      items.push(...normalizeOurDocument(source, name, () => ({ file: `<allowlist document ${name}>` })));
    }
  });
  return items;
}
