import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTomlRule } from './toml.js';
import type { LoadedRule } from './types.js';

/**
 * The bundled rule pack lives in `packages/rules/rules/`; this module runs from `src/`
 * in tests and from `dist/` when built, so look in both places.
 */
function bundledRulesDir(): string {
  for (const relative of ['../rules/', '../../rules/']) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(join(dir, 'llm-endpoints.toml'))) return dir;
  }
  throw new Error('llm-egress: the bundled rule pack (packages/rules/rules) is missing from this installation');
}

export interface BundledRuleInfo {
  id: string;
  name: string;
  version: number;
  file: string;
}

/** The rule the CLI and the SDK use when none is given. */
export const DEFAULT_RULE_ID = 'llm-endpoints';

export function bundledRuleIds(): string[] {
  return readdirSync(bundledRulesDir())
    .filter((name) => name.endsWith('.toml'))
    .map((name) => name.slice(0, -'.toml'.length))
    .sort();
}

export function isBundledRuleId(id: string): boolean {
  return /^[a-z0-9@.-]+$/.test(id) && !id.endsWith('.toml') && bundledRuleIds().includes(id);
}

export function loadBundledRule(id: string): LoadedRule {
  if (!isBundledRuleId(id)) throw new Error(`unknown bundled rule ${JSON.stringify(id)}; bundled rules: ${bundledRuleIds().join(', ')}`);
  const file = join(bundledRulesDir(), `${id}.toml`);
  return loadTomlRule(readFileSync(file, 'utf8'), file, id);
}

export function listBundledRules(): BundledRuleInfo[] {
  return bundledRuleIds().map((id) => {
    const rule = loadBundledRule(id);
    return { id, name: rule.name, version: rule.version, file: rule.file };
  });
}
