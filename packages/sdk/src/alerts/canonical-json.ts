/**
 * Canonical JSON of a JS value: object keys sorted by code unit, no whitespace, the
 * values JSON.stringify would write otherwise (undefined and functions dropped in
 * objects, `null` in arrays; non-finite numbers as `null`), bigints as decimal strings.
 * The same event always gives the same text, whatever its key order: alert uuids of
 * events that came without raw bytes are hashed from it.
 */
type Frame = { text: string } | { value: unknown; inArray: boolean } | { leave: object };

export function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  // Explicit stack: events may nest deeply.
  const pending: Frame[] = [{ value, inArray: true }];
  // Objects on the current path, to refuse cycles (shared sub-objects are fine).
  const path = new Set<object>();
  while (pending.length > 0) {
    const frame = pending.pop() as Frame;
    if ('text' in frame) {
      parts.push(frame.text);
      continue;
    }
    if ('leave' in frame) {
      path.delete(frame.leave);
      continue;
    }
    const current = toJsonValue(frame.value);
    if (current === undefined) {
      if (frame.inArray) parts.push('null');
      continue;
    }
    if (current === null || typeof current !== 'object') {
      parts.push(typeof current === 'bigint' ? JSON.stringify(current.toString()) : JSON.stringify(current));
      continue;
    }
    if (path.has(current)) throw new TypeError('canonicalJson: the value is circular');
    path.add(current);
    const frames: Frame[] = [];
    if (Array.isArray(current)) {
      frames.push({ text: '[' });
      current.forEach((item, index) => {
        if (index > 0) frames.push({ text: ',' });
        frames.push({ value: item, inArray: true });
      });
      frames.push({ text: ']' });
    } else {
      const record = current as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => toJsonValue(record[key]) !== undefined)
        .sort();
      frames.push({ text: '{' });
      keys.forEach((key, index) => {
        frames.push({ text: `${index > 0 ? ',' : ''}${JSON.stringify(key)}:` });
        frames.push({ value: record[key], inArray: false });
      });
      frames.push({ text: '}' });
    }
    frames.push({ leave: current });
    for (let index = frames.length - 1; index >= 0; index--) pending.push(frames[index]);
  }
  return parts.join('');
}

/** What JSON.stringify would serialise a value as (after toJSON), or undefined when it would drop it. */
function toJsonValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return (value as { toJSON(): unknown }).toJSON();
  }
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}
