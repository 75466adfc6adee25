import { fc } from '@fast-check/vitest';
import { ruleEventFacts, shapeEvent } from '@llm-egress/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDetector, createDetectorSync, type Detector, type Plan } from './index.js';

/** SEMANTICS.md whole-rule cases W1–W7 (events also carry host.os.type windows and event.category network). */
const base = { event: { category: ['network'] }, host: { os: { type: 'windows' } } };
const whole = [
  {
    id: 'W1',
    dns: 'chatgpt.com',
    process: { name: 'rundll32.exe', executable: 'C:\\Windows\\System32\\rundll32.exe' },
    v2: true,
    current: true,
  },
  {
    id: 'W2',
    dns: 'api.openai.com',
    process: { name: 'pwsh.exe', executable: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe' },
    v2: false,
    current: false,
  },
  {
    id: 'W3',
    dns: 'x.hf.space',
    process: { name: 'evil.exe', executable: 'C:\\Users\\bob\\Downloads\\evil.exe', code_signature: { exists: false } },
    v2: true,
    current: true,
  },
  {
    id: 'W4',
    dns: 'x.hf.space',
    process: { name: 'evil.exe', executable: 'C:\\Users\\bob\\Downloads\\evil.exe' },
    v2: false,
    current: false,
  },
  {
    id: 'W5',
    dns: 'api.anthropic.com',
    process: {
      name: 'node.exe',
      executable: 'C:\\Users\\bob\\AppData\\Roaming\\nvm\\node.exe',
      code_signature: { trusted: true, subject_name: 'OpenJS Foundation' },
    },
    v2: true,
    current: false,
  },
  {
    id: 'W6',
    dns: 'bedrock-runtime.us-east-1.amazonaws.com',
    process: { name: 'python.exe', executable: 'C:\\Python311\\python.exe' },
    v2: false,
    current: true,
  },
  {
    id: 'W7',
    dns: ['example.com', 'api.mistral.ai'],
    process: { name: 'wscript.exe', executable: 'C:\\Windows\\System32\\wscript.exe' },
    v2: true,
    current: true,
  },
].map((row) => ({ ...row, event: { ...base, dns: { question: { name: row.dns } }, process: row.process } }));

const executors = ['wasm', 'object', 'reference'] as const;
const encoder = new TextEncoder();

describe.each([
  { rule: 'llm-endpoints@v2', column: 'v2' as const },
  { rule: 'llm-endpoints', column: 'current' as const },
])('whole-rule cases W1–W7 ($rule)', ({ rule, column }) => {
  const detectors = new Map<string, Detector>();
  beforeAll(async () => {
    for (const executor of executors) detectors.set(executor, await createDetector({ rules: [rule], executor }));
  });

  it.each(whole)('$id through evaluate, with every executor', async (row) => {
    for (const executor of executors) {
      const alerts = await (detectors.get(executor) as Detector).evaluate(row.event);
      expect(alerts.length, `${row.id} with ${executor}`).toBe(row[column] ? 1 : 0);
    }
  });

  it('W1–W7 through scan, as NDJSON lines, with every executor: the same alerts, byte for byte', async () => {
    const bytes = encoder.encode(`${whole.map((row) => JSON.stringify(row.event)).join('\n')}\n`);
    const expectedLines = whole.flatMap((row, index) => (row[column] ? [index + 1] : []));
    const serialised: string[] = [];
    for (const executor of executors) {
      const result = await (detectors.get(executor) as Detector).scan(bytes, { file: 'w.ndjson' });
      expect(result.errors).toEqual([]);
      expect(result.counters).toMatchObject({ lines: 7, events: 7, malformed: 0, alerts: expectedLines.length });
      expect(result.alerts.map((alert) => alert.llm_egress.source.line)).toEqual(expectedLines);
      serialised.push(JSON.stringify(result.alerts));
    }
    expect(new Set(serialised).size).toBe(1);
  });
});

/** Words the bundled rule's string sets hold, so that generated events hit its branches. */
function vocabulary(plan: Plan) {
  const patternsOf = (field: string) =>
    plan.stringSets.filter((set) => plan.fields[set.field] === field).flatMap((set) => set.groups.flatMap((group) => group.patterns));
  return {
    domains: patternsOf('dns.question.name'),
    processNames: patternsOf('process.name'),
    executables: patternsOf('process.executable'),
    signers: patternsOf('process.code_signature.subject_name'),
  };
}

/** Odd JS values callers may pass: they must neither crash an executor nor make executors disagree. */
const oddValue = fc.constantFrom<unknown>(
  undefined,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -0,
  1e21,
  1n,
  new Date(0),
  () => 'f',
  [[['api.openai.com']]],
  [{}],
  { name: 'x' },
  'x\uDC00',
  'true',
  0,
  '',
);
const oddPath = fc.constantFrom(
  'process.name',
  'process',
  'dns.question.name',
  'dns',
  'process.code_signature.trusted',
  'process.code_signature',
  'host.os.type',
  'event.category',
  'event',
);

describe.each(['llm-endpoints', 'llm-endpoints@v2'])('executors agree on the bundled rule %s', (rule) => {
  let object: Detector;
  let reference: Detector;
  let events: fc.Arbitrary<Record<string, unknown>>;
  beforeAll(async () => {
    object = await createDetector({ rules: [rule], executor: 'object' });
    reference = await createDetector({ rules: [rule], executor: 'reference' });
    // Rule-shaped events, half of them with the category and OS the rule needs and some
    // with a listed domain, so that the rule's other branches decide often enough.
    const words = vocabulary(object.plan);
    const literalDomains = words.domains.filter((domain) => !/[*?]/.test(domain));
    events = fc
      .tuple(
        ruleEventFacts(words),
        fc.boolean(),
        fc.constantFrom('windows', 'windows', 'macos'),
        fc.option(fc.constantFrom(...literalDomains), { freq: 3 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 8 }),
      )
      .map(([facts, likely, os, domain, splits]) => {
        const biased: Record<string, unknown> = likely ? { ...facts, 'event.category': ['network'], 'host.os.type': os } : { ...facts };
        if (likely && domain !== null) biased['dns.question.name'] = domain;
        return shapeEvent(biased, splits);
      });
  });

  it('on generated events of random shapes and odd types', async () => {
    let alerts = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constant(null).chain(() => events),
        fc.array(fc.tuple(oddPath, oddValue), { maxLength: 3 }),
        async (generated, odd) => {
          const event: Record<string, unknown> = { ...generated };
          for (const [path, value] of odd) event[path] = value;
          const [fromObject, fromReference] = [await object.evaluate(event), await reference.evaluate(event)];
          alerts += fromObject.length;
          expect(fromObject.length).toBe(fromReference.length);
          expect(JSON.stringify(fromObject)).toBe(JSON.stringify(fromReference));
        },
      ),
      { numRuns: 2500 },
    );
    // The property is only worth something if alerts happen.
    expect(alerts).toBeGreaterThan(40);
  });
});

describe('createDetectorSync and close', () => {
  it('share one WASM module between many detectors; close gives their memory back', async () => {
    const { loadMatcherModuleSync } = await import('@llm-egress/matcher');
    const module = loadMatcherModuleSync('node');
    const event = whole[0].event;
    const cycle = async () => {
      const detector = createDetectorSync({ module });
      expect(await detector.evaluate(event)).toHaveLength(1);
      expect((await detector.scan(encoder.encode(JSON.stringify(event)))).alerts).toHaveLength(1);
      detector.close();
    };
    for (let index = 0; index < 3; index++) await cycle();
    const settled = module.memory.buffer.byteLength;
    for (let index = 0; index < 15; index++) await cycle();
    expect(module.memory.buffer.byteLength).toBe(settled);
  });
});
