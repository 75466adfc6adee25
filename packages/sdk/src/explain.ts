import { type Expr, evaluateReference, fieldValues, type Query } from '@llm-egress/rules';

/** Every clause's truth value for every rule, for humans (`llm-egress explain`). */
export interface Explanation {
  rules: Array<{
    /** bundled id or rule file */
    id: string;
    name: string;
    /** true when the rule alerts on the event (it matches and no allowlist item suppresses it) */
    matched: boolean;
    /** id of the allowlist item that suppressed a match, or null */
    suppressedBy: string | null;
    clauses: Array<{ text: string; line: number; column: number; value: boolean }>;
    /** one sentence: why it did or did not alert */
    summary: string;
  }>;
}

/** The text of a node as written in the rule, on one line. */
function sourceText(query: Query, expr: Expr): string {
  return query.source.text.slice(expr.span.start, expr.span.end).replace(/\s+/g, ' ').trim();
}

/** Truth of one sub-expression, by the reference interpreter (explanations favour obviousness over speed). */
function truth(query: Query, expr: Expr, event: object): boolean {
  return evaluateReference({ ...query, category: null, where: expr, pipes: [] }, event);
}

/** The leaves of the boolean structure (comparisons, wildcard and `in` tests, calls, constants), in source order. */
function leaves(expr: Expr): Expr[] {
  const found: Expr[] = [];
  const pending: Expr[] = [expr];
  while (pending.length > 0) {
    const node = pending.pop() as Expr;
    if (node.kind === 'and' || node.kind === 'or')
      for (let index = node.operands.length - 1; index >= 0; index--) pending.push(node.operands[index]);
    else if (node.kind === 'not') pending.push(node.operand);
    else found.push(node);
  }
  return found;
}

export interface RuleVerdictForExplain {
  id: string;
  name: string;
  query: Query;
  matches: boolean;
  suppressedBy: { id: string; comment?: string } | null;
}

export function explainRule(rule: RuleVerdictForExplain, event: object): Explanation['rules'][number] {
  const { query } = rule;
  const clauses: Explanation['rules'][number]['clauses'] = [];
  const falseConjuncts: string[] = [];
  if (query.category !== null) {
    const value = fieldValues(event, ['event', 'category']).includes(query.category);
    clauses.push({ text: `${query.category} where`, line: query.span.line, column: query.span.column, value });
    if (!value) falseConjuncts.push(`event.category does not include "${query.category}"`);
  }
  for (const leaf of leaves(query.where)) {
    clauses.push({ text: sourceText(query, leaf), line: leaf.span.line, column: leaf.span.column, value: truth(query, leaf, event) });
  }
  const conjuncts = query.where.kind === 'and' ? query.where.operands : [query.where];
  for (const conjunct of conjuncts)
    if (!truth(query, conjunct, event)) falseConjuncts.push(`\`${abbreviate(sourceText(query, conjunct))}\` is false`);

  let summary: string;
  if (rule.matches && rule.suppressedBy) {
    const why = rule.suppressedBy.comment ? ` (${rule.suppressedBy.comment})` : '';
    summary = `No alert: the event matches ${rule.name}, but allowlist item ${rule.suppressedBy.id}${why} suppresses it.`;
  } else if (rule.matches) {
    summary = `Alert: every condition of ${rule.name} holds.`;
  } else {
    const more =
      falseConjuncts.length > 1 ? ` (and ${falseConjuncts.length - 1} more condition${falseConjuncts.length > 2 ? 's' : ''})` : '';
    summary = `No alert: ${falseConjuncts[0] ?? 'the condition is false'}${more}.`;
  }
  return {
    id: rule.id,
    name: rule.name,
    matched: rule.matches && !rule.suppressedBy,
    suppressedBy: rule.suppressedBy?.id ?? null,
    clauses,
    summary,
  };
}

function abbreviate(text: string): string {
  return text.length <= 120 ? text : `${text.slice(0, 100)}… ${text.slice(-15)}`;
}
