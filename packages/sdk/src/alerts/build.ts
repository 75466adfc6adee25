import { createHash } from 'node:crypto';
import type { Plan, Predicate } from '@llm-egress/rules';
import type { EventEvaluation } from '../executor/object-executor.js';
import { canonicalJson } from './canonical-json.js';
import { jsonCopy, setOwn } from './json-copy.js';
import type { Alert, MatchedClause } from './types.js';

export interface AlertSource {
  file?: string;
  line?: number;
  offset?: number;
  /** the event's raw line bytes (hashed into the uuid); its canonical JSON is used when absent */
  raw?: Uint8Array;
}

/** Keys of the source event that the alert writes itself. */
const RESERVED = new Set(['@timestamp', 'event', 'kibana', 'llm_egress']);
const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A JSON-safe copy the alert owns (bigints as strings, functions dropped, as JSON would). */
const copy = (value: unknown): unknown => jsonCopy(value);

/** The first string value of a field, for the reason text. */
function firstString(evaluation: EventEvaluation, plan: Plan, path: string, fallback: (path: string) => unknown[]): string | undefined {
  const field = plan.fields.indexOf(path);
  const values = field >= 0 ? evaluation.fieldValues(field) : fallback(path);
  for (const value of values) if (typeof value === 'string') return value;
  return undefined;
}

/**
 * Builds the alerts of one event. Deterministic: the same event (and bytes) always gives
 * the same object with the same key order, so serialised alerts are byte-identical.
 */
export class AlertBuilder {
  private readonly providerOf = new Map<string, number>();
  private readonly categoryClauses = new Set<number>();

  constructor(
    private readonly plan: Plan,
    private readonly valuesOf: (event: unknown, path: string) => unknown[],
  ) {
    for (const entry of plan.patternProviders) this.providerOf.set(`${entry.set}:${entry.group}:${entry.pattern}`, entry.provider);
    plan.clauses.forEach((clause, index) => {
      // The `network where` test says nothing an alert reader does not know already.
      if (clause.rule >= 0 && /^[A-Za-z_][\w-]* where$/.test(clause.text)) this.categoryClauses.add(index);
    });
  }

  private patternText(predicate: Predicate, pattern: number | undefined): string {
    switch (predicate.kind) {
      case 'group':
        return this.plan.stringSets[predicate.set].groups[predicate.group].patterns[pattern ?? 0] ?? '';
      case 'compare':
        return `${predicate.op === '==' ? '' : `${predicate.op} `}${JSON.stringify(predicate.value)}`;
      case 'cidr':
        return predicate.blocks.map((block) => `${formatAddress(block.family, block.address)}/${block.prefixLength}`).join(', ');
      case 'exists':
        return '*';
    }
  }

  matched(evaluation: EventEvaluation, rule: number): { matched: MatchedClause[]; provider?: { name: string; kind: string } } {
    const matched: MatchedClause[] = [];
    let provider: { name: string; kind: string } | undefined;
    const seen = new Set<number>();
    for (const index of evaluation.firedPredicates(rule)) {
      if (seen.has(index)) continue;
      seen.add(index);
      const predicate = this.plan.predicates[index];
      // `x != null` fires on every alert of the rule: not worth a line.
      if (predicate.kind === 'exists' || this.categoryClauses.has(predicate.clause)) continue;
      const evidence = evaluation.predicateEvidence(index);
      if (!evidence) continue;
      matched.push({
        field: this.plan.fields[predicate.field],
        value: evidence.value,
        pattern: this.patternText(predicate, evidence.pattern),
        clause: shortClause(this.plan.clauses[predicate.clause]?.text ?? ''),
      });
      // The provider is the one behind the matched DNS name, else behind the first matched pattern that has one.
      if (predicate.kind === 'group' && (provider === undefined || this.plan.fields[predicate.field] === 'dns.question.name')) {
        const providerIndex = this.providerOf.get(`${predicate.set}:${predicate.group}:${evidence.pattern}`);
        if (providerIndex !== undefined) {
          const { name, kind } = this.plan.providers[providerIndex];
          provider = { name, kind };
        }
      }
    }
    return provider ? { matched, provider } : { matched };
  }

  build(evaluation: EventEvaluation, rule: number, source: AlertSource): Alert {
    const event = evaluation.event;
    const metadata = this.plan.rules[rule].metadata;
    const record = isPlainObject(event) ? event : {};
    const { matched, provider } = this.matched(evaluation, rule);

    const alert: Record<string, unknown> = {};
    const timestamp = copy(record['@timestamp']);
    if (timestamp !== undefined) alert['@timestamp'] = timestamp;
    let originalEvent = copy(record.event);
    for (const key of Object.keys(record)) {
      if (key.startsWith('event.')) {
        const value = copy(record[key]);
        if (value === undefined) continue;
        if (!isPlainObject(originalEvent)) originalEvent = originalEvent === undefined ? {} : { value: originalEvent };
        setOwn(originalEvent as Record<string, unknown>, key.slice('event.'.length), value);
        continue;
      }
      if (RESERVED.has(key) || key.startsWith('kibana.') || key.startsWith('llm_egress.')) continue;
      const value = copy(record[key]);
      if (value !== undefined) setOwn(alert, key, value);
    }
    alert.event = { kind: 'signal' };

    const hash = createHash('sha256').update(metadata.ruleId).update('\u0000').update(metadata.source).update('\u0000');
    hash.update(source.raw ?? canonicalJson(event));

    const dnsName = matched.find((clause) => clause.field === 'dns.question.name')?.value;
    const text = (path: string) => firstString(evaluation, this.plan, path, (field) => this.valuesOf(event, field));
    const category = text('event.category') ?? 'event';
    const processName = text('process.name');
    const userName = text('user.name');
    const hostName = text('host.name');
    const resolved = typeof dnsName === 'string' ? dnsName : text('dns.question.name');
    // Kibana's reason text, with what the event resolved: one line a human can triage from.
    const reason =
      `${category} event` +
      (processName !== undefined ? ` with process ${processName}` : '') +
      (userName !== undefined ? `, by ${userName}` : '') +
      (hostName !== undefined ? ` on ${hostName}` : '') +
      (resolved !== undefined ? `, resolved ${resolved}` : '') +
      `: ${metadata.severity} alert ${metadata.name}.`;

    alert.kibana = {
      alert: {
        uuid: hash.digest('hex'),
        ...(timestamp !== undefined ? { original_time: timestamp } : {}),
        original_event: originalEvent ?? {},
        rule: {
          rule_id: metadata.ruleId,
          name: metadata.name,
          description: metadata.description,
          severity: metadata.severity,
          risk_score: metadata.riskScore,
          threat: copy(metadata.threat),
          references: [...metadata.references],
          version: metadata.version,
          tags: [...metadata.tags],
          type: 'eql',
        },
        severity: metadata.severity,
        risk_score: metadata.riskScore,
        workflow_status: 'open',
        reason,
      },
    };
    alert.llm_egress = {
      rule: { id: metadata.source },
      source: {
        ...(source.file !== undefined ? { file: source.file } : {}),
        ...(source.line !== undefined ? { line: source.line } : {}),
        ...(source.offset !== undefined ? { offset: source.offset } : {}),
      },
      ...(provider ? { provider } : {}),
      matched,
    };
    return alert as Alert;
  }
}

function formatAddress(family: 4 | 6, bytes: number[]): string {
  if (family === 4) return bytes.slice(0, 4).join('.');
  const groups: string[] = [];
  for (let index = 0; index < 16; index += 2) groups.push(((bytes[index] << 8) | bytes[index + 1]).toString(16));
  return groups.join(':');
}

/** A clause as written, with a long value list shortened to `(…)`: `dns.question.name : (…)`. */
export function shortClause(text: string): string {
  if (text.length <= 80) return text;
  const open = text.indexOf('(');
  return open > 0 && text.endsWith(')') ? `${text.slice(0, open)}(…)` : `${text.slice(0, 77)}…`;
}
