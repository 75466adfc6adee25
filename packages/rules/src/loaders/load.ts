import { existsSync, readFileSync } from 'node:fs';
import { bundledRuleIds, isBundledRuleId, loadBundledRule } from './bundled.js';
import { loadEqlFile } from './eql-file.js';
import { loadKibanaExport } from './kibana.js';
import { loadTomlRule } from './toml.js';
import { type LoadedRule, RuleFileError } from './types.js';

/** Loads a rule file by its extension: `.toml`, Kibana export `.ndjson`, or `.eql`. */
export function loadRuleFile(file: string): LoadedRule[] {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RuleFileError([{ code: 'RULE_FILE_UNREADABLE', message: (error as Error).message, file, line: 0, column: 0 }]);
  }
  if (file.endsWith('.toml')) return [loadTomlRule(source, file)];
  if (file.endsWith('.ndjson') || file.endsWith('.jsonl')) return loadKibanaExport(source, file);
  if (file.endsWith('.eql')) return [loadEqlFile(source, file)];
  throw new RuleFileError([
    {
      code: 'RULE_FILE_TYPE',
      message: 'unknown rule file type: expected .toml, .ndjson (Kibana export) or .eql',
      file,
      line: 0,
      column: 0,
    },
  ]);
}

/** A bundled rule id (`llm-endpoints`, `llm-endpoints@v2`) or a rule file path. */
export function loadRules(reference: string): LoadedRule[] {
  if (isBundledRuleId(reference)) return [loadBundledRule(reference)];
  // Something that looks like an id rather than a path, and is no file: say which ids exist.
  if (!existsSync(reference) && !/[\\/]/.test(reference) && !/\.(toml|ndjson|jsonl|eql)$/.test(reference)) {
    throw new RuleFileError([
      {
        code: 'UNKNOWN_RULE',
        message: `unknown bundled rule ${JSON.stringify(reference)} and no such file; bundled rules: ${bundledRuleIds().join(', ')}`,
        file: reference,
        line: 0,
        column: 0,
      },
    ]);
  }
  return loadRuleFile(reference);
}
