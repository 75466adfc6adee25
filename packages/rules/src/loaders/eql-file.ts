import { parse as parseYaml } from 'yaml';
import { parseRuleQuery } from './query.js';
import { type LoadedRule, RuleFileError } from './types.js';

type Table = Record<string, unknown>;

/**
 * Loads a plain `.eql` file: the query, optionally preceded by YAML front matter between
 * `---` lines (`name`, `rule_id`, `severity`, `risk_score`, `description`, `tags`,
 * `references`, `version`, `providers`).
 */
export function loadEqlFile(source: string, file: string): LoadedRule {
  let front: Table = {};
  let query = source;
  let queryLine = 1;
  const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(source);
  if (frontMatter) {
    try {
      const parsed = parseYaml(frontMatter[1]) as unknown;
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) front = parsed as Table;
      else throw new Error('front matter must be a mapping');
    } catch (error) {
      const linePos = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
      throw new RuleFileError([
        {
          code: 'FRONT_MATTER',
          message: (error as Error).message.split('\n')[0],
          file,
          line: (linePos?.line ?? 0) + 1,
          column: linePos?.col ?? 1,
        },
      ]);
    }
    query = source.slice(frontMatter[0].length);
    queryLine = frontMatter[0].split('\n').length - (frontMatter[0].endsWith('\n') ? 0 : 1);
  }
  const text = (key: string, fallback: string) => (typeof front[key] === 'string' ? (front[key] as string) : fallback);
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  const providers: LoadedRule['providers'] = {};
  if (front.providers && typeof front.providers === 'object') {
    for (const [pattern, provider] of Object.entries(front.providers as Table)) {
      const value = provider as Table;
      if (typeof value?.name === 'string' && typeof value?.kind === 'string') providers[pattern] = { name: value.name, kind: value.kind };
    }
  }
  const rule: LoadedRule = {
    source: file,
    file,
    indexInFile: 0,
    ruleId: text('rule_id', file),
    name: text('name', file.replace(/^.*[\\/]/, '').replace(/\.eql$/, '')),
    description: text('description', ''),
    severity: text('severity', 'medium'),
    riskScore: typeof front.risk_score === 'number' ? front.risk_score : 47,
    version: typeof front.version === 'number' ? front.version : 1,
    threat: Array.isArray(front.threat) ? front.threat : [],
    references: strings(front.references),
    tags: strings(front.tags),
    index: strings(front.index),
    query,
    queryLine,
    queryColumn: 1,
    providers,
    examples: [],
  };
  parseRuleQuery(rule, source);
  return rule;
}
