// The required-literal prefilter may pass lines that do not match, never reject one that
// does (PLAN.md "Prefilter"): escapes that could hide a literal send the line to the full
// evaluation, and both builds pass exactly the same lines.

import { jsonLineStyle, serializeJsonLine } from '@llm-egress/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bundledRules, executorFor, planOf, queryVocabulary, rules, VARIANTS, withExecutors } from './executor.test-helper.js';

const RUNS = Number(process.env.FC_NUM_RUNS ?? 300);
const encoder = new TextEncoder();
const QUERY = 'network where dns.question.name : ("api.openai.com", "*.openai.azure.com")';
const plan = planOf([QUERY]);
const network = '"event":{"category":["network"]}';

function scan(lines: string[]) {
  const results = VARIANTS.map((variant) => {
    const executor = executorFor(variant, plan);
    try {
      return executor.scan(encoder.encode(lines.join('\n')));
    } finally {
      executor.free();
    }
  });
  expect(results[1]).toEqual(results[0]);
  return results[0];
}

describe('prefilter', () => {
  it('has the rule literals, and the key anchor every match needs', () => {
    expect(plan.prefilter).toEqual(['.openai.azure.com', 'api.openai.com']);
    withExecutors(plan, (executor) => expect(executor.info().anchors).toEqual(['question']));
    withExecutors(planOf(['network where process.name : "x.exe"']), (executor) => {
      // only segments found in nearly every event: no anchor, the literals alone filter
      expect(executor.info().anchors).toEqual([]);
      expect(executor.info().prefilter).toEqual({ literals: 1, fingerprintLength: 4 });
    });
    withExecutors(planOf(['any where dns.question.name : "*"', 'any where url.path : "/v1/*" or process.name == "x"']), (executor) => {
      // the second rule has no conjunct at all: no anchors; the first has no literal: no prefilter
      expect(executor.info().anchors).toEqual([]);
      expect(executor.info().prefilter).toBeNull();
    });
  });

  it('rejects lines without the anchor, and lines with the anchor but no literal', () => {
    const result = scan([
      `{${network},"url":"https://api.openai.com/v1"}`, // literal, no "question" key
      `{${network},"dns":{"question":{"name":"example.com"}}}`, // key, no literal
      `{${network},"dns.question.name":"api.openai.com"}`, // both (dotted key)
      `{${network},"dns":{"quest\u0069on":{"name":"api.openai.com"}}}`, // the key behind an escape
      `{${network},"dns":{"QUESTION":{"name":"api.openai.com"}}}`, // keys are case-sensitive
      `{${network},"name":"api.openai.com","dns":{"question":{"x":1}}}`, // the literal comes before the key
      `{${network},"dns":{"question":[{"n":"api.openai.com"},{"name":"api.openai.com"}]}}`, // arrays of objects
    ]);
    expect(result.matches.map((match) => match.line)).toEqual([2, 3, 6]);
    expect(result.prefilterRejected).toBe(4);
  });

  it('rejects lines without a literal, in any case of letters it passes the literal', () => {
    const result = scan([
      `{${network},"dns":{"question":{"name":"example.com"}}}`,
      `{${network},"dns":{"question":{"name":"API.OpenAI.COM"}}}`,
      '',
      `{${network}}`,
    ]);
    expect(result.matches.map((match) => match.line)).toEqual([1]);
    expect(result.prefilterRejected).toBe(2);
    expect(result.evaluated).toBe(1);
    expect(result.lines).toBe(4);
  });

  it('passes lines whose \\u escapes could hide a literal, and only real escapes count', () => {
    const lines = [
      `{${network},"dns":{"question":{"name":"api.openai\\u002ecom"}}}`, // hidden literal: must match
      `{${network},"dns":{"question":{"n\\u0061me":"x.OPENAI.azure.com"}}}`, // escaped key
      `{${network},"path":"c:\\\\users\\\\bob"}`, // \\u is an escaped backslash then 'u': rejected
      `{${network},"path":"c:\\\\\\u0075sers"}`, // \\ then \u0075: a real escape, but the decoded text has no literal
      `{${network},"path":"a\\/b"}`, // \/ cannot hide a literal without '/'
      `{${network},"dns":{"question":{"name":"\\u0061pi.openai.com.example"}}}`, // a literal only once decoded: evaluated (no match)
    ];
    const result = scan(lines);
    expect(result.matches.map((match) => match.line)).toEqual([0, 1]);
    // escaped lines are checked again on their decoded text: line 3 has no literal there
    expect(result.evaluated).toBe(3);
    expect(result.prefilterRejected).toBe(3);
  });

  it('looks for literals only in the values of keys holding the anchor', () => {
    const lines = [
      `{${network},"dns":{"question":{"name":"example.com"}},"url":"https://api.openai.com/"}`, // literal elsewhere: rejected
      `{${network},"message":"question\\":{\\"name\\":\\"api.openai.com\\"}","dns":{"question":{"name":"x"}}}`, // anchor in a value string
      `{${network},"message":"question\\":{\\"name\\":\\"x\\"}","dns":{"question":{"name":"API.OPENAI.COM"}}}`, // the real key has it
      `{${network},"question":5,"x":"api.openai.com"}`, // a number after the key
      `{${network},"dns":{"question" : [ {"name":"x"} , {"name":"api.openai.com"} ]}}`, // arrays of objects, spaces
      `{${network},"dns":{"question":{"name":"api.openai.com"},"question":{"name":"x"}}}`, // duplicate: the last wins
      `{${network},"dns.question.name":"x.openai.azure.com"}`, // a dotted key with a string value
    ];
    const result = scan(lines);
    expect(result.matches.map((match) => match.line)).toEqual([2, 4, 6]);
    expect(result.prefilterRejected).toBe(3);
    expect(result.evaluated).toBe(4);
  });

  it('narrows to key values only for anchors that cannot occur outside strings', () => {
    // `false` could be the JSON literal: its occurrences are not all inside strings, so
    // the literal search runs from the first anchor to the end of the line
    const plan = planOf(['any where x.`false`.y : "api.openai.com"']);
    withExecutors(plan, (executor) => {
      expect(executor.info().anchors).toEqual(['false']);
      const lines = [
        '{"b":false,":false":{"y":"api.openai.com"}}',
        '{"b":false,"x":{"false":{"y":"api.openai.com"}}}',
        '{"x":{"false":{"y":"example.com"}}}',
      ];
      const result = executor.scan(encoder.encode(lines.join('\n')));
      expect(result.matches.map((match) => match.line)).toEqual([1]);
      expect(result.evaluated).toBe(2);
    });
  });

  it('stays linear on lines built to make it quadratic', () => {
    // thousands of anchors in one string, deeply nested anchored keys, and a long literal
    // against a flood of its first byte: each must simply finish (no timing asserted)
    const many = `{"m":"${'question'.repeat(250_000)}","dns":{"question":{"name":"api.openai.com"}},${network}}`;
    const nested = `{"dns":${'{"question":'.repeat(100_000)}"api.openai.com"${'}'.repeat(100_001)}`;
    const result = scan([many, nested]);
    expect(result.matches.map((match) => match.line)).toEqual([0]);
    // the nested line is a candidate, so it is parsed, and it is too deep
    expect(result.errors.map((error) => [error.line, error.code])).toEqual([[1, 'too-deep']]);
    const longLiteral = planOf([`any where dns.question.name : "${'a'.repeat(300)}b"`]);
    withExecutors(longLiteral, (executor) => {
      const flood = `{"dns":{"question":{"name":"${'a'.repeat(2_000_000)}"}}}`;
      const found = executor.scan(encoder.encode(`${flood}\n{"dns":{"question":{"name":"${'a'.repeat(300)}b"}}}`));
      expect(found.matches.map((match) => match.line)).toEqual([1]);
    });
  });

  it('searches the whole line for literals when they need not follow the anchor', () => {
    // the anchor comes from an exists test; the literal from another field's group
    const mixed = planOf(['any where dns.question.name != null and process.name : "x.exe"']);
    withExecutors(mixed, (executor) => {
      expect(executor.info().anchors).toEqual(['question']);
      const result = executor.scan(
        encoder.encode(
          [
            '{"process":{"name":"x.exe"},"dns":{"question":{"name":"a"}}}',
            '{"dns":{"question":{"name":"a"}},"process":{"name":"X.EXE"}}',
            '{"process":{"name":"x.exe"}}',
          ].join('\n'),
        ),
      );
      expect(result.matches.map((match) => match.line)).toEqual([0, 1]);
      expect(result.prefilterRejected).toBe(1);
    });
  });

  it('treats \\/ as hiding when a literal contains a slash', () => {
    const slashPlan = planOf(['any where url.original : "*/v1/chat/completions*"']);
    expect(slashPlan.prefilter).toEqual(['/v1/chat/completions']);
    withExecutors(slashPlan, (executor) => {
      const result = executor.scan(
        encoder.encode(
          [
            '{"url":{"original":"https:\\/\\/api.x.ai\\/v1\\/chat\\/completions"}}',
            '{"url":{"original":"https://api.x.ai/v1/chat/completions?x"}}',
            '{"url":{"original":"https://api.x.ai/v2"}}',
          ].join('\n'),
        ),
      );
      expect(result.matches.map((match) => match.line)).toEqual([0, 1]);
      expect(result.prefilterRejected).toBe(1);
    });
  });

  it('finds literals at every position relative to 16-byte blocks and chunk ends', () => {
    for (let pad = 0; pad < 40; pad++) {
      const lines = Array.from(
        { length: 3 },
        (_, index) => `{"p":"${'x'.repeat(pad + index)}",${network},"dns":{"question":{"name":"api.openai.com"}}}`,
      );
      const result = scan(lines);
      expect(result.matches.map((match) => match.line)).toEqual([0, 1, 2]);
      // the literal as the very last bytes of the chunk (a malformed line, but a candidate)
      const tail = scan([`{"dns":{"question":{"name":"${'y'.repeat(pad)}api.openai.com`]);
      expect(tail.errors.map((error) => error.code)).toEqual(['unexpected-end']);
      // the anchor as the very last bytes: the literal before it does not count (a value
      // comes after its key), so the line is rejected…
      const anchorTail = scan([`{"dns":{"name":"api.openai.com"},"${'y'.repeat(pad)}question`]);
      expect([anchorTail.errors.length, anchorTail.prefilterRejected]).toEqual([0, 1]);
      // …while an anchor followed by a literal at the very end is a candidate
      const both = scan([`{"dns":{"${'y'.repeat(pad)}question":"api.openai.com`]);
      expect(both.errors.map((error) => error.code)).toEqual(['unexpected-end']);
    }
  });

  it('never rejects a line that a bundled rule matches, however it is written', () => {
    const { queries, plan: bundled } = bundledRules();
    const vocabulary = queryVocabulary(queries);
    // events built to match: a listed domain (wildcards filled), a listed process, Windows
    const matching = fc
      .record({
        domain: fc
          .constantFrom(...vocabulary.domains)
          .chain((pattern) => fc.constantFrom('us-east-1', 'x', 'MyRes').map((fill) => pattern.replace(/\*/g, fill))),
        process: fc.constantFrom('powershell.exe', 'RUNDLL32.EXE', 'python.exe', 'node.exe', 'wscript.exe'),
        upper: fc.boolean(),
      })
      .map(({ domain, process, upper }) => ({
        event: { category: ['network'] },
        host: { os: { type: 'windows' } },
        dns: { question: { name: upper ? domain.toUpperCase() : domain } },
        process: { name: process, executable: `C:\\Windows\\System32\\${process}` },
      }));
    const executors = VARIANTS.map((variant) => executorFor(variant, bundled));
    try {
      fc.assert(
        fc.property(matching, jsonLineStyle(), (event, style) => {
          const line = serializeJsonLine(event, style);
          const parsed = JSON.parse(line) as object;
          const expected = queries.map((query) => rules.evaluateReference(query, parsed));
          fc.pre(expected.some(Boolean));
          for (const executor of executors) {
            const result = executor.scan(encoder.encode(line));
            expect(result.prefilterRejected).toBe(0);
            expect(queries.map((_, rule) => result.matches.some((match) => match.rule === rule && match.suppressedBy < 0))).toEqual(
              expected,
            );
          }
        }),
        { numRuns: RUNS * 3 },
      );
    } finally {
      for (const executor of executors) executor.free();
    }
  });
});
