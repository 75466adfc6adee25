// Malformed input: every line gets a per-line error or a correct verdict; never a trap, a
// hang, or a lost neighbouring line. "Malformed" is exactly what strict UTF-8 decoding +
// JSON.parse + "is a plain object" (+ nesting ≤ 1000) say (classifyLine).

import { jsonLine, malformedJsonLine, ruleEvent } from '@llm-egress/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  classifyLine,
  executorFor,
  joinLines,
  parsedQuery,
  planOf,
  queryVocabulary,
  rules,
  VARIANTS,
  withExecutors,
} from './executor.test-helper.js';
import type { RawExecutor } from './raw-executor.js';

const RUNS = Number(process.env.FC_NUM_RUNS ?? 300);
const QUERY = 'network where dns.question.name : ("api.openai.com", "*.openai.azure.com") and process.name : ("python.exe", "node.exe")';
const query = parsedQuery(QUERY);
const plan = planOf([QUERY]);
const encoder = new TextEncoder();
const MATCH = '{"event":{"category":["network"]},"dns":{"question":{"name":"api.openai.com"}},"process":{"name":"python.exe"}}';

/** Checks one chunk of byte lines against the oracle, with and without validation. */
function checkChunk(executor: RawExecutor, lines: Uint8Array[]): void {
  const classes = lines.map(classifyLine);
  const chunk = joinLines(lines);
  for (const validate of [false, true]) {
    const result = executor.scan(chunk, { validate });
    const errorLines = result.errors.map((error) => error.line);
    const malformed = classes.flatMap((entry, index) => (entry.kind === 'malformed' ? [index] : []));
    if (validate) expect(errorLines, 'validate: errors are exactly the malformed lines').toEqual(malformed);
    else for (const line of errorLines) expect(malformed, `line ${line} reported but well-formed`).toContain(line);
    const expected = classes.flatMap((entry, index) =>
      entry.kind === 'event' && rules.evaluateReference(query, entry.event) ? [index] : [],
    );
    expect(result.matches.map((match) => match.line)).toEqual(expected);
    expect(result.lines).toBe(lines.length);
  }
}

const text = (value: string) => encoder.encode(value);

const FIXED: { name: string; line: Uint8Array; code?: string; column?: number }[] = [
  {
    name: 'truncated object',
    line: text('{"event":{"category":["network"]},"dns":{"question":{"name":"api.openai.com"'),
    code: 'unexpected-end',
  },
  { name: 'truncated string', line: text('{"dns":{"question":{"name":"api.openai.co'), code: 'unexpected-end' },
  { name: 'truncated literal', line: text('{"api.openai.com":tr'), code: 'unexpected-end' },
  { name: 'misspelt literal', line: text('{"api.openai.com":trux}'), code: 'unexpected-character', column: 18 },
  { name: 'unbalanced braces', line: text('{"api.openai.com":{"a":1}}}'), code: 'trailing-content', column: 26 },
  { name: 'mismatched bracket', line: text('{"api.openai.com":[1}'), code: 'unexpected-character', column: 20 },
  { name: 'a bare number', line: text('42'), code: 'not-an-object', column: 0 },
  { name: 'a bare string', line: text('"api.openai.com"'), code: 'not-an-object' },
  { name: 'a JSON array', line: text('[{"dns":{"question":{"name":"api.openai.com"}}}]'), code: 'not-an-object' },
  { name: 'null', line: text('null'), code: 'not-an-object' },
  {
    name: 'invalid UTF-8 in a string',
    line: new Uint8Array([...text('{"x":"api.openai.com'), 0xff, ...text('"}')]),
    code: 'invalid-utf8',
    column: 20,
  },
  { name: 'overlong UTF-8', line: new Uint8Array([...text('{"x":"api.openai.com'), 0xc0, 0xaf, ...text('"}')]), code: 'invalid-utf8' },
  {
    name: 'UTF-8 surrogate',
    line: new Uint8Array([...text('{"x":"api.openai.com'), 0xed, 0xa0, 0x80, ...text('"}')]),
    code: 'invalid-utf8',
  },
  {
    name: 'invalid UTF-8 outside strings',
    line: new Uint8Array([...text('{"x":"api.openai.com"'), 0xfe, ...text('}')]),
    code: 'invalid-utf8',
  },
  { name: 'valid non-ASCII outside strings', line: text('{"x":"api.openai.com"é}'), code: 'unexpected-character' },
  { name: 'NUL byte in a string', line: text('{"x":"api.openai.com\u0000"}'), code: 'control-character', column: 20 },
  { name: 'NUL byte between tokens', line: text('{"x":"api.openai.com"\u0000}'), code: 'unexpected-character' },
  { name: 'bad escape', line: text('{"x":"api.openai.com\\x"}'), code: 'invalid-escape', column: 20 },
  { name: 'short unicode escape', line: text('{"x":"api.openai.com\\u12"}'), code: 'invalid-escape' },
  { name: 'leading zero', line: text('{"api.openai.com":01}'), code: 'invalid-number' },
  { name: 'bare fraction', line: text('{"api.openai.com":.5}'), code: 'unexpected-character' },
  { name: 'trailing dot', line: text('{"api.openai.com":1.}'), code: 'invalid-number' },
  { name: 'trailing comma', line: text('{"api.openai.com":1,}'), code: 'unexpected-character' },
  { name: 'single quotes', line: text("{'api.openai.com':1}"), code: 'unexpected-character' },
  { name: 'two objects', line: text('{"api.openai.com":1} {}'), code: 'trailing-content' },
  { name: 'byte order mark', line: text('\uFEFF{"api.openai.com":1}'), code: 'unexpected-character', column: 0 },
  { name: 'NaN', line: text('{"api.openai.com":NaN}'), code: 'unexpected-character' },
  {
    name: '10,000-deep nesting',
    line: text(`{"api.openai.com":${'['.repeat(10_000)}${']'.repeat(10_000)}}`),
    code: 'too-deep',
    column: 1017,
  },
  { name: '10,000-deep objects', line: text(`${'{"a":'.repeat(10_000)}"api.openai.com"${'}'.repeat(10_000)}`), code: 'too-deep' },
];

describe('raw executor on malformed lines', () => {
  for (const variant of VARIANTS) {
    describe(`${variant} build`, () => {
      for (const fixed of FIXED) {
        it(`${fixed.name}: an error, and the neighbouring lines keep their verdicts`, () => {
          const executor = executorFor(variant, plan);
          try {
            expect(classifyLine(fixed.line).kind).toBe('malformed');
            checkChunk(executor, [text(MATCH), fixed.line, text(MATCH)]);
            const result = executor.scan(joinLines([text(MATCH), fixed.line, text(MATCH)]), { validate: true });
            expect(result.errors).toHaveLength(1);
            const [error] = result.errors;
            expect(error.line).toBe(1);
            expect(error.offset).toBe(MATCH.length + 1);
            expect(error.length).toBe(fixed.line.length);
            if (fixed.code) expect(error.code).toBe(fixed.code);
            if (fixed.column !== undefined) expect(error.column).toBe(fixed.column);
            expect(error.message.length).toBeGreaterThan(0);
          } finally {
            executor.free();
          }
        });
      }

      it('10 MB lines: a match at the end of one, an error at the end of another', () => {
        const executor = executorFor(variant, plan);
        try {
          const pad = 'x'.repeat(10 * 1024 * 1024);
          const big = `{"pad":"${pad}","event":{"category":["network"]},"dns":{"question":{"name":"api.openai.com"}},"process":{"name":"node.exe"}}`;
          const broken = `{"pad":"${pad}","dns":{"question":{"name":"api.openai.com"}`;
          const result = executor.scan(text([big, broken, MATCH].join('\n')));
          expect(result.matches.map((match) => match.line)).toEqual([0, 2]);
          expect(result.errors.map((error) => [error.line, error.code, error.column])).toEqual([[1, 'unexpected-end', broken.length]]);
        } finally {
          executor.free();
        }
      });

      it('counts lines as newlines plus a last unterminated line; an empty chunk has none', () => {
        const executor = executorFor(variant, plan);
        try {
          expect(executor.scan(new Uint8Array(0), { validate: true })).toEqual({
            matches: [],
            errors: [],
            lines: 0,
            prefilterRejected: 0,
            parsed: 0,
            evaluated: 0,
          });
          expect(executor.scan(text('\n'), { validate: true }).lines).toBe(1);
          expect(executor.scan(text(`${MATCH}\n`)).lines).toBe(1);
          expect(executor.scan(text(`${MATCH}\n${MATCH}`)).matches.map((match) => match.line)).toEqual([0, 1]);
        } finally {
          executor.free();
        }
      });

      it('whitespace-only and empty lines are skipped, CRLF is accepted, and the last line may lack its newline', () => {
        const executor = executorFor(variant, plan);
        try {
          const result = executor.scan(text(`\n \t\r\n${MATCH}\r\n\r\n\n${MATCH}`), { validate: true });
          expect(result.errors).toEqual([]);
          expect(result.lines).toBe(6);
          expect(result.matches.map((match) => [match.line, match.offset, match.length])).toEqual([
            [2, 5, MATCH.length],
            [5, 5 + MATCH.length + 5, MATCH.length],
          ]);
        } finally {
          executor.free();
        }
      });

      it('lines of random damage: an error or a correct verdict for each, exact with validation', () => {
        const executor = executorFor(variant, plan);
        const vocabulary = queryVocabulary([query]);
        try {
          fc.assert(
            fc.property(
              fc.array(
                ruleEvent(vocabulary)
                  .chain(jsonLine)
                  .chain((line) =>
                    fc.oneof(
                      fc.constant(text(line)),
                      malformedJsonLine(line).map((damaged) => damaged.bytes),
                    ),
                  ),
                { minLength: 1, maxLength: 8 },
              ),
              (lines) => checkChunk(executor, lines),
            ),
            { numRuns: RUNS },
          );
        } finally {
          executor.free();
        }
      });

      it('arbitrary bytes never trap', () => {
        const executor = executorFor(variant, plan);
        try {
          fc.assert(
            fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, validate) => {
              const result = executor.scan(bytes, { validate });
              expect(result.lines).toBeGreaterThanOrEqual(0);
            }),
            { numRuns: RUNS * 3 },
          );
          // …and the executor still works afterwards
          expect(executor.scan(text(MATCH)).matches).toHaveLength(1);
        } finally {
          executor.free();
        }
      });
    });
  }
});

describe('with validation off, only lines that had to be parsed are reported', () => {
  it('a malformed line without any literal is rejected by the prefilter, not reported', () => {
    withExecutors(plan, (executor) => {
      const result = executor.scan(text(`{"a":\n{"dns":{"question":{"name":"api.openai.com"`));
      expect(result.errors.map((error) => error.line)).toEqual([1]);
      expect(result.prefilterRejected).toBe(1);
      const validated = executor.scan(text(`{"a":\n{"dns":{"question":{"name":"api.openai.com"`), { validate: true });
      expect(validated.errors.map((error) => error.line)).toEqual([0, 1]);
    });
  });
});
