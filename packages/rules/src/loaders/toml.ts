import { parse as parseToml, TomlError } from 'smol-toml';
import type { Provider } from '../plan/types.js';
import { parseRuleQuery } from './query.js';
import { caretExcerpt, type LoadedRule, type RuleExample, type RuleFileDiagnostic, RuleFileError } from './types.js';

type Table = Record<string, unknown>;

const isTable = (value: unknown): value is Table => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Where the query text starts in the file: TOML's multi-line strings drop a newline that
 * immediately follows the opening delimiter, so the query then starts on the next line.
 */
export function locateTomlQuery(source: string): { line: number; column: number } {
  const match = /^[ \t]*query[ \t]*=[ \t]*('''|"""|'|")/m.exec(source);
  if (!match) return { line: 1, column: 1 };
  const before = source.slice(0, match.index);
  const line = before.split('\n').length;
  const afterDelimiter = match.index + match[0].length;
  const multiLine = match[1].length === 3;
  if (multiLine && (source[afterDelimiter] === '\n' || source.startsWith('\r\n', afterDelimiter))) return { line: line + 1, column: 1 };
  return { line, column: match[0].length + 1 };
}

/** Position of `key =` inside the file, for errors about a field's value. */
function locateKey(source: string, key: string): { line: number; column: number } {
  const match = new RegExp(`^[ \\t]*${key}[ \\t]*=`, 'm').exec(source);
  if (!match) return { line: 1, column: 1 };
  const line = source.slice(0, match.index).split('\n').length;
  return { line, column: match[0].length - match[0].trimStart().length + 1 };
}

/** Loads one Elastic detection-rules TOML file (`[metadata]` + `[rule]`, plus our `[llm_egress]`). */
export function loadTomlRule(source: string, file: string, sourceId: string = file): LoadedRule {
  let document: Table;
  try {
    document = parseToml(source) as Table;
  } catch (error) {
    if (error instanceof TomlError) {
      const firstLine = error.message.split('\n')[0];
      throw new RuleFileError([
        {
          code: 'TOML_SYNTAX',
          message: firstLine,
          file,
          line: error.line,
          column: error.column,
          excerpt: caretExcerpt(source, error.line, error.column),
        },
      ]);
    }
    throw error;
  }
  const problems: RuleFileDiagnostic[] = [];
  const problem = (code: string, message: string, key: string) => {
    const { line, column } = locateKey(source, key);
    problems.push({ code, message, file, line, column, excerpt: caretExcerpt(source, line, column) });
  };

  const rule = document.rule;
  if (!isTable(rule)) throw new RuleFileError([{ code: 'RULE_MISSING', message: 'no [rule] table', file, line: 1, column: 1 }]);
  const text = (key: string, required = true): string => {
    const value = rule[key];
    if (typeof value === 'string') return value;
    if (value !== undefined || required) problem('RULE_FIELD', `[rule] ${key} must be a string`, key);
    return '';
  };
  const strings = (key: string): string[] => {
    const value = rule[key];
    if (value === undefined) return [];
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
    problem('RULE_FIELD', `[rule] ${key} must be an array of strings`, key);
    return [];
  };

  const language = typeof rule.language === 'string' ? rule.language : typeof rule.type === 'string' ? rule.type : '';
  if (language !== 'eql') {
    problem(
      'UNSUPPORTED_LANGUAGE',
      `unsupported language ${JSON.stringify(language || '(none)')}: only EQL rules can run (this is a ${language || 'rule without a language'} rule)`,
      rule.language !== undefined ? 'language' : 'type',
    );
    throw new RuleFileError(problems);
  }
  const riskScore = rule.risk_score;
  if (typeof riskScore !== 'number') problem('RULE_FIELD', '[rule] risk_score must be a number', 'risk_score');

  const extension = isTable(document.llm_egress) ? document.llm_egress : {};
  const providers: Record<string, Provider> = {};
  if (isTable(extension.providers)) {
    for (const [pattern, provider] of Object.entries(extension.providers)) {
      if (isTable(provider) && typeof provider.name === 'string' && typeof provider.kind === 'string')
        providers[pattern] = { name: provider.name, kind: provider.kind };
      else
        problem(
          'PROVIDER',
          `provider of ${JSON.stringify(pattern)} needs string name and kind`,
          JSON.stringify(pattern).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
        );
    }
  }
  const examples: RuleExample[] = [];
  if (Array.isArray(extension.examples)) {
    for (const example of extension.examples) {
      if (!isTable(example) || typeof example.expect !== 'boolean' || typeof example.event !== 'string') {
        problem('EXAMPLE', '[[llm_egress.examples]] needs expect (boolean) and event (a JSON string)', 'expect');
        continue;
      }
      try {
        examples.push({
          expect: example.expect,
          why: typeof example.why === 'string' ? example.why : '',
          event: JSON.parse(example.event),
        });
      } catch (error) {
        problem('EXAMPLE', `example event is not JSON: ${(error as Error).message}`, 'event');
      }
    }
  }

  const query = text('query');
  const position = locateTomlQuery(source);
  const loaded: LoadedRule = {
    source: sourceId,
    file,
    indexInFile: 0,
    ruleId: text('rule_id'),
    name: text('name'),
    description: text('description', false).trim(),
    severity: text('severity'),
    riskScore: typeof riskScore === 'number' ? riskScore : 0,
    version: typeof extension.version === 'number' ? extension.version : typeof rule.version === 'number' ? rule.version : 1,
    threat: Array.isArray(rule.threat) ? rule.threat : [],
    references: strings('references'),
    tags: strings('tags'),
    index: strings('index'),
    query,
    queryLine: position.line,
    queryColumn: position.column,
    providers,
    examples,
  };
  if (problems.length > 0) throw new RuleFileError(problems);
  parseRuleQuery(loaded, source);
  return loaded;
}
