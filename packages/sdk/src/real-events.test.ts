import { fieldValues } from '@llm-egress/rules';
import { hasShared, loadRealEventFile, loadRealEvents, type RealEvent, SHARED_MISSING_MESSAGE } from '@llm-egress/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDetector, type Detector } from './index.js';

/** A deep copy of the event with `path` set (nested), replacing whatever was there. */
function withField(event: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(event);
  const segments = path.split('.');
  let node = copy;
  for (const segment of segments.slice(0, -1)) {
    const next = node[segment];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[segments[segments.length - 1]] = value;
  return copy;
}

/** What the rule's data sources normally supply, when the document lacks it. */
function withSourceFields(event: Record<string, unknown>): Record<string, unknown> {
  let result = event;
  if (fieldValues(result, ['event', 'category']).length === 0) result = withField(result, 'event.category', ['network']);
  if (fieldValues(result, ['host', 'os', 'type']).length === 0) result = withField(result, 'host.os.type', 'windows');
  return result;
}

const sentinelOne = 'elastic-integrations/sentinel_one_cloud_funnel/test-dns.log-expected.json';
const eclipse = 'elastic-endpoint-package/schemas-examples-v1/dns_request_windows.json';

/**
 * SEMANTICS.md's prediction for a real document once it has host.os.type and
 * event.category and resolves api.openai.com, by what its process fields say.
 */
function predicted(real: RealEvent): { verdict: boolean; why: string } {
  if (!real.ecs)
    return { verdict: false, why: 'raw Sysmon: no ECS process.* or dns.* fields, and a missing field makes every comparison false' };
  if (real.file === sentinelOne)
    return { verdict: true, why: 'unsigned (code_signature.exists false) binary under C:\\Users resolving an LLM API' };
  if (real.file.includes('schemas-examples-v1'))
    return { verdict: false, why: 'eclipse.exe under C:\\Users has no code_signature: the unsigned test is false (W4)' };
  return { verdict: false, why: 'a process under Program Files (excluded) or in System32 that no branch of the rule names' };
}

describe.skipIf(!hasShared)(`real documents under ../shared/real-events/ (${hasShared ? 'present' : SHARED_MISSING_MESSAGE})`, () => {
  const detectors: Record<string, Detector> = {};
  let events: RealEvent[];
  beforeAll(async () => {
    events = loadRealEvents();
    for (const rule of ['llm-endpoints', 'llm-endpoints@v2']) {
      detectors[`${rule}/object`] = await createDetector({ rules: [rule], executor: 'object' });
      detectors[`${rule}/reference`] = await createDetector({ rules: [rule], executor: 'reference' });
    }
  });

  it('every document of every shape evaluates without error, and none alerts as it is', async () => {
    expect(events.length).toBeGreaterThan(2000);
    expect(new Set(events.map((event) => event.shape))).toEqual(new Set(['object', 'array', 'wrapper', 'ndjson']));
    for (const real of events) {
      for (const [name, detector] of Object.entries(detectors)) {
        const alerts = await detector.evaluate(real.event, { file: real.file, line: real.line ?? real.index });
        expect(alerts, `${real.file}#${real.index} with ${name}`).toEqual([]);
      }
      // explain is slow on purpose (reference interpreter per clause): every file, not every line
      if (real.index <= 20) expect(detectors['llm-endpoints/object'].explain(real.event).rules[0].matched).toBe(false);
    }
  });

  it('the NDJSON file scans as it is: every line an event, none malformed', async () => {
    const { readFile } = await import('node:fs/promises');
    const { sharedPath } = await import('@llm-egress/testkit');
    const file = 'otrf-security-datasets/sysmon-eid22.ndjson';
    const result = await detectors['llm-endpoints/object'].scan(await readFile(sharedPath('real-events', file)), { file });
    expect(result.counters).toMatchObject({ events: loadRealEventFile(file).length, malformed: 0, alerts: 0 });
    expect(result.errors).toEqual([]);
  });

  it('with host.os.type and event.category added and only the domain changed, each verdict is the predicted one', async () => {
    const flipped = new Set<string>();
    for (const real of events) {
      const { verdict, why } = predicted(real);
      const positive = withField(withSourceFields(real.event), 'dns.question.name', 'api.openai.com');
      for (const [name, detector] of Object.entries(detectors)) {
        const alerts = await detector.evaluate(positive);
        expect(alerts.length, `${real.file}#${real.index} with ${name}: ${why}`).toBe(verdict ? 1 : 0);
        if (verdict) {
          flipped.add(real.file);
          expect(alerts[0].llm_egress.provider).toEqual({ name: 'OpenAI', kind: 'api' });
          expect(alerts[0].llm_egress.matched[0]).toMatchObject({
            field: 'dns.question.name',
            value: 'api.openai.com',
            pattern: 'api.openai.com',
          });
        }
      }
    }
    expect([...flipped]).toEqual([sentinelOne]);
  });

  it('the SentinelOne DNS event flips exactly where SEMANTICS.md says', async () => {
    const [first] = loadRealEventFile(sentinelOne);
    const base = withField(first.event, 'dns.question.name', 'api.openai.com');
    const detector = detectors['llm-endpoints/object'];
    const alerts = async (event: Record<string, unknown>) => (await detector.evaluate(event)).length;
    expect(await alerts(first.event)).toBe(0); // its own domain is no LLM endpoint
    expect(await alerts(base)).toBe(1);
    expect(await alerts(withField(base, 'dns.question.name', 'API.OpenAI.com'))).toBe(1); // `:` folds ASCII case
    expect(await alerts(withField(base, 'dns.question.name', 'api.openai.com.'))).toBe(0); // T13: no trailing-dot normalisation
    expect(await alerts(withField(base, 'dns.question.name', 'openai.azure.com'))).toBe(0); // T11
    expect(await alerts(withField(base, 'dns.question.name', 'MyRes.OpenAI.Azure.com'))).toBe(1); // T12
    expect(await alerts(withField(base, 'dns.question.name', ['example.com', 'api.mistral.ai']))).toBe(1); // W7: any element
    expect(await alerts(withField(base, 'event.category', 'Network'))).toBe(0); // T1: exact, case-sensitive
    expect(await alerts(withField(base, 'event.category', ['process', 'network']))).toBe(1); // T2
    expect(await alerts(withField(base, 'host.os.type', 'Windows'))).toBe(0); // T3: `in` is case-sensitive
    expect(await alerts(withField(base, 'host.os.type', 'linux'))).toBe(0);
    expect(await alerts(withField(base, 'process.code_signature.exists', true))).toBe(0); // signed now: no unsigned branch
  });

  it('the endpoint DNS example needs host.os.type and a code_signature to alert (two-valued logic, W3/W4)', async () => {
    const [real] = loadRealEventFile(eclipse);
    const detector = detectors['llm-endpoints/object'];
    const count = async (event: Record<string, unknown>) => (await detector.evaluate(event)).length;
    const domain = withField(real.event, 'dns.question.name', 'x.hf.space');
    expect(await count(domain)).toBe(0); // host.os.type missing: `host.os.type in (…)` is false
    const windows = withField(domain, 'host.os.type', 'windows');
    expect(await count(windows)).toBe(0); // no code_signature: `?…trusted == false or ?…exists == false` is false
    expect(await count(withField(windows, 'process.code_signature', { exists: false }))).toBe(1);
    expect(await count(withField(windows, 'process.code_signature', { trusted: 'false' }))).toBe(1); // T21: "false" is false
    expect(await count(withField(windows, 'process.code_signature', { trusted: '' }))).toBe(1); // "" is false too
    expect(await count(withField(windows, 'process.code_signature', { trusted: 'FALSE' }))).toBe(0);
  });
});
