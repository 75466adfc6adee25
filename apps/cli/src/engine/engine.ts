/**
 * The narrow face of the SDK that scanning needs. Workers hold a `ScanEngine` (a detector
 * without plugins); the main thread holds an `AlertFinisher` (the detector with plugins),
 * because plugins must see candidate alerts on one thread, in input order.
 */

import type { Alert, ExecutorName, LineError, ScanCounters, ScanResult } from '@llm-egress/sdk';

export type { Alert, ExecutorName, LineError, ScanCounters, ScanResult };

/** What a worker needs to build its own detector: plain data, cloneable to a worker. */
export interface EngineOptions {
  rules: string[];
  /** declarative allowlist files only; plugin modules run on the main thread */
  allowlists: string[];
  valueLists: Record<string, string[]>;
  executor: ExecutorName;
}

export interface ScanEngine {
  /** a chunk of whole NDJSON lines */
  scanChunk(bytes: Uint8Array, options: { file: string; firstLine: number; firstOffset: number; validate: boolean }): Promise<ScanResult>;
  /** elements of a JSON array file; element i (0-based) is line firstLine + i, with no offset */
  evaluateElements(elements: unknown[], options: { file: string; firstLine: number }): Promise<ScanResult>;
}

export interface AlertFinisher {
  runPlugins(alerts: Alert[]): Promise<{ alerts: Alert[]; suppressed: Record<string, number>; pluginErrors: number }>;
}

export function emptyCounters(): ScanCounters {
  return { lines: 0, events: 0, malformed: 0, alerts: 0, suppressed: {}, pluginErrors: 0, perRule: {}, perProvider: {} };
}

function addCounts(into: Record<string, number>, from: Record<string, number>): void {
  for (const [key, count] of Object.entries(from)) into[key] = (into[key] ?? 0) + count;
}

/** Adds `from` into `into`. */
export function addCounters(into: ScanCounters, from: ScanCounters): void {
  into.lines += from.lines;
  into.events += from.events;
  into.malformed += from.malformed;
  into.alerts += from.alerts;
  into.pluginErrors += from.pluginErrors;
  addCounts(into.suppressed, from.suppressed);
  addCounts(into.perRule, from.perRule);
  addCounts(into.perProvider, from.perProvider);
}
