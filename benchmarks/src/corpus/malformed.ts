/**
 * Malformed lines, on request: a truncated JSON object, a line with bytes that are not
 * UTF-8, and a bare number. Executors must treat each as malformed (no verdict, no
 * crash); the expected file lists them with their kind.
 */
import type { Random } from './random.js';

export type MalformedKind = 'truncated' | 'invalid-utf8' | 'bare-number';
export const MALFORMED_KINDS: readonly MalformedKind[] = ['truncated', 'invalid-utf8', 'bare-number'];

/** Byte sequences that no UTF-8 decoder accepts. */
const INVALID_SEQUENCES: readonly number[][] = [
  [0xff], // never valid
  [0x80], // lone continuation byte
  [0xc0, 0xaf], // overlong encoding of "/"
  [0xed, 0xa0, 0x80], // UTF-8-encoded surrogate U+D800
  [0xc3, 0x28], // lead byte followed by ASCII
  [0xf4, 0x90, 0x80, 0x80], // above U+10FFFF
];

/** A proper prefix of the object's text: never valid JSON, since only the last byte closes the object. */
export function truncate(text: string, random: Random): string {
  let cut = random.between(1, text.length - 1);
  const previous = text.charCodeAt(cut - 1);
  if (previous >= 0xd800 && previous <= 0xdbff) cut -= 1; // do not split a surrogate pair into a lone one
  return text.slice(0, cut);
}

/**
 * Inserts an invalid UTF-8 sequence inside a string value: inside `target` when the line
 * contains it (the looked-up name, so that a lenient decoder would see an alerting event),
 * otherwise inside the timestamp.
 */
export function corruptUtf8(text: string, target: string | undefined, random: Random): Uint8Array {
  let index = target === undefined || target === '' ? -1 : text.indexOf(target);
  if (index >= 0 && target !== undefined) index += random.between(0, target.length);
  else {
    const timestamp = text.indexOf('"@timestamp":"');
    index = timestamp >= 0 ? timestamp + '"@timestamp":"'.length + 4 : Math.max(1, text.indexOf('"') + 1);
  }
  const before = Buffer.from(text.slice(0, index), 'utf8');
  const after = Buffer.from(text.slice(index), 'utf8');
  const bad = Uint8Array.from(random.pick(INVALID_SEQUENCES));
  const bytes = new Uint8Array(before.length + bad.length + after.length);
  bytes.set(before, 0);
  bytes.set(bad, before.length);
  bytes.set(after, before.length + bad.length);
  return bytes;
}

export function bareNumber(random: Random): string {
  return random.pick(['42', '-1', '0', '3.14159', '1e308', '9223372036854775808', String(random.between(1, 1_000_000))]);
}
