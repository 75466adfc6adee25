import { parseRuleQuery } from './query.js';
import { caretExcerpt, type LoadedRule, type RuleFileDiagnostic, RuleFileError } from './types.js';

type Table = Record<string, unknown>;
const isTable = (value: unknown): value is Table => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Loads a Kibana rule export: NDJSON, one rule object per line, usually followed by a
 * summary line (`{"exported_count": …}`) that is skipped. Every problem of every line is
 * reported together.
 */
export function loadKibanaExport(source: string, file: string): LoadedRule[] {
  const rules: LoadedRule[] = [];
  const problems: RuleFileDiagnostic[] = [];
  const lines = source.split('\n');
  lines.forEach((rawLine, index) => {
    const line = rawLine.replace(/\r$/, '');
    const lineNumber = index + 1;
    if (line.trim() === '') return;
    let document: unknown;
    try {
      document = JSON.parse(line);
    } catch (error) {
      const column = Number(/position (\d+)/.exec((error as Error).message)?.[1] ?? 0) + 1;
      problems.push({
        code: 'JSON_SYNTAX',
        message: (error as Error).message,
        file,
        line: lineNumber,
        column,
        excerpt: caretExcerpt(source, lineNumber, column),
      });
      return;
    }
    if (!isTable(document)) {
      problems.push({ code: 'RULE_FIELD', message: 'each line must be a JSON object', file, line: lineNumber, column: 1 });
      return;
    }
    if ('exported_count' in document || 'exported_rules_count' in document) return;
    const language = typeof document.language === 'string' ? document.language : typeof document.type === 'string' ? document.type : '';
    if (language !== 'eql') {
      problems.push({
        code: 'UNSUPPORTED_LANGUAGE',
        message: `unsupported language ${JSON.stringify(language || '(none)')} in rule ${JSON.stringify(document.name ?? document.rule_id ?? '')}: only EQL rules can run`,
        file,
        line: lineNumber,
        column: 1,
      });
      return;
    }
    for (const key of ['rule_id', 'name', 'query', 'severity'] as const) {
      if (typeof document[key] !== 'string')
        problems.push({ code: 'RULE_FIELD', message: `${key} must be a string`, file, line: lineNumber, column: 1 });
    }
    if (typeof document.risk_score !== 'number')
      problems.push({ code: 'RULE_FIELD', message: 'risk_score must be a number', file, line: lineNumber, column: 1 });
    if (problems.length > 0) return;
    const strings = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
    const rule: LoadedRule = {
      source: rules.length === 0 ? file : `${file}#${rules.length + 1}`,
      file,
      indexInFile: rules.length,
      ruleId: document.rule_id as string,
      name: document.name as string,
      description: typeof document.description === 'string' ? document.description : '',
      severity: document.severity as string,
      riskScore: document.risk_score as number,
      version: typeof document.version === 'number' ? document.version : 1,
      threat: Array.isArray(document.threat) ? document.threat : [],
      references: strings(document.references),
      tags: strings(document.tags),
      index: strings(document.index),
      query: document.query as string,
      // The query lives inside a JSON string: positions inside it are reported relative to the line.
      queryLine: lineNumber,
      queryColumn: 1,
      providers: {},
      examples: [],
    };
    try {
      parseRuleQuery(rule, source, { insideJsonString: true });
      rules.push(rule);
    } catch (error) {
      if (error instanceof RuleFileError) problems.push(...error.diagnostics);
      else throw error;
    }
  });
  if (problems.length > 0) throw new RuleFileError(problems);
  if (rules.length === 0)
    throw new RuleFileError([{ code: 'RULE_MISSING', message: 'the export holds no rule', file, line: 1, column: 1 }]);
  return rules;
}
