import { fieldValues } from '@llm-egress/rules';
import { eqlEvent, ruleEvent } from '@llm-egress/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MACOS_SCRIPTING_HOSTS,
  WINDOWS_EXCLUDED_SIGNERS,
  WINDOWS_LLM_BENIGN,
  WINDOWS_PROGRAM_FILES_RUNTIMES,
  WINDOWS_SCRIPTING_HOSTS,
  WINDOWS_USER_FOLDER_BINARIES,
} from './catalogue.js';
import { loadCorpusRules, projectedFieldValues } from './rules.js';

const rules = loadCorpusRules();
const templates = [
  ...WINDOWS_SCRIPTING_HOSTS,
  ...MACOS_SCRIPTING_HOSTS,
  ...WINDOWS_USER_FOLDER_BINARIES,
  ...WINDOWS_PROGRAM_FILES_RUNTIMES,
  ...WINDOWS_EXCLUDED_SIGNERS,
  ...WINDOWS_LLM_BENIGN,
];
const vocabulary = {
  domains: [...new Set(rules.flatMap((rule) => rule.domainPatterns))],
  processNames: [...new Set(templates.map((template) => template.name))],
  executables: [...new Set(templates.map((template) => template.executable.replaceAll('%USER%', 'bob')))],
  signers: [
    'Google LLC',
    'OpenJS Foundation',
    'Python Software Foundation',
    'AutoIt Consulting Ltd',
    'Anthropic, PBC',
    'Microsoft Windows',
  ],
};

describe('the gate (dns.question.name conjunct) never changes a verdict', () => {
  it("on events built from the rules' own vocabulary, in every nesting", () => {
    let alerts = 0;
    fc.assert(
      fc.property(ruleEvent(vocabulary), (event) => {
        for (const rule of rules) {
          const full = rule.evaluateFully(event);
          expect(rule.evaluate(event)).toBe(full);
          if (full) alerts++;
        }
      }),
      { numRuns: 3000 },
    );
    // the property is only worth something if alerting events were generated too
    expect(alerts).toBeGreaterThan(20);
  });

  it('reads dns.question.name like the reference interpreter on arbitrary spellings', () => {
    fc.assert(
      fc.property(eqlEvent(), (event) => {
        expect(projectedFieldValues(fieldValues as never, event, ['dns', 'question', 'name'])).toEqual(
          fieldValues(event, ['dns', 'question', 'name']),
        );
        expect(projectedFieldValues(fieldValues as never, event, ['process.code_signature', 'trusted'])).toEqual(
          fieldValues(event, ['process', 'code_signature', 'trusted']),
        );
      }),
      { numRuns: 3000 },
    );
    const tricky = {
      'dns.question': { name: 'a' },
      dns: [{ question: { name: 'b' } }, { 'question.name': ['c', null] }],
      'dnsx.question.name': 'no',
      'dns.question.name': 'd',
    };
    expect(projectedFieldValues(fieldValues as never, tricky, ['dns', 'question', 'name'])).toEqual(
      fieldValues(tricky, ['dns', 'question', 'name']),
    );
    expect(fieldValues(tricky, ['dns', 'question', 'name']).sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('counts what it settled and what it passed on', () => {
    const [rule] = loadCorpusRules();
    rule?.evaluate({ event: { category: ['network'] } });
    rule?.evaluate({
      event: { category: ['network'] },
      host: { os: { type: 'windows' } },
      dns: { question: { name: 'api.openai.com' } },
      process: { name: 'powershell.exe', executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' },
    });
    expect(rule?.statistics).toEqual({ gated: 1, full: 1 });
  });
});
