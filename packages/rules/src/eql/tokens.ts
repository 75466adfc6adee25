/** Tokens of EQL, as Elasticsearch's grammar (EqlBase.g4) defines them. */

export type TokenKind =
  /** `process`, `_x`, `@timestamp` */
  | 'identifier'
  /** `` `any text` `` (value: the text with doubled backquotes undone) */
  | 'quoted-identifier'
  /** `startsWith~`: a function name with the case-insensitive marker (value: the name without `~`) */
  | 'tilde-identifier'
  /** lowercase reserved words, including `in~`, `like~`, `regex~` */
  | 'keyword'
  /** any string literal (value: decoded text) */
  | 'string'
  | 'integer'
  | 'decimal'
  /** operators and punctuation */
  | 'symbol'
  | 'end';

export interface Token {
  kind: TokenKind;
  /** the source text of the token */
  text: string;
  /** decoded value for strings and identifiers; the text otherwise */
  value: string;
  start: number;
  end: number;
}

/** Reserved words: lowercase and case-sensitive (`AND` is an identifier, and an error). */
export const KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'any',
  'by',
  'false',
  'in',
  'in~',
  'join',
  'like',
  'like~',
  'maxspan',
  'not',
  'null',
  'of',
  'or',
  'regex',
  'regex~',
  'sequence',
  'true',
  'until',
  'where',
  'with',
]);

/** Symbols, longest first so that `==` wins over `=`. */
export const SYMBOLS: readonly string[] = [
  '==',
  '!=',
  '<=',
  '>=',
  '<',
  '>',
  '=',
  ':',
  '+',
  '-',
  '*',
  '/',
  '%',
  '.',
  ',',
  '[',
  ']',
  '(',
  ')',
  '|',
  '?',
  '!',
];

const IDENTIFIER = /^[A-Za-z_@][A-Za-z0-9_]*$/;

/** True when `name` can be written as a bare identifier (not a keyword, no backquotes needed). */
export function isBareIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !KEYWORDS.has(name);
}
