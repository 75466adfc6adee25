import { wildcardMatch } from '@llm-egress/rules';
import { patternArbitrary, valueArbitrary } from '@llm-egress/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { instantiatePattern, lookalike, randomCase, suffixVariant, wildcardMatches } from './domains.js';
import { Random } from './random.js';
import { loadCorpusRules } from './rules.js';
import { DomainPool } from './scenarios.js';

const rules = loadCorpusRules();
const allPatterns = [...new Set(rules.flatMap((rule) => rule.domainPatterns))];
const matchedByAnyRule = (name: string) => allPatterns.some((pattern) => wildcardMatch(name, pattern, true));

describe('the intent matcher', () => {
  it("agrees with the reference interpreter's wildcard match", () => {
    fc.assert(
      fc.property(patternArbitrary(), valueArbitrary(), (pattern, value) => {
        expect(wildcardMatches(pattern, value)).toBe(wildcardMatch(value, pattern, true));
      }),
      { numRuns: 4000 },
    );
  });

  it('agrees on the pinned cases', () => {
    expect(wildcardMatches('*.com', 'com')).toBe(false);
    expect(wildcardMatches('*.openai.azure.com', 'openai.azure.com')).toBe(false);
    expect(wildcardMatches('*.openai.azure.com', 'MyRes.OpenAI.Azure.com')).toBe(true);
    expect(wildcardMatches('api.openai.com', 'api.openai.com.')).toBe(false);
    expect(wildcardMatches('bedrock-runtime.*.amazonaws.com', 'bedrock-runtime.amazonaws.com')).toBe(false);
    expect(wildcardMatches('api.kilo.ai', 'api.\u212Ailo.ai')).toBe(false);
    expect(wildcardMatches('?:\\Users\\*.exe', '😀:\\Users\\a.exe')).toBe(true);
    expect(wildcardMatches('*.com', 'a\nb.com')).toBe(true);
  });
});

describe('LLM names', () => {
  it('instantiates every bundled pattern into a name the pattern matches', () => {
    const random = new Random(1);
    for (const pattern of allPatterns) {
      for (let draw = 0; draw < 5; draw++) {
        const name = instantiatePattern(pattern, random);
        expect(wildcardMatch(name, pattern, true), `${pattern} → ${name}`).toBe(true);
        expect(wildcardMatch(randomCase(name, random), pattern, true)).toBe(true);
      }
    }
  });

  it('makes look-alikes and near names that no bundled rule matches', () => {
    const random = new Random(2);
    // A look-alike inside a wildcard's part (`uſ-east.replicate.com`) can still match: the pool retries those.
    for (const pattern of allPatterns.filter((text) => !text.includes('*'))) {
      const name = instantiatePattern(pattern, random);
      const fake = lookalike(name, random);
      expect(fake).not.toBe(name);
      expect(matchedByAnyRule(fake), `${fake}`).toBe(false);
    }
    // suffix variants may hit another pattern by chance; the pool retries those
    const pool = new DomainPool(rules);
    for (let draw = 0; draw < 600; draw++) {
      const mode = (['azure-bare', 'trailing-dot', 'lookalike', 'suffix'] as const)[draw % 4] as 'azure-bare';
      const name = pool.nearMissName(random, mode);
      expect(matchedByAnyRule(name), `${mode}: ${name}`).toBe(false);
    }
    expect(suffixVariant('api.openai.com', new Random(3))).not.toBe('api.openai.com');
  });

  it('keeps everyday names clear of every rule', () => {
    const pool = new DomainPool(rules);
    const random = new Random(4);
    for (let draw = 0; draw < 200; draw++) expect(matchedByAnyRule(pool.everydayName(random))).toBe(false);
  });
});
