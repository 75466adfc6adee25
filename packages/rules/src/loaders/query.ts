import type { Query } from '../eql/ast.js';
import { checkQuery } from '../eql/checker.js';
import { parseQuery } from '../eql/parser.js';
import { type LoadedRule, type RuleFileDiagnostic, RuleFileError } from './types.js';

const parsedQueries = new WeakMap<LoadedRule, Query>();

/**
 * Parses and checks a loaded rule's query with positions mapped to its file, and throws a
 * RuleFileError holding every problem. `insideJsonString`: the query sits inside a JSON
 * string on one line of the file (Kibana exports), so its own line:column is reported in
 * the message and the file position is that line.
 */
export function parseRuleQuery(rule: LoadedRule, _fileSource: string, options: { insideJsonString?: boolean } = {}): Query {
  const inJson = options.insideJsonString === true;
  const { query, diagnostics } = parseQuery(rule.query, {
    file: rule.file,
    lineOffset: inJson ? 0 : rule.queryLine - 1,
    columnOffset: inJson ? 0 : rule.queryColumn - 1,
  });
  const problems = query ? [...diagnostics, ...checkQuery(query)] : diagnostics;
  if (problems.length > 0 || !query) {
    const located: RuleFileDiagnostic[] = problems.map((diagnostic) =>
      inJson
        ? {
            code: diagnostic.code,
            message: `${diagnostic.message} (query ${diagnostic.line}:${diagnostic.column})`,
            file: rule.file,
            line: rule.queryLine,
            column: 1,
            excerpt: diagnostic.excerpt,
          }
        : {
            code: diagnostic.code,
            message: diagnostic.message,
            file: rule.file,
            line: diagnostic.line,
            column: diagnostic.column,
            excerpt: diagnostic.excerpt,
          },
    );
    throw new RuleFileError(
      located.length > 0
        ? located
        : [{ code: 'unexpected-end', message: 'empty query', file: rule.file, line: rule.queryLine, column: rule.queryColumn }],
    );
  }
  parsedQueries.set(rule, query);
  return query;
}

/** The checked query of a rule returned by a loader. */
export function ruleQuery(rule: LoadedRule): Query {
  return parsedQueries.get(rule) ?? parseRuleQuery(rule, '');
}
