import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type AllowlistDocument, AllowlistError, type AllowlistItem, createDetector } from '../index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url));

/** An event the current bundled rule alerts on: python in a user folder, unsigned, resolving api.openai.com. */
const alerting = () => ({
  '@timestamp': '2026-11-30T09:14:03.512Z',
  event: { category: ['network'] },
  host: { name: 'WS-1', os: { type: 'windows', name: 'Windows 11' } },
  user: { name: 'bob' },
  dns: { question: { name: 'api.openai.com' } },
  process: {
    name: 'python.exe',
    executable: 'C:\\Users\\bob\\tools\\python.exe',
    code_signature: { exists: false },
    hash: { sha256: 'ab12' },
  },
});

/** Alerts left by one allowlist item (in a document) on an event. */
async function alertsWith(
  item: AllowlistItem,
  event: object = alerting(),
  extra: { valueLists?: Record<string, string[]>; now?: Date } = {},
) {
  const detector = await createDetector({ allowlists: [{ name: 'test', items: [item] }], ...extra });
  return detector.evaluate(event);
}

async function suppresses(item: AllowlistItem, event: object = alerting(), extra = {}) {
  return (await alertsWith(item, event, extra)).length === 0;
}

describe('entry types and operators', () => {
  it('the event alerts without an allowlist', async () => {
    const detector = await createDetector();
    expect(await detector.evaluate(alerting())).toHaveLength(1);
  });

  it('match: exact and case-sensitive unless case_insensitive; excluded is its negation, true when absent', async () => {
    expect(await suppresses({ entries: [{ field: 'host.name', type: 'match', value: 'WS-1' }] })).toBe(true);
    expect(await suppresses({ entries: [{ field: 'host.name', type: 'match', value: 'ws-1' }] })).toBe(false);
    expect(await suppresses({ entries: [{ field: 'host.name', type: 'match', value: 'ws-1', case_insensitive: true }] })).toBe(true);
    expect(await suppresses({ entries: [{ field: 'host.name', type: 'match', value: 'WS-*' }] })).toBe(false);
    expect(await suppresses({ entries: [{ field: 'host.name', operator: 'excluded', type: 'match', value: 'WS-1' }] })).toBe(false);
    expect(await suppresses({ entries: [{ field: 'host.name', operator: 'excluded', type: 'match', value: 'WS-2' }] })).toBe(true);
    expect(await suppresses({ entries: [{ field: 'host.id', operator: 'excluded', type: 'match', value: 'x' }] })).toBe(true);
  });

  it('match: "true"/"false" match booleans, numbers match numbers and their text', async () => {
    expect(await suppresses({ entries: [{ field: 'process.code_signature.exists', type: 'match', value: 'false' }] })).toBe(true);
    expect(await suppresses({ entries: [{ field: 'process.code_signature.exists', type: 'match', value: false }] })).toBe(true);
    expect(await suppresses({ entries: [{ field: 'process.code_signature.exists', type: 'match', value: 'true' }] })).toBe(false);
    const withPid = { ...alerting(), process: { ...alerting().process, pid: 4312 } };
    expect(await suppresses({ entries: [{ field: 'process.pid', type: 'match', value: '4312' }] }, withPid)).toBe(true);
    expect(await suppresses({ entries: [{ field: 'process.pid', type: 'match', value: 4312 }] }, withPid)).toBe(true);
    expect(await suppresses({ entries: [{ field: 'process.pid', type: 'match', value: '4313' }] }, withPid)).toBe(false);
  });

  it('match_any: any of the values, and excluded: none of them', async () => {
    expect(await suppresses({ entries: [{ field: 'user.name', type: 'match_any', value: ['alice', 'bob'] }] })).toBe(true);
    expect(await suppresses({ entries: [{ field: 'user.name', type: 'match_any', value: ['alice', 'carol'] }] })).toBe(false);
    expect(
      await suppresses({ entries: [{ field: 'user.name', operator: 'excluded', type: 'match_any', value: ['alice', 'carol'] }] }),
    ).toBe(true);
    expect(await suppresses({ entries: [{ field: 'user.name', operator: 'excluded', type: 'match_any', value: ['alice', 'bob'] }] })).toBe(
      false,
    );
  });

  it('wildcard: Elasticsearch semantics, `\\` escapes and case-sensitive', async () => {
    expect(
      await suppresses({ entries: [{ field: 'process.executable', type: 'wildcard', value: 'C:\\\\Users\\\\*\\\\python.exe' }] }),
    ).toBe(true);
    expect(
      await suppresses({ entries: [{ field: 'process.executable', type: 'wildcard', value: 'c:\\\\users\\\\*\\\\python.exe' }] }),
    ).toBe(false);
    expect(
      await suppresses({
        entries: [{ field: 'process.executable', type: 'wildcard', value: 'c:\\\\users\\\\*\\\\python.exe', case_insensitive: true }],
      }),
    ).toBe(true);
    expect(await suppresses({ entries: [{ field: 'dns.question.name', type: 'wildcard', value: 'api.?penai.com' }] })).toBe(true);
    expect(await suppresses({ entries: [{ field: 'dns.question.name', type: 'wildcard', value: 'api.\\?penai.com' }] })).toBe(false);
    expect(
      await suppresses({ entries: [{ field: 'dns.question.name', operator: 'excluded', type: 'wildcard', value: '*.anthropic.com' }] }),
    ).toBe(true);
  });

  it('exists: any value (an empty string counts); excluded: none', async () => {
    expect(await suppresses({ entries: [{ field: 'process.hash.sha256', type: 'exists' }] })).toBe(true);
    expect(await suppresses({ entries: [{ field: 'process.hash.md5', type: 'exists' }] })).toBe(false);
    expect(await suppresses({ entries: [{ field: 'process.hash.md5', operator: 'excluded', type: 'exists' }] })).toBe(true);
    const empty = { ...alerting(), process: { ...alerting().process, hash: { sha256: '' } } };
    expect(await suppresses({ entries: [{ field: 'process.hash.sha256', type: 'exists' }] }, empty)).toBe(true);
  });

  it('nested: entries relative to the parent field, all of them required', async () => {
    const signed = { ...alerting(), process: { ...alerting().process, code_signature: { exists: false, subject_name: 'Example Corp' } } };
    const item = (subject: string): AllowlistItem => ({
      entries: [
        {
          field: 'process.code_signature',
          type: 'nested',
          entries: [
            { field: 'subject_name', type: 'match', value: subject },
            { field: 'exists', type: 'match', value: 'false' },
          ],
        },
      ],
    });
    expect(await suppresses(item('Example Corp'), signed)).toBe(true);
    expect(await suppresses(item('Other Corp'), signed)).toBe(false);
    const excludedChild: AllowlistItem = {
      entries: [
        {
          field: 'process.code_signature',
          type: 'nested',
          entries: [{ field: 'subject_name', operator: 'excluded', type: 'match', value: 'Example Corp' }],
        },
      ],
    };
    expect(await suppresses(excludedChild, signed)).toBe(false);
    expect(await suppresses(excludedChild, alerting())).toBe(true);
  });

  it('list: values come from valueLists; without them the entry is a located error', async () => {
    const item: AllowlistItem = { entries: [{ field: 'host.name', type: 'list', list: { id: 'hosts', type: 'keyword' } }] };
    expect(await suppresses(item, alerting(), { valueLists: { hosts: ['WS-1', 'WS-9'] } })).toBe(true);
    expect(await suppresses(item, alerting(), { valueLists: { hosts: ['WS-9'] } })).toBe(false);
    await expect(alertsWith(item)).rejects.toMatchObject({ name: 'AllowlistError', code: 'ALLOWLIST_VALUE_LIST_MISSING' });
    const inherited: AllowlistItem = { entries: [{ field: 'host.name', type: 'list', list: { id: 'constructor' } }] };
    await expect(alertsWith(inherited, alerting(), { valueLists: {} })).rejects.toMatchObject({ code: 'ALLOWLIST_VALUE_LIST_MISSING' });
    const excluded: AllowlistItem = {
      entries: [{ field: 'host.name', operator: 'excluded', type: 'list', list: { id: 'hosts', type: 'keyword' } }],
    };
    expect(await suppresses(excluded, alerting(), { valueLists: { hosts: ['WS-9'] } })).toBe(true);
    expect(await suppresses(excluded, alerting(), { valueLists: { hosts: ['WS-1'] } })).toBe(false);
    const ips = { ...alerting(), source: { ip: '10.1.2.3' } };
    const ipItem: AllowlistItem = { entries: [{ field: 'source.ip', type: 'list', list: { id: 'nets', type: 'ip' } }] };
    expect(await suppresses(ipItem, ips, { valueLists: { nets: ['10.0.0.0/8'] } })).toBe(true);
    expect(await suppresses(ipItem, ips, { valueLists: { nets: ['192.168.0.0/16', '10.1.2.4'] } })).toBe(false);
  });

  it('entries of one item are ANDed, items are ORed', async () => {
    const detector = await createDetector({
      allowlists: [
        {
          items: [
            {
              id: 'both',
              entries: [
                { field: 'host.name', type: 'match', value: 'WS-1' },
                { field: 'user.name', type: 'match', value: 'alice' },
              ],
            },
            { id: 'either', entries: [{ field: 'user.name', type: 'match', value: 'carol' }] },
          ],
        },
      ],
    });
    expect(await detector.evaluate(alerting())).toHaveLength(1);
    expect(await detector.evaluate({ ...alerting(), user: { name: 'alice' } })).toHaveLength(0);
    expect(await detector.evaluate({ ...alerting(), user: { name: 'carol' }, host: { ...alerting().host, name: 'WS-7' } })).toHaveLength(0);
  });
});

describe('item conditions: os_types, expire_time, rule_ids', () => {
  const byHost: AllowlistItem['entries'] = [{ field: 'host.name', type: 'match', value: 'WS-1' }];

  it('os_types: host.os.type, or host.os.name lower-cased', async () => {
    expect(await suppresses({ os_types: ['windows'], entries: byHost })).toBe(true);
    expect(await suppresses({ os_types: ['macos', 'linux'], entries: byHost })).toBe(false);
    // A rule that does not look at the OS, an event that only names it.
    const detector = await createDetector({
      rules: [fixture('openai-only.eql')],
      allowlists: [{ items: [{ os_types: ['windows'], entries: byHost }] }],
    });
    const event = {
      event: { category: 'network' },
      host: { name: 'WS-1', os: { name: 'Windows' } },
      dns: { question: { name: 'x.openai.com' } },
    };
    expect(await detector.evaluate(event)).toHaveLength(0);
    expect(await detector.evaluate({ ...event, host: { name: 'WS-1', os: { name: 'Windows 11' } } })).toHaveLength(1);
  });

  it('expire_time: an item past it no longer applies, and is reported as expired', async () => {
    const item: AllowlistItem = { id: 'temporary', expire_time: '2026-12-01T00:00:00Z', entries: byHost };
    expect(await suppresses(item, alerting(), { now: new Date('2026-11-30T00:00:00Z') })).toBe(true);
    expect(await suppresses(item, alerting(), { now: new Date('2026-12-01T00:00:00Z') })).toBe(false);
    const detector = await createDetector({ allowlists: [{ items: [item] }], now: new Date('2027-01-01T00:00:00Z') });
    expect(detector.allowlists.expired.map((expired) => expired.id)).toEqual(['temporary']);
    expect(detector.allowlists.active).toEqual([]);
  });

  it('rule_ids: by bundled id or rule_id; the others are untouched', async () => {
    const detector = await createDetector({
      rules: ['llm-endpoints', fixture('openai-only.eql')],
      allowlists: [
        {
          items: [
            {
              id: 'only-test-rule',
              rule_ids: ['test-openai-only'],
              entries: [{ field: 'dns.question.name', type: 'match', value: 'api.openai.com' }],
            },
          ],
        },
      ],
    });
    const alerts = await detector.evaluate(alerting());
    expect(alerts.map((alert) => alert.llm_egress.rule.id)).toEqual(['llm-endpoints']);
  });
});

describe('allowlist files', () => {
  it('our YAML format, with counts per item id in scan', async () => {
    const detector = await createDetector({ allowlists: [fixture('corp-allowlist.yaml')], now: new Date('2026-11-30T00:00:00Z') });
    expect(detector.allowlists.active.map((item) => [item.id, item.line])).toEqual([
      ['build-agents', 5],
      ['research-until-2027', 15],
    ]);
    const agent = {
      ...alerting(),
      host: { name: 'BUILD-02', os: { type: 'windows' } },
      process: { ...alerting().process, executable: 'C:\\BuildAgent\\work\\7\\python.exe' },
    };
    const bot = { ...alerting(), user: { name: 'research-bot' } };
    const lines = [alerting(), agent, bot, agent].map((event) => JSON.stringify(event)).join('\n');
    const result = await detector.scan(new TextEncoder().encode(lines), { file: 'day.ndjson' });
    expect(result.alerts.map((alert) => alert.llm_egress.source.line)).toEqual([1]);
    expect(result.counters.suppressed).toEqual({ 'build-agents': 2, 'research-until-2027': 1 });
    // ids are the user's: even `__proto__` is counted as a key
    const odd = await createDetector({ allowlists: [{ items: [{ id: '__proto__', entries: [{ field: 'host.name', type: 'exists' }] }] }] });
    for (const executor of [
      odd,
      await createDetector({
        executor: 'object',
        allowlists: [{ items: [{ id: '__proto__', entries: [{ field: 'host.name', type: 'exists' }] }] }],
      }),
    ]) {
      const counted = await executor.scan(new TextEncoder().encode(JSON.stringify(alerting())));
      expect(Object.hasOwn(counted.counters.suppressed, '__proto__')).toBe(true);
      expect(JSON.parse(JSON.stringify(counted.counters.suppressed))).toEqual(JSON.parse('{"__proto__":1}'));
    }
    expect(detector.explain(agent).rules[0]).toMatchObject({ matched: false, suppressedBy: 'build-agents' });
    expect(detector.explain(agent).rules[0].summary).toContain('CI agents call the OpenAI API');
  });

  it('an Elastic exception-list export (wildcard escapes, nested, list, excluded, os_types)', async () => {
    const detector = await createDetector({
      allowlists: [fixture('elastic-exceptions.ndjson')],
      valueLists: { 'jump-hosts.txt': ['JUMP-01'] },
    });
    expect(detector.allowlists.active.map((item) => [item.id, item.line, item.list])).toEqual([
      ['corp-gateway', 2, 'llm-endpoint-exceptions'],
      ['jump-hosts', 3, 'llm-endpoint-exceptions'],
      ['not-finance', 4, 'llm-endpoint-exceptions'],
    ]);
    const finance = { name: 'FIN-01', os: { type: 'windows' } };
    const gateway = {
      ...alerting(),
      host: finance,
      process: {
        name: 'gateway.exe',
        executable: 'C:\\Users\\bob\\AppData\\Local\\CorpGateway\\gateway.exe',
        code_signature: { exists: true, trusted: false, subject_name: 'Example Corp' },
      },
    };
    // Untrusted: the nested entry needs trusted == true, so the alert stays.
    expect(await detector.evaluate(gateway)).toHaveLength(1);
    // exists false and trusted true: the rule still alerts (unsigned in a user folder), and the nested entry holds.
    const unsigned = {
      ...gateway,
      process: { ...gateway.process, code_signature: { exists: false, trusted: true, subject_name: 'Example Corp' } },
    };
    expect(await detector.evaluate(unsigned)).toHaveLength(0);
    expect(detector.explain(unsigned).rules[0].suppressedBy).toBe('corp-gateway');
    // A value list entry.
    expect(detector.explain({ ...alerting(), host: { name: 'JUMP-01', os: { type: 'windows' } } }).rules[0].suppressedBy).toBe(
      'jump-hosts',
    );
    // excluded match_any + exists + an escaped ordinary character in a wildcard (`co\m` is `com`).
    expect(detector.explain(alerting()).rules[0].suppressedBy).toBe('not-finance');
    expect(await detector.evaluate({ ...alerting(), host: finance })).toHaveLength(1);
  });

  it('the Elastic import needs value lists for list entries', async () => {
    await expect(createDetector({ allowlists: [fixture('elastic-exceptions.ndjson')] })).rejects.toMatchObject({
      code: 'ALLOWLIST_VALUE_LIST_MISSING',
      file: fixture('elastic-exceptions.ndjson'),
      line: 3,
    });
  });
});

describe('errors are coded and carry file:line', () => {
  const directory = mkdtempSync(join(tmpdir(), 'llm-egress-allowlists-'));
  const file = (name: string, text: string) => {
    const path = join(directory, name);
    writeFileSync(path, text);
    return path;
  };
  const cases: Array<[string, string, string, number]> = [
    ['syntax.yaml', 'items:\n  - entries: [\n', 'ALLOWLIST_SYNTAX', 3],
    [
      'unknown-key.yaml',
      'items:\n  - entries:\n      - field: host.name\n        type: match\n        valeu: x\n',
      'ALLOWLIST_UNKNOWN_KEY',
      5,
    ],
    [
      'operator.yaml',
      'items:\n  - entries:\n      - field: host.name\n        operator: includes\n        type: match\n        value: x\n',
      'ALLOWLIST_OPERATOR',
      4,
    ],
    ['type.yaml', 'items:\n  - entries:\n      - field: host.name\n        type: regex\n        value: x\n', 'ALLOWLIST_ENTRY_TYPE', 4],
    ['prototype.yaml', 'items:\n  - entries:\n      - field: host.name\n        type: toString\n', 'ALLOWLIST_ENTRY_TYPE', 4],
    [
      'expire.yaml',
      'items:\n  - expire_time: next tuesday\n    entries:\n      - { field: host.name, type: exists }\n',
      'ALLOWLIST_EXPIRE_TIME',
      2,
    ],
    ['no-entries.yaml', 'items:\n  - id: empty\n    comment: nothing\n', 'ALLOWLIST_ITEM', 2],
    [
      'duplicate.yaml',
      'items:\n  - id: a\n    entries: [{ field: x, type: exists }]\n  - id: a\n    entries: [{ field: y, type: exists }]\n',
      'ALLOWLIST_DUPLICATE_ID',
      4,
    ],
    [
      'wildcard.json',
      '{\n  "items": [\n    {\n      "entries": [\n        { "field": "x", "type": "wildcard", "value": "a\\\\*b?" }\n      ]\n    }\n  ]\n}\n',
      'ALLOWLIST_UNSUPPORTED_WILDCARD',
      5,
    ],
    [
      'export.ndjson',
      '{"list_id":"l","type":"detection"}\n{"item_id":"i","entries":[{"field":"x","type":"match"}]}\n',
      'ALLOWLIST_VALUE',
      2,
    ],
    ['export-json.ndjson', '{"list_id":"l","type":"detection"}\n{"item_id":\n', 'ALLOWLIST_SYNTAX', 2],
  ];
  it.each(cases)('%s → %s at line %d', async (name, text, code, line) => {
    const path = file(name, text);
    const error = await createDetector({ allowlists: [path] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AllowlistError);
    expect(error).toMatchObject({ code, file: path, line });
    expect((error as Error).message).toContain(`${path}:${line}`);
  });

  it('an unknown file type and a missing file', async () => {
    await expect(createDetector({ allowlists: [file('list.txt', 'x')] })).rejects.toMatchObject({ code: 'ALLOWLIST_FILE_TYPE' });
    await expect(createDetector({ allowlists: [join(directory, 'missing.yaml')] })).rejects.toMatchObject({ code: 'ALLOWLIST_UNREADABLE' });
  });

  it('documents passed in code are checked the same way', async () => {
    const bad = { items: [{ entries: [{ field: 'x', type: 'match' }] }] } as unknown as AllowlistDocument;
    await expect(createDetector({ allowlists: [bad] })).rejects.toMatchObject({ code: 'ALLOWLIST_VALUE' });
  });
});
