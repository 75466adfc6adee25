/**
 * The ScanEngine and AlertFinisher backed by @llm-egress/sdk: all detection happens there.
 */
import { canonicalJson, createDetector, type Detector, type DetectorOptions } from '@llm-egress/sdk';
import type { AlertFinisher, EngineOptions, ScanEngine, ScanResult } from './engine.js';

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

/** A worker's engine: a detector without plugins. */
export async function createScanEngine(options: EngineOptions): Promise<ScanEngine> {
  const detector = await createDetector(detectorOptions(options));
  return engineFor(detector);
}

export function engineFor(detector: Detector): ScanEngine {
  return {
    async scanChunk(bytes, { file, firstLine, firstOffset, validate }) {
      return (await detector.scan(bytes, { file, firstLine, firstOffset, validate, runPlugins: false })) as ScanResult;
    },
    async evaluateElements(elements, { file, firstLine }) {
      // Each element becomes one line of its canonical JSON: the SDK hashes exactly those
      // bytes into alert uuids for events that come without raw bytes, so the alerts are
      // those `evaluate` would give, and the scan also counts suppressions and malformed
      // (non-object) elements, with whichever executor was chosen.
      const text = elements.map((element) => canonicalJson(element)).join('\n');
      const result = (await detector.scan(Buffer.from(text, 'utf8'), { file, firstLine, validate: true, runPlugins: false })) as ScanResult;
      // An element has a line (its index) but no byte offset in the file.
      for (const alert of result.alerts) delete alert.llm_egress.source.offset;
      for (const error of result.errors) {
        delete error.offset;
        delete error.column;
      }
      return result;
    },
  };
}

/** The main thread's detector: loads (and so checks) every rule, allowlist and plugin. */
export async function createMainDetector(
  options: EngineOptions & { plugins: string[]; suppressionWindow?: number; logger: { warn(message: string): void } },
): Promise<Detector> {
  return createDetector({
    ...detectorOptions(options),
    plugins: options.plugins,
    suppression: options.suppressionWindow === undefined ? false : { windowSeconds: options.suppressionWindow },
    logger: options.logger,
  });
}

export function finisherFor(detector: Detector): AlertFinisher {
  return {
    async runPlugins(alerts) {
      const result = await detector.runPlugins(alerts as never);
      return result as unknown as Awaited<ReturnType<AlertFinisher['runPlugins']>>;
    },
  };
}
