import type { Alert } from '../engine/engine.js';

/** A value at a dotted path of an alert (nested objects, as the SDK builds them). */
export function valueAt(alert: Alert, path: string): unknown {
  let value: unknown = alert;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A value as one line of text: arrays joined, objects as JSON, missing as ''. */
export function textAt(alert: Alert, path: string): string {
  const value = valueAt(alert, path);
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `file:line` of an alert's event (`file` alone for a JSON array file without lines). */
export function sourceOf(alert: Alert): string {
  const source = alert.llm_egress?.source ?? {};
  const file = source.file ?? '';
  return source.line === undefined ? file : `${file}:${source.line}`;
}
