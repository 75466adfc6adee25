// Laws the reference interpreter must obey on generated queries and events.
import { EQL_FIELDS, eqlCase, eqlEvent, eqlText, eqlTextPool } from '@llm-egress/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Query } from '../eql/ast.js';
import { parseQuery } from '../eql/parser.js';
import { printQuery, printString } from '../eql/printer.js';
import { evaluateReference } from './evaluate.js';

function parsed(text: string): Query {
  const { query, diagnostics } = parseQuery(text);
  if (!query) throw new Error(`${text}\n${diagnostics.map((d) => d.message).join('\n')}`);
  return query;
}

/** The same event with every object path spelled as one dotted key (arrays kept as they are); undefined on a key collision. */
function flatten(event: Record<string, unknown>): Record<string, unknown> | undefined {
  const flat: Record<string, unknown> = {};
  let collision = false;
  const walk = (node: Record<string, unknown>, prefix: string) => {
    for (const [key, value] of Object.entries(node)) {
      const name = prefix ? `${prefix}.${key}` : key;
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) walk(value as Record<string, unknown>, name);
      else if (name in flat) collision = true;
      else flat[name] = value;
    }
  };
  walk(event, '');
  return collision ? undefined : flat;
}

describe('reference interpreter laws', () => {
  it('gives the same verdict for a query and its printed form', () => {
    fc.assert(
      fc.property(eqlCase(), ({ query, events }) => {
        const original = parsed(query);
        const reprinted = parsed(printQuery(original));
        for (const event of events) expect(evaluateReference(reprinted, event)).toBe(evaluateReference(original, event));
      }),
      { numRuns: 1000 },
    );
  });

  it('does not care whether an event spells its fields nested or dotted', () => {
    fc.assert(
      fc.property(eqlCase(), ({ query, events }) => {
        const compiled = parsed(query);
        for (const event of events) {
          const flat = flatten(event);
          if (flat) expect(evaluateReference(compiled, flat)).toBe(evaluateReference(compiled, event));
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('reads `network where C` as `any where event.category == "network" and (C)`', () => {
    fc.assert(
      fc.property(eqlCase(), ({ query, events }) => {
        const match = /^(any|network|"network"|process|Network) where (.*)$/s.exec(query);
        if (!match || match[1] === 'any') return;
        const category = match[1].replaceAll('"', '');
        const spelledOut = parsed(`any where event.category == ${printString(category)} and (${match[2]})`);
        const original = parsed(query);
        for (const event of events) expect(evaluateReference(spelledOut, event)).toBe(evaluateReference(original, event));
      }),
      { numRuns: 500 },
    );
  });

  it('reads `f in (a, b)` as `f == a or f == b`, and a pattern list as an or of patterns', () => {
    const literal = fc.oneof(eqlText(4).map(printString), fc.constantFrom('0', '4', '-1', '2.5', 'true', 'false'));
    fc.assert(
      fc.property(
        eqlTextPool().chain((pool) =>
          fc.record({
            field: fc.constantFrom(...EQL_FIELDS.map((field) => field.name)),
            values: fc.array(fc.oneof(literal, fc.constantFrom(...pool).map(printString)), { minLength: 1, maxLength: 4 }),
            events: fc.array(eqlEvent(pool), { minLength: 1, maxLength: 5 }),
          }),
        ),
        ({ field, values, events }) => {
          const list = parsed(`any where ${field} in (${values.join(', ')})`);
          const ors = parsed(`any where ${values.map((value) => `${field} == ${value}`).join(' or ')}`);
          const strings = values.filter((value) => value.startsWith('"'));
          const patterns = strings.length > 0 ? parsed(`any where ${field} : (${strings.join(', ')})`) : undefined;
          const patternOrs =
            strings.length > 0 ? parsed(`any where ${strings.map((value) => `${field} : ${value}`).join(' or ')}`) : undefined;
          for (const event of events) {
            expect(evaluateReference(list, event)).toBe(evaluateReference(ors, event));
            if (patterns && patternOrs) expect(evaluateReference(patterns, event)).toBe(evaluateReference(patternOrs, event));
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('matches often enough on generated cases to be a meaningful oracle', () => {
    let verdicts = 0;
    let matches = 0;
    fc.assert(
      fc.property(eqlCase(), ({ query, events }) => {
        const compiled = parsed(query);
        for (const event of events) {
          verdicts++;
          if (evaluateReference(compiled, event)) matches++;
        }
      }),
      { numRuns: 500, seed: 42 },
    );
    // neither almost always false nor almost always true
    expect(matches / verdicts).toBeGreaterThan(0.1);
    expect(matches / verdicts).toBeLessThan(0.9);
  });
});
