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
import { evaluateRules, loadCorpusRules, projectedFieldValues } from './rules.js';

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
const FIELDS = [
  'dns.question.name',
  'event.category',
  'host.os.type',
  'process.name',
  'process.executable',
  'process.code_signature.trusted',
];

describe('conjunct-by-conjunct evaluation never changes a verdict', () => {
  it("agrees with the whole query on the whole event, for events built from the rules' own vocabulary in every nesting", () => {
    let alerts = 0;
    fc.assert(
      fc.property(ruleEvent(vocabulary), (event) => {
        const shared = evaluateRules(rules, event);
        for (const rule of rules) {
          const whole = rule.evaluateFully(event);
          expect(rule.evaluate(event)).toBe(whole);
          expect(shared[rule.id]).toBe(whole);
          if (whole) alerts++;
        }
      }),
      { numRuns: 3000 },
    );
    // the property is only worth something if alerting events were generated too
    expect(alerts).toBeGreaterThan(20);
  });

  it('reads fields like the reference interpreter on arbitrary spellings', () => {
    fc.assert(
      fc.property(eqlEvent(), (event) => {
        for (const name of FIELDS) {
          for (const path of [name.split('.'), [name], [name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)]]) {
            expect(projectedFieldValues(fieldValues as never, event, path)).toEqual(fieldValues(event, path));
          }
        }
      }),
      { numRuns: 2000 },
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

  it('counts what the first conjunct settled', () => {
    const [rule] = loadCorpusRules();
    expect(rule?.evaluate({ event: { category: ['network'] } })).toBe(false);
    expect(rule?.evaluate({ event: { category: ['file'] }, dns: { question: { name: 'api.openai.com' } } })).toBe(false);
    const positive = {
      event: { category: ['network'] },
      host: { os: { type: 'windows' } },
      dns: { question: { name: 'api.openai.com' } },
      process: { name: 'powershell.exe', executable: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe' },
    };
    expect(rule?.evaluate(positive)).toBe(true);
    expect(rule?.evaluate({ ...positive, host: { os: { type: 'linux' } } })).toBe(false);
    // only the event without any dns.question.name is decided by the domain list alone
    expect(rule?.statistics).toEqual({ events: 4, decidedByFirstConjunct: 1 });
  });

  it("gives the whole interpreter's answer for values that are not events", () => {
    const [rule] = loadCorpusRules();
    for (const value of [42, null, [], 'x']) expect(() => rule?.evaluate(value)).toThrow(TypeError);
  });
});
