// @llm-egress/sdk: the Detector API. Evaluate ECS events (JS objects or raw NDJSON bytes)
// with Elastic's exact verdicts, get Elastic-shaped alerts, tune with allowlists and plugins.

export type { MatcherModule } from '@llm-egress/matcher';
export type { Plan } from '@llm-egress/rules';
export { canonicalJson } from './alerts/canonical-json.js';
export type { Alert, AlertRule, AlertSuppression, MatchedClause, PluginFailure } from './alerts/types.js';
export type {
  AllowlistDocument,
  AllowlistEntry,
  AllowlistItem,
  EntryOperator,
  ExistsEntry,
  ListEntry,
  MatchAnyEntry,
  MatchEntry,
  MatchValue,
  NestedEntry,
  WildcardEntry,
} from './allowlists/types.js';
export {
  type AllowlistItemInfo,
  createDetector,
  createDetectorSync,
  type Detector,
  type DetectorOptions,
  type DetectorRule,
  type EvaluateSource,
  type ExecutorName,
} from './detector.js';
export { AllowlistError, LlmEgressError, PluginError, RuleError } from './errors.js';
export type { Explanation } from './explain.js';
export type { Plugin, PluginContext, PluginLogger } from './plugins/types.js';
export type { LineError, ScanCounters, ScanOptions, ScanResult } from './scan/scan.js';

import { listBundledRules as listRulePack } from '@llm-egress/rules';

/** The bundled rule pack: ids usable in `rules`, with name, version and file. */
export function listBundledRules(): Array<{ id: string; name: string; version: number; file: string }> {
  return listRulePack().map(({ id, name, version, file }) => ({ id, name, version, file }));
}
