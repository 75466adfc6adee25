/**
 * Field access over JS objects: V(f), the non-null leaf values at a dotted ECS path
 * (SEMANTICS.md "Values of a field"). It must agree with the reference interpreter's
 * `fieldValues`; a differential property test checks that it does.
 *
 * - dotted keys and nesting mix freely: `{"process.name": x}`, `{"process": {"name": x}}`
 *   and `{"process": {"code_signature.trusted": true}}` all reach their paths;
 * - arrays are flattened at every level, arrays of objects are walked;
 * - `null`, `undefined`, `[]`, `[null]` and absent paths give nothing; `""` is a value;
 * - an object found where the path ends is not a value (its sub-fields are other fields);
 * - when a field is spelled both ways (`{"a": {"b": 1}, "a.b": 2}`) V has both values.
 * The order of values is deterministic (shorter keys first at each level), which is all
 * alerts need: verdicts never depend on it.
 */

export type LeafValue = string | number | boolean;

/** A compiled accessor for one dotted path: `values(event)` returns V(path) in document order. */
export interface FieldAccessor {
  readonly path: string;
  values(event: unknown): LeafValue[];
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * Strings come back with unpaired surrogates replaced by U+FFFD, as decoding a JSON
 * `\ud800` escape to UTF-8 does (the WASM matcher sees the same text).
 */
function wellFormed(text: string): string {
  const string = text as string & { isWellFormed(): boolean; toWellFormed(): string };
  return string.isWellFormed() ? text : string.toWellFormed();
}

export function compileFieldAccessor(path: string): FieldAccessor {
  const segments = path.split('.');
  // keysFrom[i] lists the keys that can continue the path at segment i: `a`, `a.b`, `a.b.c`…
  // with the segment index each one leads to. Looking these up is cheaper than scanning
  // every key of a wide ECS object.
  const keysFrom: Array<Array<{ key: string; next: number }>> = [];
  for (let start = 0; start < segments.length; start++) {
    const keys: Array<{ key: string; next: number }> = [];
    let key = '';
    for (let end = start; end < segments.length; end++) {
      key = end === start ? segments[end] : `${key}.${segments[end]}`;
      keys.push({ key, next: end + 1 });
    }
    keysFrom.push(keys);
  }
  const depth = segments.length;

  return {
    path,
    values(event: unknown): LeafValue[] {
      const found: LeafValue[] = [];
      // Explicit stack (no recursion): events may nest arrays thousands deep.
      // Pushed in reverse so that values come out in document order.
      const nodes: unknown[] = [event];
      const positions: number[] = [0];
      while (nodes.length > 0) {
        const node = nodes.pop();
        const position = positions.pop() as number;
        if (node === null || node === undefined) continue;
        if (Array.isArray(node)) {
          for (let index = node.length - 1; index >= 0; index--) {
            nodes.push(node[index]);
            positions.push(position);
          }
          continue;
        }
        if (position === depth) {
          // Only JSON scalars are values; objects (and odd JS values such as bigints or
          // functions) at the end of the path are not.
          const type = typeof node;
          if (type === 'string') found.push(wellFormed(node as string));
          else if (type === 'number' || type === 'boolean') found.push(node as number | boolean);
          continue;
        }
        if (typeof node !== 'object') continue;
        const keys = keysFrom[position];
        for (let index = keys.length - 1; index >= 0; index--) {
          const { key, next } = keys[index];
          if (hasOwn.call(node, key)) {
            nodes.push((node as Record<string, unknown>)[key]);
            positions.push(next);
          }
        }
      }
      return found;
    },
  };
}
