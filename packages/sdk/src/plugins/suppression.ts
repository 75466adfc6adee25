import type { Alert, AlertSuppression } from '../alerts/types.js';
import { compileFieldAccessor } from '../executor/field-values.js';

/** Name under which suppressed alerts are counted. */
export const SUPPRESSION_NAME = 'suppression';

const SUPPRESSION_FIELDS = ['host.name', 'process.executable', 'dns.question.name'] as const;
const accessors = SUPPRESSION_FIELDS.map((field) => compileFieldAccessor(field));

/** Event time of an alert in milliseconds, or NaN when it has none that parses. */
function eventTime(alert: Alert): number {
  const timestamp = alert['@timestamp'];
  const time = typeof timestamp === 'number' ? timestamp : typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  // Beyond ±8.64e15 ms a Date cannot represent (or print) the time.
  return Math.abs(time) <= 8.64e15 ? time : Number.NaN;
}

/**
 * The built-in suppression plugin (off unless asked for), like Elastic's alert
 * suppression: one alert per host.name + process.executable + dns.question.name within a
 * window of event time. The first alert of a window is kept and carries
 * `kibana.alert.suppression` (terms, start, end, docs_count); later alerts of the same
 * key whose time falls in [start, start + window) are counted into it and dropped.
 * An alert whose `@timestamp` does not parse is never suppressed.
 *
 * The count of an alert that was already handed out keeps growing while its window is
 * open (the alert object is updated in place); it is final once the input ends.
 */
export class Suppressor {
  private readonly windows = new Map<string, { alert: Alert; start: number }>();
  private latest = Number.NEGATIVE_INFINITY;

  constructor(readonly windowSeconds: number) {}

  /** True when the alert is suppressed into an earlier one. */
  apply(alert: Alert): boolean {
    const time = eventTime(alert);
    if (Number.isNaN(time)) return false;
    const dnsName = alert.llm_egress.matched.find((clause) => clause.field === 'dns.question.name')?.value;
    const values = accessors.map((accessor, index) => {
      if (SUPPRESSION_FIELDS[index] === 'dns.question.name' && dnsName !== undefined) return dnsName;
      const found = accessor.values(alert)[0];
      return found === undefined ? null : found;
    });
    const key = JSON.stringify(values);
    const windowMs = this.windowSeconds * 1000;
    const open = this.windows.get(key);
    if (open && time >= open.start && time < open.start + windowMs) {
      const suppression = open.alert.kibana.alert.suppression as AlertSuppression;
      suppression.docs_count += 1;
      if (time > Date.parse(suppression.end)) suppression.end = new Date(time).toISOString();
      return true;
    }
    const iso = new Date(time).toISOString();
    alert.kibana.alert.suppression = {
      terms: SUPPRESSION_FIELDS.map((field, index) => ({ field, value: values[index] })),
      start: iso,
      end: iso,
      docs_count: 0,
    };
    this.windows.set(key, { alert, start: time });
    this.latest = Math.max(this.latest, time);
    if (this.windows.size > 100_000) this.forgetClosedWindows();
    return false;
  }

  private forgetClosedWindows(): void {
    const windowMs = this.windowSeconds * 1000;
    for (const [key, window] of this.windows) if (window.start + windowMs <= this.latest) this.windows.delete(key);
  }
}
