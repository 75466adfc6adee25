import { cidrContains as blockContains, type CidrBlock, type CompareOperator, parseCidr, parseIpAddress } from '@llm-egress/rules';
import type { LeafValue } from './field-values.js';

/**
 * `compare` and `cidr` predicates on one leaf value (PLAN.md "Predicates",
 * SEMANTICS.md "Types"). Elasticsearch coerces the query value to the field's mapped type;
 * with no mapping we accept exactly the values that coercion would accept.
 */

/** The text of a JSON number (RFC 8259 grammar, nothing else: no `+`, no `.5`, no hex). */
const JSON_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

/** The number a string's text spells as a JSON number, or undefined. */
export function numberFromText(text: string): number | undefined {
  return JSON_NUMBER.test(text) ? Number(text) : undefined;
}

/** Orders two strings by their UTF-8 bytes, which is code point order (not UTF-16 unit order). */
export function compareUtf8(left: string, right: string): number {
  const length = Math.min(left.length, right.length);
  for (let index = 0; index < length; index++) {
    const a = left.charCodeAt(index);
    const b = right.charCodeAt(index);
    if (a === b) continue;
    // Surrogates (U+D800–U+DFFF) encode code points above U+FFFF, which sort after every
    // BMP code point in UTF-8, including U+E000–U+FFFF that sort after them in UTF-16.
    const aHigh = a >= 0xd800 && a <= 0xdfff;
    const bHigh = b >= 0xd800 && b <= 0xdfff;
    if (aHigh !== bHigh) return aHigh ? 1 : -1;
    return a < b ? -1 : 1;
  }
  return left.length - right.length;
}

function ordered(comparison: number, op: CompareOperator): boolean {
  switch (op) {
    case '==':
      return comparison === 0;
    case '<':
      return comparison < 0;
    case '<=':
      return comparison <= 0;
    case '>':
      return comparison > 0;
    case '>=':
      return comparison >= 0;
  }
}

export function compareValue(value: LeafValue, op: CompareOperator, literal: string | number | boolean): boolean {
  if (typeof literal === 'boolean') {
    if (op !== '==') return false;
    if (literal) return value === true || value === 'true';
    return value === false || value === 'false' || value === '';
  }
  if (typeof literal === 'number') {
    if (typeof value === 'number') return ordered(value === literal ? 0 : value < literal ? -1 : value > literal ? 1 : Number.NaN, op);
    if (op === '==' && typeof value === 'string') return numberFromText(value) === literal;
    return false;
  }
  if (typeof value !== 'string') return false;
  return ordered(compareUtf8(value, literal), op);
}

/**
 * Is `value` an address inside one of the blocks? Parsing and containment are the
 * reference interpreter's own (Elasticsearch's `ip` type: IPv4 is IPv4-mapped IPv6), so
 * the executors cannot drift from the oracle here.
 */
export function cidrContains(value: LeafValue, blocks: readonly CidrBlock[]): boolean {
  if (typeof value !== 'string') return false;
  const address = parseIpAddress(value);
  return address !== undefined && blocks.some((block) => blockContains(block, address));
}

/** `10.0.0.0/8`, `fc00::/7` or a bare address (a /32 or /128 block), or null when invalid. */
export function parseCidrBlock(text: string): CidrBlock | null {
  return parseCidr(text) ?? null;
}
