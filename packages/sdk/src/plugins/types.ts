import type { Alert } from '../alerts/types.js';

export interface PluginLogger {
  warn(message: string): void;
  info?(message: string): void;
}

export interface PluginContext {
  rules: ReadonlyArray<{ id: string; ruleId: string; name: string; version: number }>;
  logger: PluginLogger;
}

/**
 * A code allowlist: `allow(alert)` returns (or resolves to) `true` or a reason string to
 * suppress the alert, `false`/`undefined` to keep it. It runs on candidate alerts only,
 * on the main thread, in input order. A plugin that throws, returns something else, or
 * takes longer than its time budget never drops an alert: the alert is kept and marked.
 */
export interface Plugin {
  name: string;
  setup?(context: PluginContext): void | Promise<void>;
  allow(alert: Alert): boolean | string | undefined | null | Promise<boolean | string | undefined | null>;
}
