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
    const domains = { mode: 'wildcard' as const, caseInsensitive: true, patterns: ['api.openai.com', 'chat.openai.com', '*.openai.com', 'claude.ai'] };
    expect(chooseRequiredLiterals([names, domains])).toEqual(['.openai.com', 'claude.ai']);
    expect(chooseRequiredLiterals([{ mode: 'wildcard', caseInsensitive: true, patterns: ['*'] }])).toBeNull();
  });
});
