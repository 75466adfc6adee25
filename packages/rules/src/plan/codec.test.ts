import { describe, expect, it } from 'vitest';
import { PlanBuilder } from './builder.js';
import { decodePlan, encodeGroupsSpec, encodePlan, PlanFormatError } from './codec.js';
import type { RuleMetadata } from './types.js';

const metadata: RuleMetadata = {
  source: 'test',
  ruleId: 'r1',
  name: 'test rule',
  description: '',
  severity: 'low',
  riskScore: 21,
  version: 1,
  threat: [],
  references: [],
  tags: [],
  index: [],
  query: 'any where true',
};

function samplePlan() {
  const builder = new PlanBuilder();
  const clause = builder.clause({ rule: 0, text: 'dns.question.name : "api.openai.com"', line: 1, column: 11 });
  const domain = builder.groupPredicate(
    'dns.question.name',
    { mode: 'wildcard', caseInsensitive: true, patterns: ['api.openai.com', '*.openai.azure.com'] },
    clause,
  );
  const exists = builder.existsPredicate('process.name', clause);
  const trusted = builder.comparePredicate('process.code_signature.trusted', '==', false, clause);
  const pid = builder.comparePredicate('process.pid', '>=', 4.5, clause);
  const name = builder.comparePredicate('process.name', '<', 'é', clause);
  const cidr = builder.cidrPredicate(
    'source.ip',
    [
      { family: 4, prefixLength: 8, address: [10, 0, 0, 0] },
      { family: 6, prefixLength: 7, address: [0xfc, ...new Array(15).fill(0)] },
    ],
    clause,
  );
  builder.patternProvider(0, 0, 0, { name: 'OpenAI', kind: 'api' });
  const rule = builder.rule(
    metadata,
    [
      { op: 'predicate', index: domain },
      { op: 'predicate', index: exists },
      { op: 'and' },
      { op: 'predicate', index: trusted },
      { op: 'predicate', index: pid },
      { op: 'or' },
      { op: 'predicate', index: name },
      { op: 'not' },
      { op: 'or' },
      { op: 'predicate', index: cidr },
      { op: 'const', value: true },
      { op: 'and' },
      { op: 'or' },
      { op: 'and' },
    ],
    ['.openai.azure.com', 'api.openai.com'],
  );
  builder.exception(rule, { id: 'allow.yaml#1', file: 'allow.yaml', line: 3, comment: 'ok' }, [{ op: 'predicate', index: exists }]);
  return builder.build();
}

describe('plan codec', () => {
  it('round-trips every kind of predicate, program and metadata', () => {
    const plan = samplePlan();
    expect(decodePlan(encodePlan(plan))).toEqual(plan);
    expect(plan.prefilter).toEqual(['.openai.azure.com', 'api.openai.com']);
  });

  it('shares identical predicates and groups', () => {
    const builder = new PlanBuilder();
    const group = { mode: 'exact' as const, caseInsensitive: false, patterns: ['windows'] };
    expect(builder.groupPredicate('host.os.type', group, 0)).toBe(builder.groupPredicate('host.os.type', group, 1));
    expect(builder.build().stringSets[0].groups).toHaveLength(1);
  });

  it('encodes the matcher string-set spec byte for byte', () => {
    const spec = encodeGroupsSpec([{ mode: 'wildcard', caseInsensitive: true, patterns: ['a*'] }]);
    expect([...spec]).toEqual([1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0x61, 0x2a]);
  });

  it('rejects damaged plans with the offset of the damage', () => {
    const bytes = encodePlan(samplePlan());
    expect(() => decodePlan(bytes.subarray(0, 3))).toThrow(PlanFormatError);
    expect(() => decodePlan(bytes.subarray(0, bytes.length - 1))).toThrow(/truncated|metadata/);
    const wrongVersion = bytes.slice();
    wrongVersion[4] = 9;
    expect(() => decodePlan(wrongVersion)).toThrow(/unsupported plan version 9/);
    const trailing = new Uint8Array(bytes.length + 1);
    trailing.set(bytes);
    expect(() => decodePlan(trailing)).toThrow(/trailing bytes/);
  });

  it('never crashes on random bytes: a PlanFormatError or a plan', () => {
    const bytes = encodePlan(samplePlan());
    for (let i = 0; i < 2000; i++) {
      const damaged = bytes.slice();
      damaged[(i * 7919) % damaged.length] ^= 1 + (i % 255);
      try {
        decodePlan(damaged);
      } catch (error) {
        expect(error).toBeInstanceOf(PlanFormatError);
      }
    }
  });
});
