import { compileStringSet, loadMatcherModule, loadPlan, type MatcherModule, type RawExecutor, type StringSet } from '@llm-egress/matcher';
import { encodePlan, evaluateReference, fieldValues, type LoadedRule, type Plan, type Query } from '@llm-egress/rules';
import { AlertBuilder, type AlertSource } from './alerts/build.js';
import type { Alert } from './alerts/types.js';
import { compileAllowlists } from './allowlists/compile.js';
import { loadAllowlists } from './allowlists/load.js';
import type { NormalizedItem } from './allowlists/normalize.js';
import type { AllowlistDocument } from './allowlists/types.js';
import { addCount } from './counts.js';
import { LlmEgressError, PluginError } from './errors.js';
import { type EventEvaluation, ObjectExecutor, type RuleMatch, type SetMatcher } from './executor/object-executor.js';
import { type Explanation, explainRule } from './explain.js';
import { checkPlugin, importPlugin } from './plugins/load.js';
import { PluginRunner } from './plugins/runner.js';
import { Suppressor } from './plugins/suppression.js';
import type { Plugin, PluginLogger } from './plugins/types.js';
import { loadRuleSet } from './rules.js';
import { scanRaw } from './scan/raw-scan.js';
import { type LineError, type ScanCounters, type ScanOptions, type ScanResult, scanLines } from './scan/scan.js';

export type ExecutorName = 'wasm' | 'object' | 'reference';

export interface DetectorOptions {
  /** bundled rule ids ('llm-endpoints' default, 'llm-endpoints@v2') or rule file paths (.toml, Kibana export .ndjson, .eql) */
  rules?: string[];
  /** allowlist files (.yaml/.yml/.json ours, .ndjson Elastic exception-list export) or already-parsed documents */
  allowlists?: Array<string | AllowlistDocument>;
  /** value lists for Elastic `list` entries: list id -> values */
  valueLists?: Record<string, string[]>;
  /** plugin module paths (.js/.mjs, default export) or plugin objects */
  plugins?: Array<string | Plugin>;
  /** built-in suppression plugin, off unless asked for */
  suppression?: { windowSeconds: number } | false;
  /** which executor `scan` uses (default 'wasm'); `evaluate` always gives the same verdicts */
  executor?: ExecutorName;
  /** per-plugin-call time budget (default 1000 ms) */
  pluginTimeoutMs?: number;
  /** clock for allowlist `expire_time` (default: now) */
  now?: Date;
  logger?: PluginLogger;
}

export interface EvaluateSource {
  file?: string;
  line?: number;
  offset?: number;
  /** the event's raw line bytes: hashed into alert uuids (canonical JSON is used without them) */
  raw?: Uint8Array;
}

export interface DetectorRule {
  /** bundled id or rule file (`#n` for the n-th rule of a Kibana export) */
  id: string;
  ruleId: string;
  name: string;
  version: number;
}

export interface Detector {
  readonly rules: ReadonlyArray<DetectorRule>;
  /** one JS event object -> alerts (empty when nothing fires); plugins run unless told not to */
  evaluate(event: unknown, source?: EvaluateSource, options?: { runPlugins?: boolean }): Promise<Alert[]>;
  /**
   * `evaluate` with its bookkeeping: the alerts, suppressions per allowlist item id and
   * plugin name (as `scan` counts them), and plugin errors.
   */
  evaluateDetailed(
    event: unknown,
    source?: EvaluateSource,
    options?: { runPlugins?: boolean },
  ): Promise<{ alerts: Alert[]; suppressed: Record<string, number>; pluginErrors: number }>;
  /** a chunk of NDJSON made of whole lines (a final line without '\n' counts as complete) */
  scan(bytes: Uint8Array, options?: ScanOptions): Promise<ScanResult>;
  /** run plugins (and suppression) over candidate alerts, in order; returns the kept alerts */
  runPlugins(alerts: Alert[]): Promise<{ alerts: Alert[]; suppressed: Record<string, number>; pluginErrors: number }>;
  /** every clause's truth value for every rule, for humans */
  explain(event: unknown): Explanation;
  /** the compiled plan (for `rules check`) */
  readonly plan: Plan;
  /**
   * Frees the detector's WASM memory (compiled string sets, the loaded plan). Only needed
   * when one WASM module outlives many detectors (createDetectorSync); a detector is
   * unusable afterwards.
   */
  close(): void;
  /** allowlist items in force, and those skipped because they expired */
  readonly allowlists: { active: ReadonlyArray<AllowlistItemInfo>; expired: ReadonlyArray<AllowlistItemInfo> };
}

export interface AllowlistItemInfo {
  id: string;
  file?: string;
  line?: number;
  comment?: string;
  list?: string;
  expireTime?: string;
}

const DEFAULT_PLUGIN_TIMEOUT_MS = 1000;

const silentLogger: PluginLogger = { warn: () => undefined, info: () => undefined };

function itemInfo(item: NormalizedItem): AllowlistItemInfo {
  return { ...item.origin, ...(item.expireTime ? { expireTime: item.expireTime.toISOString() } : {}) };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkOptions(options: DetectorOptions): void {
  const executor = options.executor ?? 'wasm';
  if (executor !== 'wasm' && executor !== 'object' && executor !== 'reference') {
    throw new LlmEgressError('OPTIONS', `executor must be 'wasm', 'object' or 'reference'; got ${JSON.stringify(executor)}`);
  }
  const timeout = options.pluginTimeoutMs ?? DEFAULT_PLUGIN_TIMEOUT_MS;
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new LlmEgressError('OPTIONS', `pluginTimeoutMs must be a positive number; got ${timeout}`);
  if (options.suppression) {
    const seconds = options.suppression.windowSeconds;
    if (!Number.isFinite(seconds) || seconds <= 0)
      throw new LlmEgressError('OPTIONS', `suppression.windowSeconds must be a positive number; got ${seconds}`);
  }
  if (options.now !== undefined && (!(options.now instanceof Date) || Number.isNaN(options.now.getTime()))) {
    throw new LlmEgressError('OPTIONS', 'now must be a valid Date');
  }
}

/** Creates a detector: loads rules, allowlists and plugins, and instantiates the WASM core. */
export async function createDetector(options: DetectorOptions = {}): Promise<Detector> {
  checkOptions(options);
  const module = await loadMatcherModule('node');
  const plugins = await Promise.all(
    (options.plugins ?? []).map((plugin) => (typeof plugin === 'string' ? importPlugin(plugin) : checkPlugin(plugin))),
  );
  const detector = new DetectorImplementation(options, module, plugins);
  await detector.setUpPlugins();
  return detector;
}

/**
 * For callers that already hold the WASM module (e.g. worker threads). Plugins given as
 * module paths, and plugins whose `setup` is asynchronous, are made ready before the first
 * `runPlugins` (or `evaluate` that runs plugins), which reports their errors.
 */
export function createDetectorSync(options: DetectorOptions & { module: MatcherModule }): Detector {
  checkOptions(options);
  if (!options.module) throw new LlmEgressError('OPTIONS', 'createDetectorSync needs the WASM module (options.module)');
  const plugins = options.plugins ?? [];
  if (plugins.every((plugin) => typeof plugin !== 'string')) {
    const detector = new DetectorImplementation(
      options,
      options.module,
      plugins.map((plugin) => checkPlugin(plugin)),
    );
    detector.deferSetUp();
    return detector;
  }
  // Module paths import asynchronously: load every plugin, in the configured order, before the first use.
  const detector = new DetectorImplementation(options, options.module, []);
  detector.deferSetUp(async () =>
    Promise.all(plugins.map((plugin) => (typeof plugin === 'string' ? importPlugin(plugin) : checkPlugin(plugin)))),
  );
  return detector;
}

class DetectorImplementation implements Detector {
  readonly rules: ReadonlyArray<DetectorRule>;
  readonly plan: Plan;
  readonly allowlists: Detector['allowlists'];
  private readonly loadedRules: LoadedRule[];
  private readonly queries: Query[];
  private readonly executor: ObjectExecutor;
  /** the raw-bytes WASM executor `scan` uses with executor 'wasm' */
  private readonly raw: RawExecutor | null = null;
  private readonly alerts: AlertBuilder;
  private readonly executorName: ExecutorName;
  private readonly logger: PluginLogger;
  private plugins: Plugin[];
  private runner: PluginRunner;
  private ready: Promise<void> | null = null;
  /** WASM string sets of the object executor: freed by close() */
  private readonly stringSets: StringSet[] = [];

  constructor(
    private readonly options: DetectorOptions,
    module: MatcherModule,
    plugins: Plugin[],
  ) {
    this.logger = options.logger ?? silentLogger;
    this.executorName = options.executor ?? 'wasm';
    const ruleSet = loadRuleSet(options.rules);
    this.loadedRules = ruleSet.rules;
    this.queries = ruleSet.queries;
    this.rules = Object.freeze(
      ruleSet.rules.map((rule) => Object.freeze({ id: rule.source, ruleId: rule.ruleId, name: rule.name, version: rule.version })),
    );
    const compiled = compileAllowlists(ruleSet.plan, loadAllowlists(options.allowlists ?? []), {
      valueLists: options.valueLists,
      now: options.now ?? new Date(),
      logger: this.logger,
    });
    this.plan = compiled.plan;
    this.allowlists = Object.freeze({
      active: Object.freeze(compiled.active.map(itemInfo)),
      expired: Object.freeze(compiled.expired.map(itemInfo)),
    });
    this.executor = new ObjectExecutor(this.plan, (groups, field): SetMatcher => {
      let set: StringSet;
      try {
        set = compileStringSet(module, groups);
      } catch (error) {
        throw new LlmEgressError(
          'PLAN_STRING_SET',
          `the patterns of ${field} cannot be compiled: ${(error as Error).message}`,
          {},
          { cause: error },
        );
      }
      this.stringSets.push(set);
      return {
        match(value) {
          const { groups: matched, firstPattern } = set.match(value);
          return { groups: matched, firstPatterns: firstPattern };
        },
      };
    });
    this.alerts = new AlertBuilder(this.plan, (event, path) => fieldValues(event, [path]));
    if (this.executorName === 'wasm') {
      try {
        this.raw = loadPlan(module, encodePlan(this.plan));
      } catch (error) {
        // Verdicts stay exact without it (the object executor scans instead), only slower.
        this.logger.warn(`the raw-bytes executor cannot run this plan (${(error as Error).message}); scanning with the object executor`);
      }
    }
    this.plugins = plugins;
    this.runner = this.makeRunner();
  }

  private makeRunner(): PluginRunner {
    const suppression = this.options.suppression;
    return new PluginRunner(this.plugins, {
      timeoutMs: this.options.pluginTimeoutMs ?? DEFAULT_PLUGIN_TIMEOUT_MS,
      logger: this.logger,
      suppressor: suppression ? new Suppressor(suppression.windowSeconds) : null,
    });
  }

  /** Runs every plugin's `setup` once, in order. */
  async setUpPlugins(): Promise<void> {
    for (const plugin of this.plugins) {
      if (!plugin.setup) continue;
      try {
        await plugin.setup({ rules: this.rules, logger: this.logger });
      } catch (error) {
        throw new PluginError(
          'PLUGIN_SETUP',
          `plugin ${plugin.name}: setup failed: ${(error as Error)?.message ?? String(error)}`,
          { plugin: plugin.name },
          { cause: error },
        );
      }
    }
  }

  /** Sync construction: load (optionally) and set up plugins before their first use. */
  deferSetUp(load?: () => Promise<Plugin[]>): void {
    if (!load && this.plugins.every((plugin) => !plugin.setup)) return;
    this.ready = (async () => {
      if (load) {
        this.plugins = await load();
        this.runner = this.makeRunner();
      }
      await this.setUpPlugins();
    })();
    // Reported by the first runPlugins; never an unhandled rejection meanwhile.
    this.ready.catch(() => undefined);
  }

  /** Rules matching the event, by the configured executor's semantics (all agree; tests check it). */
  private match(event: Record<string, unknown>): { matches: RuleMatch[]; evaluation: EventEvaluation } {
    if (this.executorName !== 'reference') return this.executor.run(event);
    const evaluation = this.executor.begin(event);
    const matches: RuleMatch[] = [];
    this.queries.forEach((query, rule) => {
      if (evaluateReference(query, event)) matches.push({ rule, suppressedBy: evaluation.suppressingItem(rule) });
    });
    return { matches, evaluation };
  }

  /** Alerts for one event before plugins, and the allowlist items that suppressed matches. */
  candidateAlerts(event: unknown, source: AlertSource): { alerts: Alert[]; suppressedBy: string[] } {
    if (!isPlainObject(event)) {
      const kind = event === null ? 'null' : Array.isArray(event) ? 'an array' : typeof event;
      throw new LlmEgressError('EVENT_NOT_OBJECT', `an event must be a JSON object, not ${kind}`, { file: source.file, line: source.line });
    }
    const { matches, evaluation } = this.match(event);
    const alerts: Alert[] = [];
    const suppressedBy: string[] = [];
    for (const { rule, suppressedBy: item } of matches) {
      if (item >= 0) suppressedBy.push(this.plan.rules[rule].exceptions[item].origin.id);
      else alerts.push(this.alerts.build(evaluation, rule, source));
    }
    return { alerts, suppressedBy };
  }

  async evaluate(event: unknown, source: EvaluateSource = {}, options: { runPlugins?: boolean } = {}): Promise<Alert[]> {
    const { alerts } = this.candidateAlerts(event, source);
    if (alerts.length === 0 || options.runPlugins === false) return alerts;
    return (await this.runPlugins(alerts)).alerts;
  }

  async evaluateDetailed(
    event: unknown,
    source: EvaluateSource = {},
    options: { runPlugins?: boolean } = {},
  ): Promise<{ alerts: Alert[]; suppressed: Record<string, number>; pluginErrors: number }> {
    const { alerts, suppressedBy } = this.candidateAlerts(event, source);
    const suppressed: Record<string, number> = {};
    for (const id of suppressedBy) addCount(suppressed, id);
    if (alerts.length === 0 || options.runPlugins === false) return { alerts, suppressed, pluginErrors: 0 };
    const ran = await this.runPlugins(alerts);
    for (const [name, count] of Object.entries(ran.suppressed)) addCount(suppressed, name, count);
    return { alerts: ran.alerts, suppressed, pluginErrors: ran.pluginErrors };
  }

  async runPlugins(alerts: Alert[]): Promise<{ alerts: Alert[]; suppressed: Record<string, number>; pluginErrors: number }> {
    if (this.ready) await this.ready;
    if (!this.runner.active) return { alerts: [...alerts], suppressed: {}, pluginErrors: 0 };
    return this.runner.run(alerts);
  }

  async scan(bytes: Uint8Array, options: ScanOptions = {}): Promise<ScanResult> {
    if (!(bytes instanceof Uint8Array)) throw new LlmEgressError('OPTIONS', 'scan needs a Uint8Array of NDJSON bytes');
    const result = this.raw
      ? scanRaw(
          this.raw,
          bytes,
          options,
          (rule, item) => this.plan.rules[rule].exceptions[item].origin.id,
          (event, rule, source) => {
            const evaluation = this.executor.begin(event);
            if (!evaluation.ruleMatches(rule))
              this.logger.warn(`executors disagree on ${source.file ?? '<input>'}:${source.line}: please report this line`);
            return this.alerts.build(evaluation, rule, source);
          },
        )
      : scanLines(bytes, options, (event, source) => this.candidateAlerts(event, source));
    if (options.runPlugins === false || result.alerts.length === 0) return finish(result);
    const ran = await this.runPlugins(result.alerts);
    result.alerts = ran.alerts;
    for (const [name, count] of Object.entries(ran.suppressed)) addCount(result.counters.suppressed, name, count);
    result.counters.pluginErrors += ran.pluginErrors;
    return finish(result);
  }

  close(): void {
    for (const set of this.stringSets.splice(0)) set.free();
    this.raw?.free();
  }

  explain(event: unknown): Explanation {
    if (!isPlainObject(event)) throw new LlmEgressError('EVENT_NOT_OBJECT', 'explain needs one JSON object');
    const { matches } = this.match(event);
    return {
      rules: this.loadedRules.map((rule, index) => {
        const match = matches.find((candidate) => candidate.rule === index);
        const item = match && match.suppressedBy >= 0 ? this.plan.rules[index].exceptions[match.suppressedBy].origin : null;
        return explainRule(
          {
            id: rule.source,
            name: rule.name,
            query: this.queries[index],
            matches: match !== undefined,
            suppressedBy: item ? { id: item.id, comment: item.comment } : null,
          },
          event,
        );
      }),
    };
  }
}

/** Counts the final alerts per rule and provider. */
function finish(result: ScanResult): ScanResult {
  const counters: ScanCounters = result.counters;
  counters.alerts = result.alerts.length;
  for (const alert of result.alerts) {
    const rule = alert.llm_egress.rule.id;
    addCount(counters.perRule, rule);
    const provider = alert.llm_egress.provider?.name;
    if (provider !== undefined) addCount(counters.perProvider, provider);
  }
  return result;
}

export type { LineError, ScanCounters, ScanOptions, ScanResult };
