import { describe, expect, it } from 'vitest';
import { createDetector } from '../index.js';
import { MAX_NESTING_DEPTH, tooDeepColumn } from './scan.js';

const encoder = new TextEncoder();

/** `{"é":[[…]],…}` nested `depth` levels deep in total (the object is level 1). */
function nested(depth: number): string {
  return `{"é":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)},"dns":{"question":{"name":"api.openai.com"}}}`;
}

describe('nesting bound shared by every executor', () => {
  it('finds the byte column where level 1001 opens, and nothing at 1000', () => {
    expect(tooDeepColumn(nested(MAX_NESTING_DEPTH))).toBe(0);
    // `{"é":` is 6 bytes (é is two), then 999 brackets reach level 1000; the next one is level 1001.
    expect(tooDeepColumn(nested(MAX_NESTING_DEPTH + 1))).toBe(6 + MAX_NESTING_DEPTH);
    expect(tooDeepColumn(`{"a":"${'['.repeat(3000)}"}`)).toBe(0);
  });

  it('counts the same lines as malformed, at the same place, in the wasm, object and reference executors', async () => {
    const bytes = encoder.encode(`${nested(MAX_NESTING_DEPTH)}\n${nested(MAX_NESTING_DEPTH + 1)}\n${nested(5000)}\n{}\n`);
    const results = [];
    for (const executor of ['wasm', 'object', 'reference'] as const) {
      const detector = await createDetector({ executor });
      results.push(await detector.scan(bytes, { validate: true }));
    }
    for (const result of results) {
      expect(result.counters).toMatchObject({ lines: 4, events: 2, malformed: 2 });
      expect(result.errors.map((error) => [error.line, error.code, error.column])).toEqual([
        [2, 'TOO_DEEP', 6 + MAX_NESTING_DEPTH],
        [3, 'TOO_DEEP', 6 + MAX_NESTING_DEPTH],
      ]);
    }
  });
});
