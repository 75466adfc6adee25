import type { Provider, RuleMetadata } from '../plan/types.js';

/** One example event of a rule file: checked on load by the test suite (tau-engine style). */
export interface RuleExample {
  expect: boolean;
  why: string;
  event: unknown;
}

/**
 * A rule as loaded from a file, before compilation: the metadata that travels into the
 * Plan, plus what only loading knows. The query is parsed and checked.
 */
export interface LoadedRule extends RuleMetadata {
  /** file the rule came from */
  file: string;
  /** 0-based index of the rule within its file (Kibana exports hold several) */
  indexInFile: number;
  /** 1-based line and column in `file` where the query text starts */
  queryLine: number;
  queryColumn: number;
  /** domain pattern → provider, from `[llm_egress.providers]` */
  providers: Record<string, Provider>;
  examples: RuleExample[];
}

/** A located problem in a rule file. */
export interface RuleFileDiagnostic {
  code: string;
  message: string;
  file: string;
  line: number;
  column: number;
  /** the offending source line with a caret under the column */
  excerpt?: string;
}

/** Thrown by the loaders: every problem found in the file, together. */
export class RuleFileError extends Error {
  readonly code: string;
  constructor(readonly diagnostics: RuleFileDiagnostic[]) {
    super(
      diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.code}: ${d.message}${d.excerpt ? `\n${d.excerpt}` : ''}`).join('\n'),
    );
    this.name = 'RuleFileError';
    this.code = diagnostics[0]?.code ?? 'RULE_FILE';
  }
}

/** The offending line of `source` with a caret under `column` (both 1-based). */
export function caretExcerpt(source: string, line: number, column: number): string {
  const text = source.split(/\r?\n/)[line - 1] ?? '';
  return `${text}\n${' '.repeat(Math.max(0, column - 1))}^`;
}
