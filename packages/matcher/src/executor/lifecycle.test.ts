import { describe, expect, it } from 'vitest';
import { loadMatcherModuleSync } from '../module.js';
import { encodePlan, planOf, VARIANTS } from './executor.test-helper.js';
import { loadPlan } from './raw-executor.js';

const QUERY = 'network where dns.question.name : ("api.openai.com", "*.openai.azure.com") and process.name : "python*"';
const encoder = new TextEncoder();
const MATCH = '{"event":{"category":["network"]},"dns":{"question":{"name":"api.openai.com"}},"process":{"name":"python.exe"}}';
const MISS = '{"event":{"category":["network"]},"dns":{"question":{"name":"example.com"}},"process":{"name":"python.exe"}}';

describe('raw executor lifecycle', () => {
  for (const variant of VARIANTS) {
    it(`${variant}: plans can be loaded, used and freed again and again in one module`, () => {
      // Regression: the heap allocator claims all pages that exist when it starts; the
      // executor's scratch pages were once taken before it started and later overlapped
      // plan data after a reload.
      const module = loadMatcherModuleSync(variant);
      const bytes = encodePlan(planOf([QUERY]));
      const chunk = encoder.encode(`${MATCH}\n${MISS}\n${'{"pad":"'.padEnd(200_000, 'x')}"}\n${MATCH}`);
      for (let round = 0; round < 20; round++) {
        const executors = [loadPlan(module, bytes), loadPlan(module, bytes)];
        for (const executor of executors) {
          const result = executor.scan(chunk);
          expect(result.matches.map((match) => match.line)).toEqual([0, 3]);
          expect(result.errors).toEqual([]);
        }
        for (const executor of executors) executor.free();
      }
    });

    it(`${variant}: plan data and scratch pages never overlap`, () => {
      // Regression: the heap allocator claims every page that exists when it starts.
      // loadPlan takes the 64 KiB input region first; then many plans are allocated (they
      // would have been placed inside the region), then a chunk fills the region.
      const module = loadMatcherModuleSync(variant);
      const bytes = encodePlan(planOf([QUERY]));
      const executors = Array.from({ length: 200 }, () => loadPlan(module, bytes));
      const filler = `{"pad":"${'z'.repeat(992)}"}`;
      const chunk = encoder.encode(`${Array.from({ length: 60 }, () => filler).join('\n')}\n${MATCH}`);
      expect(chunk.length).toBeLessThan(65_536 - 64);
      for (const executor of executors) {
        const result = executor.scan(chunk);
        expect(result.errors).toEqual([]);
        expect(result.matches.map((match) => match.line)).toEqual([60]);
      }
      for (const executor of executors) executor.free();
    });

    it(`${variant}: scanInput scans only what input() reserved`, () => {
      const executor = loadPlan(loadMatcherModuleSync(variant), encodePlan(planOf([QUERY])));
      try {
        const bytes = encoder.encode(`${MATCH}\n${MISS}`);
        executor.input(bytes.length).set(bytes);
        expect(executor.scanInput(bytes.length).matches.map((match) => match.line)).toEqual([0]);
        expect(executor.scanInput(MATCH.length).lines).toBe(1);
        expect(() => executor.scanInput(bytes.length + 1)).toThrow(/exceeds/);
      } finally {
        executor.free();
      }
    });

    it(`${variant}: a freed executor refuses to scan`, () => {
      const executor = loadPlan(loadMatcherModuleSync(variant), encodePlan(planOf([QUERY])));
      executor.free();
      expect(() => executor.scan(encoder.encode(MATCH))).toThrow(/after free/);
      executor.free(); // twice is harmless
    });
  }
});
