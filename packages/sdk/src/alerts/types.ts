/** The rule as recorded on an alert (`kibana.alert.rule`), like Elastic Security's. */
export interface AlertRule {
  rule_id: string;
  name: string;
  description: string;
  severity: string;
  risk_score: number;
  threat: unknown[];
  references: string[];
  version: number;
  tags: string[];
  type: 'eql';
}

/** One test of the rule that held for the event, with the value and pattern that made it hold. */
export interface MatchedClause {
  field: string;
  value: unknown;
  pattern: string;
  /** the comparison as written in the rule */
  clause: string;
}

/** A plugin that failed on this alert: the alert was kept. */
export interface PluginFailure {
  plugin: string;
  code: 'PLUGIN_THREW' | 'PLUGIN_TIMEOUT' | 'PLUGIN_BAD_RESULT';
  message: string;
}

/** Elastic's alert suppression fields, set by the built-in suppression plugin. */
export interface AlertSuppression {
  terms: Array<{ field: string; value: unknown }>;
  /** event time of the first and the last event in the window */
  start: string;
  end: string;
  /** events suppressed into this alert (not counting its own) */
  docs_count: number;
}

/**
 * An alert shaped like an Elastic Security alert: the source event's fields at top level
 * (its `event.*` under `kibana.alert.original_event`), `event.kind: signal`, the
 * `kibana.alert.*` fields, and llm-egress's own details under `llm_egress`.
 */
export interface Alert {
  '@timestamp'?: unknown;
  event: { kind: 'signal' };
  kibana: {
    alert: {
      uuid: string;
      original_time?: unknown;
      original_event: unknown;
      rule: AlertRule;
      severity: string;
      risk_score: number;
      workflow_status: 'open';
      reason: string;
      suppression?: AlertSuppression;
    };
  };
  llm_egress: {
    /** the rule's bundled id or rule file (with `#n` for the n-th rule of a Kibana export) */
    rule: { id: string };
    source: { file?: string; line?: number; offset?: number };
    provider?: { name: string; kind: string };
    matched: MatchedClause[];
    plugin_errors?: PluginFailure[];
  };
  [field: string]: unknown;
}
