/**
 * The EQL functions llm-egress evaluates. Elasticsearch resolves function names without
 * regard to case (`startswith` is `startsWith`), so the lookup folds ASCII case.
 */

export type SupportedFunction = 'startsWith' | 'endsWith' | 'stringContains' | 'cidrMatch';

const SUPPORTED: Record<string, SupportedFunction> = {
  startswith: 'startsWith',
  endswith: 'endsWith',
  stringcontains: 'stringContains',
  cidrmatch: 'cidrMatch',
};

/** The canonical name of a supported function, or undefined. */
export function resolveFunction(name: string): SupportedFunction | undefined {
  const folded = name.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
  return Object.hasOwn(SUPPORTED, folded) ? SUPPORTED[folded] : undefined;
}

/** Functions that take `(field, "text")` and have a case-insensitive `~` variant. */
export function isStringFunction(name: SupportedFunction): name is 'startsWith' | 'endsWith' | 'stringContains' {
  return name !== 'cidrMatch';
}

export const SUPPORTED_FUNCTIONS_TEXT = 'startsWith, endsWith, stringContains (each also with ~) and cidrMatch';
