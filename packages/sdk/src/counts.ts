/**
 * Adds to a count in a record keyed by ids that users choose (allowlist item ids, plugin
 * names, rule files, provider names). An own data property even for a key such as
 * `__proto__`, which plain assignment would swallow: no count is ever lost.
 */
export function addCount(record: Record<string, number>, key: string, amount = 1): void {
  const current = Object.hasOwn(record, key) ? record[key] : 0;
  Object.defineProperty(record, key, { value: current + amount, writable: true, enumerable: true, configurable: true });
}
