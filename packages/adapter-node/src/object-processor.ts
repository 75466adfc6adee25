import type { Alert, Detector } from '@llm-egress/sdk';
import { type AnnotatedEvent, annotate } from './annotate.js';
import { addToRecord, emptyCounters, type StreamCounters } from './counters.js';
import { describe } from './options.js';
import type { Output } from './output.js';
import { MalformedInputError, type StreamWarning, WARNING_CODES } from './warnings.js';

export interface ObjectProcessorOptions {
  name: string | undefined;
  strict: boolean;
  annotate: boolean;
}

/**
 * JS event objects in → alerts (or annotated events) out, one `detector.evaluate` at a
 * time: never two in flight, so async plugins see events in input order and outputs keep
 * it. Knows nothing of streams; shared by the object Transform and `detectAlerts`.
 */
export class ObjectProcessor {
  readonly counters: StreamCounters = emptyCounters();
  readonly #detector: Detector;
  readonly #options: ObjectProcessorOptions;

  constructor(detector: Detector, options: ObjectProcessorOptions) {
    this.#detector = detector;
    this.#options = options;
  }

  /** One input value; its outputs (alerts, the annotated event, or a warning). */
  async process(value: unknown): Promise<Array<Output<Alert | AnnotatedEvent>>> {
    const line = this.counters.lines + 1;
    this.counters.lines = line;
    const source = this.#options.name === undefined ? { line } : { file: this.#options.name, line };
    if (!isEvent(value)) {
      this.counters.malformed += 1;
      const warning: StreamWarning = {
        ...source,
        code: WARNING_CODES.notAnObject,
        message: `input ${line} is ${describe(value)}, not an event object${value instanceof Uint8Array || typeof value === 'string' ? ' (for NDJSON bytes use createNdjsonDetectorStream)' : ''}; skipped`,
      };
      if (this.#options.strict) throw new MalformedInputError(warning);
      return [{ kind: 'warning', warning }];
    }
    this.counters.events += 1;
    // evaluateDetailed counts allowlist suppressions, and its plugins' suppressions and errors.
    const { alerts, suppressed, pluginErrors } = await this.#detector.evaluateDetailed(value, source);
    addToRecord(this.counters.suppressed, suppressed);
    this.counters.pluginErrors += pluginErrors;
    this.#count(alerts);
    if (this.#options.annotate) return [{ kind: 'item', item: annotate(value, alerts, source), line }];
    return alerts.map((alert) => ({ kind: 'item', item: alert, line }));
  }

  #count(alerts: Alert[]): void {
    const { counters } = this;
    counters.alerts += alerts.length;
    for (const alert of alerts) {
      const rule = alert.llm_egress.rule.id;
      counters.perRule[rule] = (counters.perRule[rule] ?? 0) + 1;
      const provider = alert.llm_egress.provider?.name;
      if (provider !== undefined) counters.perProvider[provider] = (counters.perProvider[provider] ?? 0) + 1;
    }
  }
}

/** An event is any non-null object that is not an array or a byte buffer. */
function isEvent(value: unknown): value is object {
  return (
    typeof value === 'object' && value !== null && !Array.isArray(value) && !ArrayBuffer.isView(value) && !(value instanceof ArrayBuffer)
  );
}
