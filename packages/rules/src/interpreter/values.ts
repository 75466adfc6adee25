/**
 * V(f), the values of a field in an event (SEMANTICS.md, "Values of a field"):
 * dotted keys and nested objects are interchangeable (`{"process.name": x}` ≡
 * `{"process": {"name": x}}`, mixtures included), arrays are flattened at any depth
 * (arrays of objects too), and `null`, `[]` and objects contribute no value.
 *
 * When an event holds the same field both ways (`{"a": {"b": 1}, "a.b": 2}`), V has both
 * values: each spelling is a path to the field, and every path is followed.
 */

import { wellFormed } from './text.js';

export type FieldValue = string | number | boolean;

/**
 * The non-null leaf values at `path` (segments may contain dots: `["process.name"]` and
 * `["process", "name"]` are the same field). Strings come back with unpaired surrogates
 * replaced by U+FFFD, as every executor decodes them.
 */
export function fieldValues(event: unknown, path: readonly string[]): FieldValue[] {
  const segments = path.flatMap((segment) => wellFormed(segment).split('.'));
  const values: FieldValue[] = [];
  collect(event, segments, values);
  return values;
}

function collect(node: unknown, segments: readonly string[], values: FieldValue[]): void {
  if (Array.isArray(node)) {
    for (const element of node) collect(element, segments, values);
    return;
  }
  if (segments.length === 0) {
    if (typeof node === 'string') values.push(wellFormed(node));
    else if (typeof node === 'number' || typeof node === 'boolean') values.push(node);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  for (const [key, child] of Object.entries(node)) {
    const keySegments = wellFormed(key).split('.');
    if (keySegments.length <= segments.length && keySegments.every((segment, index) => segment === segments[index])) {
      collect(child, segments.slice(keySegments.length), values);
    }
  }
}
