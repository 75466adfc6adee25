import { describe, expect, it } from 'vitest';
import { chooseRequiredLiterals, patternLiteral } from './literals.js';

describe('required literals', () => {
  it('takes the longest wildcard-free run, ASCII-lower-cased', () => {
    expect(patternLiteral('*.OpenAI.Azure.com', 'wildcard')).toBe('.openai.azure.com');
    expect(patternLiteral('bedrock-runtime.*.amazonaws.com', 'wildcard')).toBe('bedrock-runtime.');
    expect(patternLiteral('api.openai.com', 'wildcard')).toBe('api.openai.com');
  });

  it('treats * and ? as ordinary characters outside wildcard mode', () => {
    expect(patternLiteral('a*b', 'exact')).toBe('a*b');
    expect(patternLiteral('a*b', 'wildcard')).toBe('a');
  });

  it('never includes characters JSON escapes or non-ASCII', () => {
    expect(patternLiteral('?:\\Users\\*.exe', 'wildcard')).toBe('users');
    expect(patternLiteral('say "hi"', 'exact')).toBe('say ');
    expect(patternLiteral('Ééé', 'exact')).toBeNull();
  });

  it('has no literal for a pattern of only wildcards', () => {
    expect(patternLiteral('*', 'wildcard')).toBeNull();
    expect(patternLiteral('?*?', 'wildcard')).toBeNull();
    expect(patternLiteral('', 'exact')).toBeNull();
  });

  it('picks the group with the longest shortest literal and drops covered literals', () => {
    const names = { mode: 'wildcard' as const, caseInsensitive: true, patterns: ['*.pif', 'python*'] };
    const domains = {
      mode: 'wildcard' as const,
      caseInsensitive: true,
      patterns: ['api.openai.com', 'chat.openai.com', '*.openai.com', 'claude.ai'],
    };
    expect(chooseRequiredLiterals([names, domains])).toEqual(['.openai.com', 'claude.ai']);
    expect(chooseRequiredLiterals([{ mode: 'wildcard', caseInsensitive: true, patterns: ['*'] }])).toBeNull();
  });
});

describe('dropping covered literals', () => {
  it('keeps exactly the literals that contain no other kept literal, like the pairwise definition', async () => {
    const { dropCoveredLiterals } = await import('./literals.js');
    const fc = (await import('fast-check')).default;
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', '.'), minLength: 1, maxLength: 6 }), { maxLength: 30 }),
        (literals) => {
          const unique = [...new Set(literals)].sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
          const expected: string[] = [];
          for (const literal of unique) if (!expected.some((shorter) => literal.includes(shorter))) expected.push(literal);
          expect(dropCoveredLiterals(literals)).toEqual(expected.sort());
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps 13,000 distinct domain literals, none of which covers another', async () => {
    const { dropCoveredLiterals } = await import('./literals.js');
    const literals = Array.from({ length: 13_000 }, (_, index) => `api.provider-${index}.example.invalid`);
    expect(dropCoveredLiterals(literals)).toHaveLength(13_000);
  });
});
