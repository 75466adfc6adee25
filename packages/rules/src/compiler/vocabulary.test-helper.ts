import type { RuleVocabulary } from '@llm-egress/testkit';
import { childExpressions, type Expr, fieldName, type Query } from '../eql/ast.js';

/** The patterns a query compares each field with: the vocabulary for generated events. */
export function queryVocabulary(queries: Query[]): RuleVocabulary {
  const byField = new Map<string, string[]>();
  for (const query of queries) {
    const pending: Expr[] = [query.where];
    while (pending.length > 0) {
      const expr = pending.pop() as Expr;
      if (expr.kind === 'wildcard') byField.set(fieldName(expr.field), [...(byField.get(fieldName(expr.field)) ?? []), ...expr.patterns]);
      pending.push(...childExpressions(expr));
    }
  }
  const of = (field: string) => [...new Set(byField.get(field) ?? [])];
  return {
    domains: of('dns.question.name'),
    processNames: of('process.name'),
    executables: of('process.executable'),
    signers: of('process.code_signature.subject_name'),
  };
}
