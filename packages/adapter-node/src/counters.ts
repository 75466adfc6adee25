import type { ScanCounters } from '@llm-egress/sdk';

/**
 * What a stream has seen so far, in the SDK's `ScanCounters` shape so a caller can treat a
 * stream and a `Detector.scan` alike: `lines` read, `events` evaluated, `malformed` inputs,
 * `alerts` emitted, `suppressed` alerts per allowlist item / plugin, `pluginErrors`, and
 * alerts per rule and per provider.
 */
export type StreamCounters = ScanCounters;

export function emptyCounters(): StreamCounters {
  return { lines: 0, events: 0, malformed: 0, alerts: 0, suppressed: {}, pluginErrors: 0, perRule: {}, perProvider: {} };
}

/**
 * Adds `more` into `total`: numbers are summed, records of numbers are summed per key. Any
 * counter the SDK adds later is summed the same way instead of being lost.
 */
export function addCounters(total: StreamCounters, more: Partial<StreamCounters>): void {
  const target = total as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(more)) {
    if (typeof value === 'number') {
      target[key] = ((target[key] as number | undefined) ?? 0) + value;
    } else if (typeof value === 'object' && value !== null) {
      if (target[key] === undefined) target[key] = {};
      addToRecord(target[key] as Record<string, number>, value as Record<string, number>);
    }
  }
}

export function addToRecord(record: Record<string, number>, more: Record<string, number>): void {
  for (const [key, count] of Object.entries(more)) {
    if (typeof count === 'number') record[key] = (record[key] ?? 0) + count;
  }
}

/** A deep copy, so callers can keep a snapshot while the stream goes on counting. */
export function copyCounters(counters: StreamCounters): StreamCounters {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(counters)) {
    copy[key] = typeof value === 'object' && value !== null ? { ...(value as object) } : value;
  }
  return copy as unknown as StreamCounters;
}
