import { fc } from '@fast-check/vitest';
import { jsonLine, malformedJsonLine, ruleEventFacts, shapeEvent, withNoise } from '@llm-egress/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDetector, type Detector, type Plan } from '../index.js';

const encoder = new TextEncoder();

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

/** NDJSON chunks: rule-shaped events with noise in many serialisations, malformed lines, blank lines, CRLF. */
function chunks(plan: Plan): fc.Arbitrary<Uint8Array> {
  const words = vocabulary(plan);
  const literalDomains = words.domains.filter((domain) => !/[*?]/.test(domain));
  const event = fc
    .tuple(
      ruleEventFacts(words),
      fc.boolean(),
      fc.option(fc.constantFrom(...literalDomains), { freq: 2 }),
      fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 6 }),
    )
    .map(([facts, likely, domain, splits]) => {
      const biased: Record<string, unknown> = likely
        ? { ...facts, 'event.category': ['network'], 'host.os.type': 'windows' }
        : { ...facts };
      if (likely && domain !== null) biased['dns.question.name'] = domain;
      return shapeEvent(biased, splits);
    })
    .chain(withNoise)
    .chain(jsonLine)
    .map((text) => encoder.encode(text));
  const line = fc.oneof(
    { weight: 8, arbitrary: event },
    {
      weight: 2,
      arbitrary: event.chain((valid) => malformedJsonLine(new TextDecoder().decode(valid))).map((malformed) => malformed.bytes),
    },
    { weight: 1, arbitrary: fc.constantFrom('', '  ', '\t').map((text) => encoder.encode(text)) },
  );
  return fc
    .tuple(fc.array(line, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.boolean())
    .map(([lines, newline, trailing]) => {
      const separator = encoder.encode(newline);
      const parts: Uint8Array[] = [];
      lines.forEach((bytes, index) => {
        if (index > 0) parts.push(separator);
        parts.push(bytes);
      });
      if (trailing) parts.push(separator);
      const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
      let offset = 0;
      for (const part of parts) {
        out.set(part, offset);
        offset += part.length;
      }
      return out;
    });
}

describe.each(['llm-endpoints', 'llm-endpoints@v2'])('scan: the raw-bytes WASM executor and the object executor agree (%s)', (rule) => {
  let wasm: Detector;
  let object: Detector;
  beforeAll(async () => {
    wasm = await createDetector({
      rules: [rule],
      executor: 'wasm',
      allowlists: [{ items: [{ id: 'bob', entries: [{ field: 'user.name', type: 'match', value: 'bob' }] }] }],
    });
    object = await createDetector({
      rules: [rule],
      executor: 'object',
      allowlists: [{ items: [{ id: 'bob', entries: [{ field: 'user.name', type: 'match', value: 'bob' }] }] }],
    });
  });

  it('on generated NDJSON: the same alerts byte for byte, the same errors and counters', async () => {
    let alerts = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constant(null).chain(() => chunks(wasm.plan)),
        async (bytes) => {
          const [fast, slow] = [
            await wasm.scan(bytes, { file: 'f', validate: true, firstLine: 3, firstOffset: 10 }),
            await object.scan(bytes, { file: 'f', firstLine: 3, firstOffset: 10 }),
          ];
          alerts += slow.alerts.length;
          expect(JSON.stringify(fast.alerts)).toBe(JSON.stringify(slow.alerts));
          // Columns are for humans: the two readers may point one byte apart (e.g. at a truncated value's start or end).
          expect(fast.errors.map(({ line, offset, code }) => ({ line, offset, code }))).toEqual(
            slow.errors.map(({ line, offset, code }) => ({ line, offset, code })),
          );
          expect(fast.counters).toEqual(slow.counters);
          // Without validate, the same alerts; errors only for lines it had to parse.
          const quick = await wasm.scan(bytes, { file: 'f', firstLine: 3, firstOffset: 10 });
          expect(JSON.stringify(quick.alerts)).toBe(JSON.stringify(slow.alerts));
          expect(quick.counters.lines).toBe(slow.counters.lines);
          expect(quick.counters.events + quick.counters.malformed).toBe(slow.counters.events + slow.counters.malformed);
        },
      ),
      { numRuns: 300 },
    );
    expect(alerts).toBeGreaterThan(20);
  });
});
