import { fieldValues } from '@llm-egress/rules';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from './generator.js';
import { Random } from './random.js';
import { loadCorpusRules } from './rules.js';
import { categoryAsString, flatten, reshape } from './variety.js';

const rules = loadCorpusRules();

/** Every path to a leaf (or array) of a nested object. */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => leafPaths(child, [...prefix, key]));
}

describe('reshaping keeps the value of every field', () => {
  const nested = [...generateCorpus({ events: 400, seed: 31, dottedShare: 0, flatShare: 0, llmShare: 0.3 }, rules)].map(
    (line) => line.event as Record<string, unknown>,
  );
  const paths = (event: Record<string, unknown>) => [
    ...leafPaths(event),
    ['dns', 'question', 'name'],
    ['process', 'code_signature', 'trusted'],
    ['host', 'os', 'type'],
    ['event', 'category'],
  ];

  it('for dotted keys in places (`"dns.question.name"`, `"process": {"code_signature.trusted": …}`)', () => {
    const random = new Random(5);
    let hoisted = 0;
    for (const event of nested) {
      const copy = reshape(structuredClone(event), 'some-dotted', random);
      if (JSON.stringify(copy) !== JSON.stringify(event)) hoisted++;
      expect(Object.keys(copy).some((key) => key === '')).toBe(false);
      for (const path of paths(event)) expect(fieldValues(copy, path), path.join('.')).toEqual(fieldValues(event, path));
    }
    expect(hoisted).toBeGreaterThan(nested.length / 2);
  });

  it('for fully flat documents', () => {
    for (const event of nested.slice(0, 150)) {
      const copy = flatten(structuredClone(event));
      for (const value of Object.values(copy))
        expect(value === null || typeof value !== 'object' || Array.isArray(value) || Object.keys(value).length === 0).toBe(true);
      for (const path of paths(event)) expect(fieldValues(copy, path)).toEqual(fieldValues(event, path));
    }
  });

  it('for event.category written as a bare string', () => {
    for (const event of nested.slice(0, 200)) {
      const copy = structuredClone(event);
      categoryAsString(copy);
      expect(typeof (copy.event as Record<string, unknown>).category).toBe('string');
      expect(fieldValues(copy, ['event', 'category'])).toEqual(fieldValues(event, ['event', 'category']));
    }
  });
});
