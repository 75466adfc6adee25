import { createDetector, type Detector, type DetectorOptions } from '@llm-egress/sdk';
import type { StreamWarning } from './warnings.js';

/** What every entry point of this package accepts besides the SDK's `DetectorOptions`. */
export interface AdapterOptions {
  /** an existing detector to use instead of creating one (then pass no `DetectorOptions`) */
  detector?: Detector;
  /** becomes `llm_egress.source.file` of every alert (e.g. the path, or '-' for stdin) */
  name?: string;
  /** fail at the first malformed input instead of reporting a warning and going on */
  strict?: boolean;
  /** called for every malformed input (besides the stream's 'warning' event) */
  onWarning?: (warning: StreamWarning) => void;
}

export interface NdjsonOptions {
  /** most bytes of NDJSON handed to one `detector.scan` call (default 1 MiB) */
  batchBytes?: number;
  /** longest line accepted, in bytes; a longer line is reported as malformed and skipped (default 64 MiB) */
  maxLineBytes?: number;
  /**
   * check every line is one JSON object in valid UTF-8, so every malformed line is reported
   * (default true; false is faster but reports only the malformed lines the detector had to parse)
   */
  validate?: boolean;
}

export interface StreamBufferOptions {
  /** alerts (objects) buffered on the readable side before the stream stops taking input */
  readableHighWaterMark?: number;
  /** input buffered on the writable side: bytes for NDJSON (default `batchBytes`), objects otherwise */
  writableHighWaterMark?: number;
}

export type DetectorStreamOptions = DetectorOptions &
  AdapterOptions &
  StreamBufferOptions & {
    /** every event out, each with an `llm_egress` verdict, instead of alerts only */
    annotate?: boolean;
  };

export type NdjsonDetectorStreamOptions = DetectorOptions & AdapterOptions & NdjsonOptions & StreamBufferOptions;

export type DetectAlertsOptions = DetectorOptions & AdapterOptions & NdjsonOptions;

/** Option names this package consumes itself; every other name goes to `createDetector`. */
const ADAPTER_KEYS = [
  'detector',
  'name',
  'strict',
  'onWarning',
  'batchBytes',
  'maxLineBytes',
  'validate',
  'annotate',
  'readableHighWaterMark',
  'writableHighWaterMark',
] as const;

type AdapterKey = (typeof ADAPTER_KEYS)[number];

export const DEFAULT_BATCH_BYTES = 1024 * 1024;
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

export interface ResolvedAdapterOptions {
  name: string | undefined;
  strict: boolean;
  onWarning: ((warning: StreamWarning) => void) | undefined;
  batchBytes: number;
  maxLineBytes: number;
  validate: boolean;
  annotate: boolean;
  readableHighWaterMark: number | undefined;
  writableHighWaterMark: number | undefined;
}

/**
 * Checks the adapter's own options and gets the detector: the one given, or a new one from
 * the remaining (SDK) options. `entry` names the caller in error messages; `allowed` lists
 * the adapter options that caller understands (others are an error, not silently ignored).
 */
export async function resolveOptions(
  entry: string,
  options: Record<string, unknown> | undefined,
  allowed: ReadonlyArray<AdapterKey>,
): Promise<{ detector: Detector; adapter: ResolvedAdapterOptions }> {
  if (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options))) {
    throw new TypeError(`${entry}: options must be an object, got ${describe(options)}`);
  }
  const given = options ?? {};
  const adapterOptions: Record<string, unknown> = {};
  const detectorOptions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    if (value === undefined) continue;
    if ((ADAPTER_KEYS as ReadonlyArray<string>).includes(key)) {
      if (!allowed.includes(key as AdapterKey)) {
        throw new TypeError(`${entry}: option '${key}' does not apply here (it applies to ${whereApplies(key)})`);
      }
      adapterOptions[key] = value;
    } else {
      detectorOptions[key] = value;
    }
  }
  const adapter = checkAdapterOptions(entry, adapterOptions);
  const givenDetector = adapterOptions.detector;
  if (givenDetector !== undefined) {
    if (!isDetector(givenDetector)) {
      throw new TypeError(`${entry}: option 'detector' must be a Detector from createDetector(), got ${describe(givenDetector)}`);
    }
    const ignored = Object.keys(detectorOptions);
    if (ignored.length > 0) {
      throw new TypeError(
        `${entry}: pass either 'detector' or detector options, not both (the detector is already built; got ${ignored.map((key) => `'${key}'`).join(', ')})`,
      );
    }
    return { detector: givenDetector, adapter };
  }
  const detector = await createDetector(detectorOptions as DetectorOptions);
  return { detector, adapter };
}

function checkAdapterOptions(entry: string, options: Record<string, unknown>): ResolvedAdapterOptions {
  const { name, strict, onWarning, batchBytes, maxLineBytes, validate, annotate, readableHighWaterMark, writableHighWaterMark } = options;
  if (name !== undefined && typeof name !== 'string')
    throw new TypeError(`${entry}: option 'name' must be a string, got ${describe(name)}`);
  for (const [key, value] of Object.entries({ strict, validate, annotate })) {
    if (value !== undefined && typeof value !== 'boolean')
      throw new TypeError(`${entry}: option '${key}' must be true or false, got ${describe(value)}`);
  }
  if (onWarning !== undefined && typeof onWarning !== 'function') {
    throw new TypeError(`${entry}: option 'onWarning' must be a function, got ${describe(onWarning)}`);
  }
  for (const [key, value] of Object.entries({ batchBytes, maxLineBytes, readableHighWaterMark, writableHighWaterMark })) {
    if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) > 0)) {
      throw new RangeError(`${entry}: option '${key}' must be a positive whole number, got ${describe(value)}`);
    }
  }
  return {
    name: name as string | undefined,
    strict: (strict as boolean | undefined) ?? false,
    onWarning: onWarning as ((warning: StreamWarning) => void) | undefined,
    batchBytes: (batchBytes as number | undefined) ?? DEFAULT_BATCH_BYTES,
    maxLineBytes: (maxLineBytes as number | undefined) ?? DEFAULT_MAX_LINE_BYTES,
    validate: (validate as boolean | undefined) ?? true,
    annotate: (annotate as boolean | undefined) ?? false,
    readableHighWaterMark: readableHighWaterMark as number | undefined,
    writableHighWaterMark: writableHighWaterMark as number | undefined,
  };
}

function isDetector(value: unknown): value is Detector {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Detector).evaluate === 'function' &&
    typeof (value as Detector).scan === 'function'
  );
}

function whereApplies(key: string): string {
  switch (key) {
    case 'annotate':
      return 'createDetectorStream';
    case 'batchBytes':
    case 'maxLineBytes':
    case 'validate':
      return 'createNdjsonDetectorStream and detectAlerts over bytes';
    case 'readableHighWaterMark':
    case 'writableHighWaterMark':
      return 'the two stream factories';
    default:
      return 'every entry point';
  }
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return `a ${value.constructor.name} of ${value.length} bytes`;
  switch (typeof value) {
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'number':
    case 'boolean':
    case 'bigint':
      return `${typeof value} ${String(value)}`;
    case 'object':
      return `an object (${(value as object).constructor?.name ?? 'no prototype'})`;
    default:
      return `a ${typeof value}`;
  }
}
