/**
 * A stand-in ScanEngine for unit tests of reading, chunking and ordering (no detection):
 * every line that is a JSON object with `"hit": true` yields one alert carrying its
 * source position; a line that is not JSON is a line error. End-to-end tests use the SDK.
 */
import { type Alert, emptyCounters, type LineError, type ScanEngine, type ScanResult } from '../engine/engine.js';

function evaluateLine(text: string, file: string, line: number, offset: number | undefined, result: ScanResult): void {
  result.counters.lines++;
  if (text.trim() === '') return;
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    result.counters.malformed++;
    const error: LineError = { file, line, code: 'invalid-json', message: 'not JSON' };
    if (offset !== undefined) error.offset = offset;
    result.errors.push(error);
    return;
  }
  result.counters.events++;
  if (event && typeof event === 'object' && (event as { hit?: unknown }).hit === true) {
    const source: Alert['llm_egress']['source'] = { file, line };
    if (offset !== undefined) source.offset = offset;
    result.alerts.push({
      id: (event as { id?: unknown }).id,
      llm_egress: { rule: { id: 'test' }, source, matched: [] },
    } as unknown as Alert);
    result.counters.alerts++;
  }
}

export function createLineEngine(): ScanEngine & { chunks: number } {
  const engine = {
    chunks: 0,
    async scanChunk(bytes: Uint8Array, options: { file: string; firstLine: number; firstOffset: number }): Promise<ScanResult> {
      engine.chunks++;
      const result: ScanResult = { alerts: [], errors: [], counters: emptyCounters() };
      let start = 0;
      let line = options.firstLine;
      while (start < bytes.length) {
        let end = bytes.indexOf(0x0a, start);
        if (end === -1) end = bytes.length;
        evaluateLine(Buffer.from(bytes.subarray(start, end)).toString('utf8'), options.file, line, options.firstOffset + start, result);
        start = end + 1;
        line++;
      }
      return result;
    },
    async evaluateElements(elements: unknown[], options: { file: string; firstLine: number }): Promise<ScanResult> {
      const result: ScanResult = { alerts: [], errors: [], counters: emptyCounters() };
      for (const [index, element] of elements.entries()) {
        evaluateLine(JSON.stringify(element), options.file, options.firstLine + index, undefined, result);
      }
      return result;
    },
  };
  return engine;
}
