import type { CidrBlock, CompareOperator } from '@llm-egress/rules';
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

/** Bytes of an IPv4 (4 bytes) or IPv6 (16 bytes) address written in its usual text forms, or null. */
export function parseIpAddress(text: string): { family: 4 | 6; bytes: number[] } | null {
  if (text.includes(':')) return parseIpv6(text);
  const bytes = parseIpv4(text);
  return bytes ? { family: 4, bytes } : null;
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes: number[] = [];
  for (const part of parts) {
    // Dotted decimal only, no leading zeros (they would read as octal elsewhere).
    if (!/^(?:0|[1-9][0-9]{0,2})$/.test(part)) return null;
    const byte = Number(part);
    if (byte > 255) return null;
    bytes.push(byte);
  }
  return bytes;
}

function parseIpv6(text: string): { family: 6; bytes: number[] } | null {
  let address = text;
  let tail: number[] = [];
  const lastColon = address.lastIndexOf(':');
  if (address.slice(lastColon + 1).includes('.')) {
    const ipv4 = parseIpv4(address.slice(lastColon + 1));
    if (!ipv4) return null;
    tail = ipv4;
    address = `${address.slice(0, lastColon + 1)}0:0`;
  }
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const parseGroups = (half: string): number[] | null => {
    if (half === '') return [];
    const groups: number[] = [];
    for (const group of half.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return null;
      groups.push(Number.parseInt(group, 16));
    }
    return groups;
  };
  const head = parseGroups(halves[0]);
  const rest = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (!head || !rest) return null;
  let groups: number[];
  if (halves.length === 2) {
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return null;
    groups = [...head, ...new Array<number>(missing).fill(0), ...rest];
  } else {
    if (head.length !== 8) return null;
    groups = head;
  }
  const bytes = groups.flatMap((group) => [group >> 8, group & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return { family: 6, bytes };
}

function inBlock(bytes: number[], block: CidrBlock): boolean {
  let remaining = block.prefixLength;
  for (let index = 0; remaining > 0; index++, remaining -= 8) {
    const bits = Math.min(8, remaining);
    const mask = (0xff << (8 - bits)) & 0xff;
    if ((bytes[index] & mask) !== (block.address[index] & mask)) return false;
  }
  return true;
}

/** Is `value` an address inside one of the blocks? IPv4 and IPv4-mapped IPv6 are the same address. */
export function cidrContains(value: LeafValue, blocks: readonly CidrBlock[]): boolean {
  if (typeof value !== 'string') return false;
  const address = parseIpAddress(value);
  if (!address) return false;
  for (const block of blocks) {
    if (block.family === address.family && inBlock(address.bytes, block)) return true;
    const mapped = address.family === 4 ? [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...address.bytes] : null;
    if (mapped && block.family === 6 && inBlock(mapped, block)) return true;
    if (address.family === 6 && block.family === 4 && isIpv4Mapped(address.bytes) && inBlock(address.bytes.slice(12), block)) return true;
  }
  return false;
}

function isIpv4Mapped(bytes: number[]): boolean {
  for (let index = 0; index < 10; index++) if (bytes[index] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** `10.0.0.0/8`, `fc00::/7` or a bare address (a /32 or /128 block), or null when invalid. */
export function parseCidrBlock(text: string): CidrBlock | null {
  const slash = text.indexOf('/');
  const address = parseIpAddress(slash >= 0 ? text.slice(0, slash) : text);
  if (!address) return null;
  const maximum = address.family === 4 ? 32 : 128;
  const prefixText = slash >= 0 ? text.slice(slash + 1) : String(maximum);
  if (!/^(?:0|[1-9][0-9]{0,2})$/.test(prefixText) || Number(prefixText) > maximum) return null;
  return { family: address.family, prefixLength: Number(prefixText), address: address.bytes };
}
