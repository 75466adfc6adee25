/**
 * @llm-egress/adapter-node: llm-egress in Node stream pipelines.
 * - `createDetectorStream`: event objects in, alerts (or annotated events) out;
 * - `createNdjsonDetectorStream`: NDJSON bytes in, alerts out;
 * - `detectAlerts`: the same for `for await` users.
 */
export type { AnnotatedEvent, Verdict } from './annotate.js';
export type { StreamCounters } from './counters.js';
export { detectAlerts } from './detect-alerts.js';
// The stream classes are exported as types only: the async factories are the one way to build them.
export { createNdjsonDetectorStream, type NdjsonDetectorStream } from './ndjson-stream.js';
export { createDetectorStream, type DetectorStream } from './object-stream.js';
export {
  type AdapterOptions,
  DEFAULT_BATCH_BYTES,
  DEFAULT_MAX_LINE_BYTES,
  type DetectAlertsOptions,
  type DetectorStreamOptions,
  type NdjsonDetectorStreamOptions,
  type NdjsonOptions,
  type StreamBufferOptions,
} from './options.js';
export { MalformedInputError, type StreamWarning, WARNING_CODES } from './warnings.js';
