/**
 * The shape variety a shipper really produces, applied to an event object *before* it is
 * evaluated (so the verdict is computed on exactly the structure the line spells):
 * dotted keys (`"dns.question.name": …` or `"process": {"code_signature.trusted": …}`),
 * a wholly flat document, and `event.category` as a bare string.
 */
import type { Random } from './random.js';

type Json = Record<string, unknown>;

export type DottedShape = 'nested' | 'some-dotted' | 'flat';

/** Paths the rules read, and a few others, that shippers commonly emit as dotted keys. */
const HOIST_CANDIDATES: string[][] = [
  ['dns', 'question', 'name'],
  ['process', 'code_signature', 'trusted'],
  ['process', 'code_signature', 'subject_name'],
  ['process', 'code_signature', 'exists'],
  ['process', 'name'],
  ['process', 'executable'],
  ['host', 'os', 'type'],
  ['event', 'category'],
  ['event', 'action'],
  ['data_stream', 'dataset'],
];

function isPlainObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Moves the value at `path` into a dotted key of the object `splitAt` levels down:
 * splitAt 0 gives `{"dns.question.name": v}`, splitAt 1 `{"dns": {"question.name": v}}`.
 * Parents left empty are removed (so no `{}` stays behind to change what the line spells).
 */
function hoist(event: Json, path: string[], splitAt: number): boolean {
  let container: unknown = event;
  for (let index = 0; index < splitAt; index++) {
    if (!isPlainObject(container)) return false;
    container = container[path[index] as string];
  }
  if (!isPlainObject(container)) return false;
  const rest = path.slice(splitAt);
  const chain: Json[] = [container];
  let cursor: unknown = container;
  for (let index = 0; index < rest.length - 1; index++) {
    cursor = (cursor as Json)[rest[index] as string];
    if (!isPlainObject(cursor)) return false;
    chain.push(cursor);
  }
  const leafKey = rest[rest.length - 1] as string;
  const parent = chain[chain.length - 1] as Json;
  if (!(leafKey in parent)) return false;
  const dottedKey = rest.join('.');
  if (dottedKey in container) return false;
  const value = parent[leafKey];
  delete parent[leafKey];
  for (let index = chain.length - 1; index > 0; index--) {
    if (Object.keys(chain[index] as Json).length > 0) break;
    delete (chain[index - 1] as Json)[rest[index - 1] as string];
  }
  container[dottedKey] = value;
  return true;
}

/** Every nested object flattened into dotted keys (arrays, and objects inside arrays, kept). */
export function flatten(event: Json): Json {
  const result: Json = {};
  const visit = (object: Json, prefix: string): void => {
    for (const key of Object.keys(object)) {
      const value = object[key];
      if (isPlainObject(value) && Object.keys(value).length > 0) visit(value, `${prefix}${key}.`);
      else if (prefix === '' && key === '__proto__')
        Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      else result[`${prefix}${key}`] = value;
    }
  };
  visit(event, '');
  return result;
}

/** Returns the event reshaped (possibly the same object, mutated). */
export function reshape(event: Json, shape: DottedShape, random: Random): Json {
  if (shape === 'flat') return flatten(event);
  if (shape === 'some-dotted') {
    const count = random.between(1, 3);
    for (let attempt = 0; attempt < count; attempt++) {
      const path = random.pick(HOIST_CANDIDATES);
      hoist(event, path, random.int(path.length - 1));
    }
  }
  return event;
}

/** `event.category: ["network"]` written as `"network"` (a single value is not always an array). */
export function categoryAsString(event: Json): void {
  const block = event.event;
  if (isPlainObject(block) && Array.isArray(block.category) && block.category.length === 1) block.category = block.category[0];
}
