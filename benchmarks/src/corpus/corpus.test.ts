import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { evaluateReference, fieldValues, parseQuery } from '@llm-egress/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExpectedDocument } from './expected.js';
import { type CorpusLine, generateCorpus } from './generator.js';
import { type CorpusRule, loadCorpusRules } from './rules.js';
import { CURRENT_RULE, SCENARIOS, V2_RULE } from './scenarios.js';
import { writeCorpus } from './writer.js';

const rules: CorpusRule[] = loadCorpusRules();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function lines(options: Parameters<typeof generateCorpus>[0]): CorpusLine[] {
  return [...generateCorpus(options, rules)];
}

/** Splits a corpus file into its lines' bytes (the file ends with a newline). */
function splitLines(bytes: Buffer): Buffer[] {
  const result: Buffer[] = [];
  let start = 0;
  for (let index = bytes.indexOf(10); index >= 0; index = bytes.indexOf(10, start)) {
    result.push(bytes.subarray(start, index));
    start = index + 1;
  }
  expect(start).toBe(bytes.length);
  return result;
}

/** Each rule's query, parsed afresh from its file: the re-read check shares nothing with the generator. */
function freshQueries(): Map<string, unknown> {
  const queries = new Map<string, unknown>();
  for (const rule of rules) {
    const text = readFileSync(rule.file, 'utf8');
    const query = /query = '''\n?([\s\S]*?)'''/.exec(text)?.[1] as string;
    const parsed = parseQuery(query);
    expect(parsed.diagnostics).toEqual([]);
    queries.set(rule.id, parsed.query);
  }
  return queries;
}

describe('bundled rules', () => {
  it('loads both bundled rules with their domain lists, evaluated conjunct by conjunct', () => {
    expect(rules.map((rule) => rule.id)).toEqual([CURRENT_RULE, V2_RULE]);
    const [current, v2] = rules as [CorpusRule, CorpusRule];
    expect(current.ruleId).toBe('4ae94fc1-f08f-419f-b692-053d28219380');
    expect(current.domainPatterns).toHaveLength(128);
    expect(v2.domainPatterns).toHaveLength(34);
    expect(current.domainPatterns).toContain('bedrock-runtime.*.amazonaws.com');
    expect(v2.domainPatterns).toContain('bedrock-runtime.amazonaws.com');
    // the domain list first, then with the category, then the rest
    expect(current.conjuncts.slice(0, 2)).toEqual(['dns.question.name', 'event.category + dns.question.name']);
    expect(v2.conjuncts.slice(0, 2)).toEqual(['dns.question.name', 'event.category + dns.question.name']);
    expect(current.conjuncts).toContain('process.executable');
    expect(current.conjuncts).toContain('host.os.type');
  });
});

describe('determinism', () => {
  const options = { events: 3000, seed: 11, malformedRate: 0.02 };
  const bytesOf = (corpus: CorpusLine[]) =>
    Buffer.concat(corpus.flatMap((line) => [line.bytes ?? Buffer.from(line.text as string), Buffer.from('\n')]));

  it('gives the same bytes for the same seed and options', () => {
    expect(bytesOf(lines(options)).equals(bytesOf(lines(options)))).toBe(true);
  });

  it('gives different bytes for another seed', () => {
    const first = bytesOf(lines(options));
    const second = bytesOf(lines({ ...options, seed: 12 }));
    expect(first.equals(second)).toBe(false);
    // not just a shifted clock: no event line is shared (short lines are malformed bare numbers)
    const a = first
      .toString('latin1')
      .split('\n')
      .filter((line) => line.length > 50);
    const b = new Set(second.toString('latin1').split('\n'));
    expect(a.length).toBeGreaterThan(2800);
    expect(a.filter((line) => b.has(line))).toEqual([]);
  });

  it('accepts text seeds', () => {
    expect(bytesOf(lines({ events: 200, seed: 'alpha' })).equals(bytesOf(lines({ events: 200, seed: 'alpha' })))).toBe(true);
    expect(bytesOf(lines({ events: 200, seed: 'alpha' })).equals(bytesOf(lines({ events: 200, seed: 'beta' })))).toBe(false);
  });
});

describe('a default 10k-event corpus, written and read back', () => {
  let directory: string;
  let expected: ExpectedDocument;
  let fileLines: Buffer[];
  let generated: CorpusLine[];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'corpus-test-'));
    const out = join(directory, 'corpus.ndjson');
    ({ expected } = await writeCorpus({ out, corpus: { events: 10_000, seed: 7 }, rules }));
    fileLines = splitLines(readFileSync(out));
    generated = lines({ events: 10_000, seed: 7 });
    expect(JSON.parse(readFileSync(`${out}.expected.json`, 'utf8'))).toEqual(JSON.parse(JSON.stringify(expected)));
  });
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('has one line per event, each valid UTF-8 and a JSON object that is exactly the evaluated event', () => {
    expect(fileLines).toHaveLength(10_000);
    expect(expected.counts.lines).toBe(10_000);
    for (const [index, bytes] of fileLines.entries()) {
      const parsed = JSON.parse(strictUtf8.decode(bytes));
      expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)).toBe(true);
      const line = generated[index] as CorpusLine;
      if (!isDeepStrictEqual(parsed, line.event))
        expect.fail(`line ${index + 1} does not spell the evaluated event: ${bytes.toString().slice(0, 300)}`);
    }
  });

  it('lists as expected alerts exactly the lines the reference interpreter alerts on when it re-reads the file', () => {
    const queries = freshQueries();
    for (const rule of rules) {
      const query = queries.get(rule.id);
      const alerts: number[] = [];
      fileLines.forEach((bytes, index) => {
        if (evaluateReference(query as never, JSON.parse(strictUtf8.decode(bytes)))) alerts.push(index + 1);
      });
      expect(expected.rules[rule.id]?.alerts).toEqual(alerts);
      expect(expected.rules[rule.id]?.alertCount).toBe(alerts.length);
    }
  });

  it('has true positives for both rules, mostly from scripting hosts and unsigned binaries', () => {
    for (const id of [CURRENT_RULE, V2_RULE]) {
      const alerts = expected.rules[id]?.alerts ?? [];
      expect(alerts.length).toBeGreaterThanOrEqual(3);
      for (const number of alerts) expect((generated[number - 1] as CorpusLine).kind).toBe('positive');
    }
  });

  it('has near misses for both rules, and none of them alerts', () => {
    const nearMisses = generated.filter((line) => line.kind === 'near-miss');
    const windowsLookups = nearMisses.filter((line) => line.os === 'windows' && line.eventKind === 'dns');
    expect(windowsLookups.length).toBeGreaterThanOrEqual(10);
    expect(new Set(windowsLookups.map((line) => line.label)).size).toBeGreaterThanOrEqual(4);
    for (const id of [CURRENT_RULE, V2_RULE]) {
      for (const line of nearMisses) expect(line.verdicts[id], `${line.label} on line ${line.number}`).toBe(false);
    }
  });

  it("agrees with the generator's intent on every LLM lookup", () => {
    for (const rule of Object.values(expected.rules)) expect(rule.intentDisagreements).toEqual([]);
    const withIntent = generated.filter((line) => line.intent !== undefined);
    expect(withIntent.length).toBeGreaterThan(50);
  });

  it('has benign LLM lookups from browsers and signed apps that do not alert', () => {
    const benign = generated.filter((line) => line.kind === 'benign');
    expect(benign.length).toBeGreaterThan(10);
    for (const line of benign) expect(Object.values(line.verdicts)).not.toContain(true);
  });

  it('averages a realistic size per event', () => {
    const average = expected.counts.bytes / expected.counts.lines;
    expect(average).toBeGreaterThan(800);
    expect(average).toBeLessThan(1700);
  });

  it('mixes sources, operating systems, event kinds and shapes as real shippers do', () => {
    const counts = expected.counts;
    expect(Object.keys(counts.bySource).sort()).toEqual(['defend', 'sentinelone', 'sysmon']);
    expect(Object.keys(counts.byOs).sort()).toEqual(['macos', 'windows']);
    expect(Object.keys(counts.byEventKind).sort()).toEqual(['dns', 'file', 'network', 'process', 'registry']);
    expect(Object.keys(counts.shapes.escapes).sort()).toEqual(['ascii-only', 'dns-dots', 'go-html', 'key-escape', 'none', 'solidus']);
    expect(counts.shapes.dotted.flat).toBeGreaterThan(50);
    expect(counts.shapes.dotted['some-dotted']).toBeGreaterThan(300);
    expect(counts.shapes.keyOrder.reversed).toBeGreaterThan(200);
    expect(counts.shapes.categoryString).toBeGreaterThan(100);
    const text = fileLines.map((bytes) => bytes.toString('utf8'));
    expect(text.some((line) => line.includes('"dns.question.name":'))).toBe(true);
    expect(text.some((line) => /"process":\{[^{}]*"code_signature\.(trusted|exists|subject_name)":/.test(line))).toBe(true);
    expect(text.some((line) => /\\u002e/.test(line))).toBe(true);
    expect(text.some((line) => line.includes('\\/'))).toBe(true);
    expect(text.some((line) => line.includes('\\u003c'))).toBe(true);
    expect(text.some((line) => line.includes('"options":9223372036854775808'))).toBe(true);
    expect(text.some((line) => line.includes('"action":["lookup_'))).toBe(true);
    expect(text.some((line) => line.includes('"action":"lookup_'))).toBe(true);
    expect(text.some((line) => line.includes('C:\\\\WINDOWS\\\\system32\\\\'))).toBe(true);
    expect(text.some((line) => line.includes('"code_signature":{"exists":false}'))).toBe(true);
  });
});

describe('every scenario', () => {
  it('appears in an LLM-heavy corpus, with the verdicts it intends', () => {
    const corpus = lines({ events: 5000, seed: 17, dnsShare: 0.5, llmShare: 0.5 });
    const labels = new Set(corpus.map((line) => line.label));
    for (const scenario of SCENARIOS) expect(labels, scenario.label).toContain(scenario.label);
    for (const label of ['near-miss/connection-without-dns', 'near-miss/command-line-url']) expect(labels).toContain(label);
    for (const line of corpus) {
      for (const [id, intended] of Object.entries(line.intent ?? {}))
        expect(line.verdicts[id], `${id}, ${line.label}, line ${line.number}`).toBe(intended);
    }
    // names hidden behind escapes, in alerting lines and in near misses
    const alerting = corpus.filter((line) => line.verdicts[CURRENT_RULE]);
    expect(alerting.some((line) => /"name":"[^"]*\\u002e/.test(line.text as string))).toBe(true);
    expect(
      corpus.some((line) => line.label === 'near-miss/lookalike-unicode' && /"name":"[^"]*\\u0[0-9a-f]{3}/.test(line.text as string)),
    ).toBe(true);
  });
});

describe('requested shares', () => {
  it('follows the default shares within tolerance', () => {
    const corpus = lines({ events: 15_000, seed: 3 });
    const dns = corpus.filter((line) => line.eventKind === 'dns');
    expect(dns.length / corpus.length).toBeCloseTo(0.2, 1);
    expect(Math.abs(dns.length / corpus.length - 0.2)).toBeLessThan(0.015);
    expect(Math.abs(corpus.filter((line) => line.os === 'macos').length / corpus.length - 0.2)).toBeLessThan(0.015);
    const llm = dns.filter((line) => line.kind !== 'background');
    expect(Math.abs(llm.length / dns.length - 0.03)).toBeLessThan(0.01);
  });

  it('follows non-default shares within tolerance', () => {
    const corpus = lines({
      events: 10_000,
      seed: 4,
      dnsShare: 0.5,
      macosShare: 0.5,
      llmShare: 0.1,
      positiveShare: 0.5,
      nearMissShare: 0.25,
      sources: { defend: 1, sysmon: 0, sentinelone: 1 },
    });
    const dns = corpus.filter((line) => line.eventKind === 'dns');
    expect(Math.abs(dns.length / corpus.length - 0.5)).toBeLessThan(0.025);
    expect(Math.abs(corpus.filter((line) => line.os === 'macos').length / corpus.length - 0.5)).toBeLessThan(0.025);
    const llm = dns.filter((line) => line.kind !== 'background');
    expect(Math.abs(llm.length / dns.length - 0.1)).toBeLessThan(0.02);
    expect(Math.abs(llm.filter((line) => line.kind === 'positive').length / llm.length - 0.5)).toBeLessThan(0.07);
    expect(Math.abs(llm.filter((line) => line.kind === 'near-miss').length / llm.length - 0.25)).toBeLessThan(0.07);
    expect(corpus.some((line) => line.source === 'sysmon')).toBe(false);
    expect(Math.abs(corpus.filter((line) => line.source === 'defend').length / corpus.length - 0.5)).toBeLessThan(0.025);
  });

  it('stops at the requested size in bytes', () => {
    const corpus = lines({ bytes: 300_000, seed: 5 });
    const total = corpus.reduce((sum, line) => sum + line.byteLength + 1, 0);
    const last = corpus[corpus.length - 1] as CorpusLine;
    expect(total).toBeGreaterThanOrEqual(300_000);
    expect(total - last.byteLength - 1).toBeLessThan(300_000);
  });
});

describe('malformed lines', () => {
  const corpus = lines({ events: 4000, seed: 9, malformedRate: 0.05 });

  it('writes about the requested share, of every kind', () => {
    const malformed = corpus.filter((line) => line.malformed !== undefined);
    expect(Math.abs(malformed.length / corpus.length - 0.05)).toBeLessThan(0.015);
    expect(new Set(malformed.map((line) => line.malformed))).toEqual(new Set(['truncated', 'invalid-utf8', 'bare-number']));
  });

  it('makes every malformed line unreadable as an event, and every other line a valid one', () => {
    for (const line of corpus) {
      const bytes = line.bytes ?? Buffer.from(line.text as string);
      let event: unknown;
      try {
        event = JSON.parse(strictUtf8.decode(bytes));
      } catch {
        event = undefined;
      }
      const isEvent = typeof event === 'object' && event !== null && !Array.isArray(event);
      expect(isEvent, `line ${line.number} (${line.label})`).toBe(line.malformed === undefined);
      if (line.malformed === 'invalid-utf8') expect(() => strictUtf8.decode(bytes)).toThrow();
      if (line.malformed !== undefined) expect(Object.values(line.verdicts)).not.toContain(true);
    }
  });

  it('breaks would-be alerts too: some malformed lines started as positives', () => {
    const broken = corpus.filter((line) => line.malformed === 'invalid-utf8' || line.malformed === 'truncated');
    const mentionsLlm = broken.filter((line) => {
      const text = (line.bytes ? Buffer.from(line.bytes) : Buffer.from(line.text as string)).toString('latin1');
      return rules[0]?.domainPatterns.some((pattern) => !pattern.includes('*') && text.includes(pattern.slice(0, 8)));
    });
    expect(mentionsLlm.length).toBeGreaterThan(0);
  });
});

describe('conjunct-by-conjunct evaluation', () => {
  it('gives the verdict of the whole query evaluated on the whole event, line by line', () => {
    const corpus = lines({ events: 2000, seed: 21, llmShare: 0.3 });
    for (const rule of rules) {
      for (const line of corpus) expect(rule.evaluateFully(line.event), `${rule.id} line ${line.number}`).toBe(line.verdicts[rule.id]);
    }
  });

  it('reads fields the way the reference interpreter does', async () => {
    const { projectedFieldValues } = await import('./rules.js');
    const paths = [
      'dns.question.name',
      'event.category',
      'host.os.type',
      'process.name',
      'process.executable',
      'process.code_signature.trusted',
      'process.code_signature.exists',
      'process.code_signature.subject_name',
    ].map((name) => name.split('.'));
    for (const line of lines({ events: 2000, seed: 22, dottedShare: 0.5, flatShare: 0.3 })) {
      const event = line.event as object;
      for (const path of paths) expect(projectedFieldValues(fieldValues as never, event, path)).toEqual(fieldValues(event, path));
    }
  });
});
