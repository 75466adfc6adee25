import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalJson, createDetector, type Detector } from '../index.js';
import { jsonCopy } from './json-copy.js';

/** The source event of the issue's example alert. */
const issueEvent = () => ({
  '@timestamp': '2026-11-30T09:14:03.512Z',
  host: { name: 'WS-0142', os: { type: 'windows' } },
  process: { name: 'powershell.exe', executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', pid: 4312 },
  user: { name: 'bob' },
  dns: { question: { name: 'api.openai.com' } },
  event: { category: ['network'], action: 'lookup_requested', id: '0b7c' },
});

let detector: Detector;
beforeAll(async () => {
  detector = await createDetector();
});

describe('Elastic-shaped alerts', () => {
  it('have the issue example’s fields, names and key order', async () => {
    const [alert] = await detector.evaluate(issueEvent(), { file: 'logs/day1.ndjson.gz', line: 18233, offset: 19088231 });
    expect(Object.keys(alert)).toEqual(['@timestamp', 'host', 'process', 'user', 'dns', 'event', 'kibana', 'llm_egress']);
    expect(alert).toMatchObject({
      '@timestamp': '2026-11-30T09:14:03.512Z',
      host: { name: 'WS-0142', os: { type: 'windows' } },
      process: { name: 'powershell.exe', pid: 4312 },
      user: { name: 'bob' },
      dns: { question: { name: 'api.openai.com' } },
      event: { kind: 'signal' },
    });
    expect(Object.keys(alert.kibana.alert)).toEqual([
      'uuid',
      'original_time',
      'original_event',
      'rule',
      'severity',
      'risk_score',
      'workflow_status',
      'reason',
    ]);
    expect(alert.kibana.alert).toMatchObject({
      original_time: '2026-11-30T09:14:03.512Z',
      original_event: { category: ['network'], action: 'lookup_requested', id: '0b7c' },
      rule: {
        rule_id: '4ae94fc1-f08f-419f-b692-053d28219380',
        name: 'Connection to Common Large Language Model Endpoints',
        severity: 'medium',
        risk_score: 47,
        version: 6,
      },
      severity: 'medium',
      risk_score: 47,
      workflow_status: 'open',
      reason:
        'network event with process powershell.exe, by bob on WS-0142, resolved api.openai.com: medium alert Connection to Common Large Language Model Endpoints.',
    });
    expect(alert.kibana.alert.rule.threat).toEqual(
      expect.arrayContaining([expect.objectContaining({ tactic: expect.objectContaining({ id: 'TA0011' }) })]),
    );
    expect(alert.llm_egress.source).toEqual({ file: 'logs/day1.ndjson.gz', line: 18233, offset: 19088231 });
    expect(alert.llm_egress.provider).toEqual({ name: 'OpenAI', kind: 'api' });
    const byField = Object.fromEntries(alert.llm_egress.matched.map((clause) => [clause.field, clause]));
    expect(byField['dns.question.name']).toEqual({
      field: 'dns.question.name',
      value: 'api.openai.com',
      pattern: 'api.openai.com',
      clause: 'dns.question.name : (…)',
    });
    expect(byField['process.name']).toEqual({
      field: 'process.name',
      value: 'powershell.exe',
      pattern: 'powershell.exe',
      clause: 'process.name : (…)',
    });
    expect(alert.llm_egress.matched[0].field).toBe('dns.question.name');
    // the negated tests (`not process.executable : …`) did not fire, so they are not "matched"
    expect(alert.llm_egress.matched.some((clause) => clause.field === 'process.executable')).toBe(false);
  });

  it('record the pattern and value that matched, wildcards and arrays included', async () => {
    const event = { ...issueEvent(), dns: { question: { name: ['example.com', 'MyRes.OpenAI.Azure.com'] } } };
    const [alert] = await detector.evaluate(event);
    expect(alert.llm_egress.matched[0]).toMatchObject({ value: 'MyRes.OpenAI.Azure.com', pattern: '*.openai.azure.com' });
    expect(alert.llm_egress.provider).toEqual({ name: 'Azure OpenAI', kind: 'api' });
    expect(alert.kibana.alert.reason).toContain('resolved MyRes.OpenAI.Azure.com:');
    const unsigned = {
      ...issueEvent(),
      process: { name: 'evil.exe', executable: 'C:\\Users\\bob\\evil.exe', code_signature: { trusted: 'false' } },
    };
    const [second] = await detector.evaluate(unsigned);
    expect(second.llm_egress.matched.map((clause) => [clause.field, clause.value, clause.pattern])).toEqual([
      ['dns.question.name', 'api.openai.com', 'api.openai.com'],
      ['host.os.type', 'windows', 'windows'],
      ['process.executable', 'C:\\Users\\bob\\evil.exe', '?:\\Users\\*.exe'],
      ['process.code_signature.trusted', 'false', 'false'],
    ]);
  });

  it('are deterministic: the same event gives the same bytes; without raw bytes the uuid ignores key order', async () => {
    const one = JSON.stringify(await detector.evaluate(issueEvent()));
    const two = JSON.stringify(await detector.evaluate(issueEvent()));
    expect(one).toBe(two);
    const reordered = Object.fromEntries(Object.entries(issueEvent()).reverse());
    const [alert] = await detector.evaluate(reordered);
    expect(alert.kibana.alert.uuid).toBe(JSON.parse(one)[0].kibana.alert.uuid);
    const [withRaw] = await detector.evaluate(issueEvent(), { raw: new TextEncoder().encode(JSON.stringify(issueEvent())) });
    expect(withRaw.kibana.alert.uuid).not.toBe(alert.kibana.alert.uuid);
  });

  it('move dotted event.* keys under original_event and replace kibana / llm_egress fields of the source', async () => {
    const event = {
      'event.category': 'network',
      'event.action': 'lookup',
      'host.os.type': 'windows',
      'dns.question.name': 'api.openai.com',
      'process.name': 'mshta.exe',
      'kibana.alert.uuid': 'forged',
      llm_egress: { forged: true },
    };
    const [alert] = await detector.evaluate(event);
    expect(alert.kibana.alert.original_event).toEqual({ category: 'network', action: 'lookup' });
    expect(alert).not.toHaveProperty(['kibana.alert.uuid']);
    expect(alert.llm_egress).not.toHaveProperty('forged');
    expect(alert['process.name']).toBe('mshta.exe');
    expect(alert).not.toHaveProperty('@timestamp');
    expect(alert.kibana.alert).not.toHaveProperty('original_time');
    expect(alert.kibana.alert.reason).toBe(
      'network event with process mshta.exe, resolved api.openai.com: medium alert Connection to Common Large Language Model Endpoints.',
    );
  });

  it('keep a field named __proto__ as a field, never as a prototype', async () => {
    const event = JSON.parse(`{"__proto__":{"polluted":true},"event.__proto__":{"x":1},${JSON.stringify(issueEvent()).slice(1)}`) as Record<
      string,
      unknown
    >;
    const [alert] = await detector.evaluate(event);
    expect(Object.getPrototypeOf(alert)).toBe(Object.prototype);
    expect((alert as Record<string, unknown>).polluted).toBeUndefined();
    // biome-ignore lint/suspicious/noProto: the event carried a "__proto__" key, which must survive as plain data
    expect(JSON.parse(JSON.stringify(alert)).__proto__).toEqual({ polluted: true });
    expect(Object.getPrototypeOf(alert.kibana.alert.original_event)).toBe(Object.prototype);
    const withBigint = { ...event, n: 1n };
    const [copied] = await detector.evaluate(withBigint);
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect(Object.hasOwn(copied, '__proto__')).toBe(true);
  });

  it('own their fields and stay serialisable whatever the caller passed (bigints, functions, Dates)', async () => {
    const event: Record<string, unknown> = {
      ...issueEvent(),
      process: { ...issueEvent().process, pid: 4312n, start: new Date(0), callback: () => 1 },
    };
    const [alert] = await detector.evaluate(event);
    expect(JSON.parse(JSON.stringify(alert)).process).toEqual({
      name: 'powershell.exe',
      executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      pid: '4312',
      start: '1970-01-01T00:00:00.000Z',
    });
    (alert.host as { name: string }).name = 'changed';
    expect((event.host as { name: string }).name).toBe('WS-0142');
  });
});

describe('JSON helpers', () => {
  it('canonicalJson sorts keys, drops what JSON drops, writes bigints as strings', () => {
    expect(canonicalJson({ b: 1, a: [3, undefined, () => 1], c: { z: null, y: undefined }, d: 2n, e: Number.NaN })).toBe(
      '{"a":[3,null,null],"b":1,"c":{"z":null},"d":"2","e":null}',
    );
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => canonicalJson(circular)).toThrow(/circular/);
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it('jsonCopy keeps key order and equals JSON round-tripping', () => {
    const value = { z: 1, a: [1, undefined, { toJSON: () => 'j' }], m: { n: undefined, o: 'p' }, d: new Date(0) };
    expect(jsonCopy(value)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(Object.keys(jsonCopy(value) as object)).toEqual(['z', 'a', 'm', 'd']);
    const special = JSON.parse('{"__proto__":{"x":1}}') as Record<string, unknown>;
    special.big = 1n; // forces the iterative copy
    const copied = jsonCopy(special) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copied)).toBe(Object.prototype);
    expect(Object.hasOwn(copied, '__proto__')).toBe(true);
    expect(copied.big).toBe('1');
    let deep: unknown = 'bottom';
    for (let index = 0; index < 50_000; index++) deep = { next: deep };
    expect(() => jsonCopy(deep)).not.toThrow();
  });
});
