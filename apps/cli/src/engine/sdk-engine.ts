/**
 * The ScanEngine and AlertFinisher backed by @llm-egress/sdk: all detection happens there.
 */
import { createDetector, type Detector, type DetectorOptions } from '@llm-egress/sdk';
import { type Alert, type AlertFinisher, type EngineOptions, emptyCounters, type LineError, type ScanEngine, type ScanResult } from './engine.js';

/** Allowlist arguments that are code plugins rather than declarative allowlists. */
export function isPluginModule(path: string): boolean {
  return /\.(c|m)?js$/i.test(path);
}

function detectorOptions(options: EngineOptions): DetectorOptions {
  return {
    rules: options.rules.length > 0 ? options.rules : undefined,
    allowlists: options.allowlists,
    valueLists: options.valueLists,
    executor: options.executor,
  };
}

function isEventObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A worker's engine: a detector without plugins. */
export async function createScanEngine(options: EngineOptions): Promise<ScanEngine> {
  const detector = await createDetector(detectorOptions(options));
  return engineFor(detector);
}

export function engineFor(detector: Detector): ScanEngine {
  return {
    async scanChunk(bytes, { file, firstLine, firstOffset, validate }) {
      const result = await detector.scan(bytes, { file, firstLine, firstOffset, validate, runPlugins: false });
      return result as unknown as ScanResult;
    },
    async evaluateElements(elements, { file, firstLine }) {
      const counters = emptyCounters();
      const alerts: Alert[] = [];
      const errors: LineError[] = [];
      for (let index = 0; index < elements.length; index++) {
        const element = elements[index];
        const line = firstLine + index;
        counters.lines++;
        if (!isEventObject(element)) {
          counters.malformed++;
          errors.push({ file, line, code: 'not-an-object', message: `array element is ${Array.isArray(element) ? 'an array' : element === null ? 'null' : `a ${typeof element}`}, not an event object` });
          continue;
        }
        counters.events++;
        const found = (await detector.evaluate(element, { file, line })) as unknown as Alert[];
        for (const alert of found) {
          // A JSON array element has a line (its index) but no byte offset.
          delete alert.llm_egress.source.offset;
          alerts.push(alert);
        }
        counters.alerts += found.length;
      }
      return { alerts, errors, counters };
    },
  };
}

/** The main thread's detector: loads (and so checks) every rule, allowlist and plugin. */
export async function createMainDetector(options: EngineOptions & { plugins: string[]; logger: { warn(message: string): void } }): Promise<Detector> {
  return createDetector({ ...detectorOptions(options), plugins: options.plugins, logger: options.logger });
}

export function finisherFor(detector: Detector): AlertFinisher {
  return {
    async runPlugins(alerts) {
      const result = await detector.runPlugins(alerts as never);
      return result as unknown as Awaited<ReturnType<AlertFinisher['runPlugins']>>;
    },
  };
}
