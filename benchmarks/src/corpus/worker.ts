/**
 * Worker thread entry (built to dist/corpus/worker.js): loads the rules once, then renders
 * the segments the main thread asks for. See parallel.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { corpusContext } from './generator.js';
import type { CorpusOptions } from './options.js';
import { loadCorpusRules } from './rules.js';
import { renderSegment, type SegmentTask } from './segment.js';

interface WorkerSetup {
  options: CorpusOptions;
  ruleFiles: string[];
  out: string;
}

const setup = workerData as WorkerSetup;
const context = corpusContext(setup.options, loadCorpusRules(setup.ruleFiles));

parentPort?.on('message', (task: SegmentTask) => {
  try {
    const result = renderSegment(context, task, setup.out);
    parentPort?.postMessage({ result }, [result.bytes.buffer as ArrayBuffer, result.lineLengths.buffer as ArrayBuffer]);
  } catch (error) {
    parentPort?.postMessage({ error: (error as Error).stack ?? String(error) });
  }
});
