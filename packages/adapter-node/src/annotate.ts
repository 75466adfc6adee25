import type { Alert } from '@llm-egress/sdk';

/** The verdict `{ annotate: true }` adds to every event as `llm_egress`. */
export interface Verdict {
  /** true when at least one rule alerted on the event (after allowlists and plugins) */
  alert: boolean;
  /** where the event was in the stream: its 1-based position, and the stream's name */
  source: { file?: string; line: number };
  /** one entry per alert, in the detector's order */
  alerts: Array<{
    /** `kibana.alert.uuid` of the alert, to join with alert outputs */
    uuid: string;
    rule: { rule_id: string; name: string };
    provider?: { name: string; kind: string };
    matched: Alert['llm_egress']['matched'];
  }>;
}

export type AnnotatedEvent = Record<string, unknown> & { llm_egress: Verdict };

/**
 * A shallow copy of the event with its verdict under `llm_egress` (replacing any field of
 * that name: the verdict is ours). The input object itself is never modified, because the
 * caller may still hold it.
 */
export function annotate(event: object, alerts: Alert[], source: Verdict['source']): AnnotatedEvent {
  const verdict: Verdict = {
    alert: alerts.length > 0,
    source,
    alerts: alerts.map((alert) => {
      const { provider, matched } = alert.llm_egress;
      return {
        uuid: alert.kibana.alert.uuid,
        rule: { rule_id: alert.kibana.alert.rule.rule_id, name: alert.kibana.alert.rule.name },
        ...(provider === undefined ? {} : { provider }),
        matched,
      };
    }),
  };
  return { ...(event as Record<string, unknown>), llm_egress: verdict };
}
