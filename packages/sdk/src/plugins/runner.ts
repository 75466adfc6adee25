import type { Alert, PluginFailure } from '../alerts/types.js';
import { addCount } from '../counts.js';
import { SUPPRESSION_NAME, type Suppressor } from './suppression.js';
import type { Plugin, PluginLogger } from './types.js';

export interface PluginRunResult {
  alerts: Alert[];
  /** suppressed alerts per plugin name (the built-in suppression counts as `suppression`) */
  suppressed: Record<string, number>;
  pluginErrors: number;
}

type Verdict = { kind: 'keep' } | { kind: 'suppress'; reason: string } | { kind: 'failed'; failure: PluginFailure };

const TIMED_OUT = Symbol('timed out');

/**
 * Runs code plugins, then the built-in suppression, over candidate alerts: in input
 * order, one alert and one plugin at a time, on the calling thread. Nothing is ever lost:
 * a plugin that throws, rejects, returns something that is not a verdict, or misses its
 * time budget leaves the alert kept, with the failure in `llm_egress.plugin_errors`,
 * counted and logged. (A plugin that blocks the thread synchronously cannot be
 * interrupted from the same thread; the budget applies to asynchronous work.)
 */
export class PluginRunner {
  constructor(
    private readonly plugins: readonly Plugin[],
    private readonly options: { timeoutMs: number; logger: PluginLogger; suppressor: Suppressor | null },
  ) {}

  get active(): boolean {
    return this.plugins.length > 0 || this.options.suppressor !== null;
  }

  async run(alerts: readonly Alert[]): Promise<PluginRunResult> {
    const kept: Alert[] = [];
    const suppressed: Record<string, number> = {};
    let pluginErrors = 0;
    for (const alert of alerts) {
      let suppressedBy: string | null = null;
      for (const plugin of this.plugins) {
        const verdict = await this.ask(plugin, alert);
        if (verdict.kind === 'suppress') {
          suppressedBy = plugin.name;
          break;
        }
        if (verdict.kind === 'failed') {
          pluginErrors++;
          alert.llm_egress.plugin_errors = [...(alert.llm_egress.plugin_errors ?? []), verdict.failure];
          this.options.logger.warn(
            `plugin ${plugin.name} failed on alert ${alert.kibana.alert.uuid} (kept): ${verdict.failure.code}: ${verdict.failure.message}`,
          );
        }
      }
      if (suppressedBy === null && this.options.suppressor?.apply(alert)) suppressedBy = SUPPRESSION_NAME;
      if (suppressedBy === null) kept.push(alert);
      else addCount(suppressed, suppressedBy);
    }
    return { alerts: kept, suppressed, pluginErrors };
  }

  private async ask(plugin: Plugin, alert: Alert): Promise<Verdict> {
    let result: unknown;
    try {
      result = plugin.allow(alert);
    } catch (error) {
      return failed(plugin, 'PLUGIN_THREW', error);
    }
    if (isThenable(result)) {
      let timer: NodeJS.Timeout | undefined;
      const pending = Promise.resolve(result);
      // A late rejection of a timed-out call must not become an unhandled rejection.
      pending.catch(() => undefined);
      try {
        result = await Promise.race([
          pending,
          new Promise<typeof TIMED_OUT>((resolve) => {
            timer = setTimeout(() => resolve(TIMED_OUT), this.options.timeoutMs);
          }),
        ]);
      } catch (error) {
        return failed(plugin, 'PLUGIN_THREW', error);
      } finally {
        clearTimeout(timer);
      }
      if (result === TIMED_OUT) {
        return {
          kind: 'failed',
          failure: { plugin: plugin.name, code: 'PLUGIN_TIMEOUT', message: `allow() did not settle within ${this.options.timeoutMs} ms` },
        };
      }
    }
    if (result === true) return { kind: 'suppress', reason: plugin.name };
    if (typeof result === 'string') return { kind: 'suppress', reason: result };
    if (result === false || result === undefined || result === null) return { kind: 'keep' };
    return {
      kind: 'failed',
      failure: {
        plugin: plugin.name,
        code: 'PLUGIN_BAD_RESULT',
        message: `allow() returned ${describe(result)}; expected true, a reason string, false or undefined`,
      },
    };
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}

function describe(value: unknown): string {
  try {
    return typeof value === 'object' ? (JSON.stringify(value) ?? String(value)) : `${typeof value} ${String(value)}`;
  } catch {
    return typeof value;
  }
}

function failed(plugin: Plugin, code: PluginFailure['code'], error: unknown): Verdict {
  const message = error instanceof Error ? error.message : `threw ${describe(error)}`;
  return { kind: 'failed', failure: { plugin: plugin.name, code, message } };
}
