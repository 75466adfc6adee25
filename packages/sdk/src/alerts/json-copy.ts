/**
 * A deep copy of a value as JSON would carry it, in the same key order: what
 * `JSON.parse(JSON.stringify(value))` gives, except that bigints become decimal strings
 * instead of throwing, and a cycle throws a clear error. Alerts own their fields through
 * this copy, so they can always be serialised and plugins cannot reach the caller's event.
 * Iterative: events may nest thousands deep.
 */
type Frame = { source: unknown; assign: (copied: unknown) => void; inArray: boolean } | { leave: object };

export function jsonCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return copyIteratively(value);
  // Native round trip first (fast); it throws on bigints, cycles and very deep nesting,
  // which the iterative copy below handles.
  try {
    const text = JSON.stringify(value);
    return text === undefined ? undefined : JSON.parse(text);
  } catch {
    return copyIteratively(value);
  }
}

function copyIteratively(value: unknown): unknown {
  let result: unknown;
  const pending: Frame[] = [{ source: value, assign: (copied) => (result = copied), inArray: false }];
  // Objects on the path from the root to the current one: a repeat is a cycle.
  const path = new Set<object>();
  while (pending.length > 0) {
    const frame = pending.pop() as Frame;
    if ('leave' in frame) {
      path.delete(frame.leave);
      continue;
    }
    const { source, assign, inArray } = frame;
    let current = source;
    if (current !== null && typeof current === 'object' && typeof (current as { toJSON?: unknown }).toJSON === 'function')
      current = (current as { toJSON(): unknown }).toJSON();
    if (current === undefined || typeof current === 'function' || typeof current === 'symbol') {
      assign(inArray ? null : undefined);
      continue;
    }
    if (typeof current === 'bigint') {
      assign(current.toString());
      continue;
    }
    if (typeof current === 'number') {
      assign(Number.isFinite(current) ? current : null);
      continue;
    }
    if (current === null || typeof current !== 'object') {
      assign(current);
      continue;
    }
    if (path.has(current)) throw new TypeError('the event is circular and cannot be copied into an alert');
    path.add(current);
    pending.push({ leave: current });
    if (Array.isArray(current)) {
      const copy: unknown[] = new Array(current.length);
      assign(copy);
      for (let index = current.length - 1; index >= 0; index--) {
        pending.push({ source: current[index], assign: (copied) => (copy[index] = copied), inArray: true });
      }
      continue;
    }
    const record = current as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    assign(copy);
    // Every key is reserved now, in order, so that the copy keeps the source's key order;
    // keys whose values JSON drops are deleted when their value is copied.
    const keys = Object.keys(record);
    for (const key of keys) setOwn(copy, key, null);
    for (let index = keys.length - 1; index >= 0; index--) {
      const key = keys[index];
      pending.push({
        source: record[key],
        assign: (copied) => {
          if (copied === undefined) delete copy[key];
          else setOwn(copy, key, copied);
        },
        inArray: false,
      });
    }
  }
  return result;
}

/**
 * Sets an own, enumerable property, even one named `__proto__` (which plain assignment
 * would turn into a prototype change): JSON.parse gives such keys as ordinary fields.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}
