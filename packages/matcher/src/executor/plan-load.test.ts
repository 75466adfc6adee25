// Loading plans: damaged or hostile plan bytes end in a located PlanLoadError, never in
// a trap; what loaded is described by info().

import type { Plan } from '@llm-egress/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundledRules, encodePlan, moduleOf, planOf, VARIANTS } from './executor.test-helper.js';
import { loadPlan, PlanLoadError } from './raw-executor.js';

const RUNS = Number(process.env.FC_NUM_RUNS ?? 300);
const MATCH = new TextEncoder().encode(
  '{"event":{"category":["network"]},"dns":{"question":{"name":"api.openai.com"}},"process":{"name":"python.exe","pid":4}}',
);
const SMALL = planOf([
  'network where dns.question.name : ("api.openai.com", "*.openai.azure.com") and process.name : "python*" and process.pid >= 4',
]);

function loadError(variant: (typeof VARIANTS)[number], bytes: Uint8Array): PlanLoadError {
  try {
    loadPlan(moduleOf(variant), bytes).free();
  } catch (error) {
    if (error instanceof PlanLoadError) return error;
    throw error;
  }
  throw new Error('the plan loaded');
}

describe('plan loading', () => {
  for (const variant of VARIANTS) {
    describe(`${variant} build`, () => {
      it('describes the bundled rules', () => {
        const { plan } = bundledRules();
        const executor = loadPlan(moduleOf(variant), encodePlan(plan));
        try {
          expect(executor.info()).toEqual({
            fields: plan.fields.length,
            stringSets: plan.stringSets.length,
            predicates: plan.predicates.length,
            rules: plan.rules.length,
            prefilter: { literals: plan.prefilter?.length ?? 0, fingerprintLength: 4 },
            anchors: ['question'],
          });
        } finally {
          executor.free();
        }
      });

      it('runs without a prefilter when the plan has none (every line is evaluated)', () => {
        const plan = planOf(['any where process.name : "*"']);
        expect(plan.prefilter).toBeNull();
        const executor = loadPlan(moduleOf(variant), encodePlan(plan));
        try {
          expect(executor.info().prefilter).toBeNull();
          const result = executor.scan(new TextEncoder().encode('{"a":1}\n{"process":{"name":""}}'));
          expect(result.prefilterRejected).toBe(0);
          expect(result.evaluated).toBe(2);
          expect(result.matches.map((match) => match.line)).toEqual([1]);
        } finally {
          executor.free();
        }
      });

      it('names what is wrong and where', () => {
        const bytes = encodePlan(SMALL);
        expect(loadError(variant, new Uint8Array([1, 2, 3]))).toMatchObject({ code: 'truncated', offset: 0 });
        expect(loadError(variant, new TextEncoder().encode('NOPE\u0001\u0000\u0000\u0000'))).toMatchObject({
          code: 'bad-magic',
          offset: 0,
        });
        const version = bytes.slice();
        version[4] = 2;
        expect(loadError(variant, version)).toMatchObject({ code: 'bad-version', offset: 4 });
        const trailing = new Uint8Array(bytes.length + 1);
        trailing.set(bytes);
        expect(loadError(variant, trailing)).toMatchObject({ code: 'trailing-bytes', offset: bytes.length });
        const badProgram: Plan = structuredClone(SMALL);
        badProgram.rules[0].program = [{ op: 'and' }];
        expect(loadError(variant, encodePlan(badProgram)).code).toBe('bad-program');
        const outOfRange: Plan = structuredClone(SMALL);
        outOfRange.rules[0].program = [{ op: 'predicate', index: 99 }];
        expect(loadError(variant, encodePlan(outOfRange)).code).toBe('index-out-of-range');
        const leftover: Plan = structuredClone(SMALL);
        leftover.rules[0].program = [
          { op: 'const', value: true },
          { op: 'const', value: true },
        ];
        expect(loadError(variant, encodePlan(leftover)).code).toBe('bad-program');
        const mismatch: Plan = structuredClone(SMALL);
        const group = mismatch.predicates.find((predicate) => predicate.kind === 'group');
        if (group?.kind !== 'group') throw new Error('no group predicate');
        group.field = mismatch.fields.indexOf('process.pid');
        expect(loadError(variant, encodePlan(mismatch)).code).toBe('field-mismatch');
      });

      it('reports a string set that does not compile with its set index', () => {
        const bytes = encodePlan(SMALL);
        // the first set's first group's mode byte: after magic(4) version(2) reserved(2),
        // the fields, the set count and the set's field and spec length, the group count
        let at = 8;
        const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
        const fieldCount = view.getUint32(at, true);
        at += 4;
        for (let index = 0; index < fieldCount; index++) at += 4 + view.getUint32(at, true);
        at += 4 + 4 + 4 + 4;
        const broken = bytes.slice();
        broken[at] = 9;
        const error = loadError(variant, broken);
        expect(error.code).toBe('string-set-failed');
        expect(error.set).toBe(0);
        expect(error.message).toMatch(/string set 0/);
      });

      it('every truncation and random damage ends in an error or a working plan, never a trap', () => {
        const bytes = encodePlan(SMALL);
        for (let length = 0; length < bytes.length; length++)
          expect(loadError(variant, bytes.subarray(0, length))).toBeInstanceOf(PlanLoadError);
        fc.assert(
          fc.property(
            fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
            (damage) => {
              const damaged = bytes.slice();
              for (const [at, value] of damage) damaged[at] = value;
              try {
                const executor = loadPlan(moduleOf(variant), damaged);
                executor.scan(MATCH, { validate: true });
                executor.free();
              } catch (error) {
                expect(error).toBeInstanceOf(PlanLoadError);
              }
            },
          ),
          { numRuns: RUNS * 3 },
        );
        // the module still works
        const executor = loadPlan(moduleOf(variant), bytes);
        expect(executor.scan(MATCH).matches).toHaveLength(1);
        executor.free();
      });
    });
  }
});
