import { fc, test } from '@fast-check/vitest';
import { loadMatcherModule, type MatcherModule } from '@llm-egress/matcher';
import { evaluateReference } from '@llm-egress/rules';
import { eqlCase, eqlEvent, eqlQuery, eqlTextPool } from '@llm-egress/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { planOf, wasmMatchers } from '../../test/helpers.js';
import { ObjectExecutor } from './object-executor.js';

let module: MatcherModule;
beforeAll(async () => {
  module = await loadMatcherModule('node');
});

function executorFor(texts: string[]) {
  const { plan, queries } = planOf(texts);
  return { executor: new ObjectExecutor(plan, wasmMatchers(module)), queries };
}

const verdict = (texts: string[], event: object) =>
  executorFor(texts)
    .executor.run(event)
    .matches.map((match) => match.rule);

/** SEMANTICS.md pinned cases T1–T28 through the Plan and the object executor. */
const network = { event: { category: ['network'] } };
const pinned: Array<[string, object, string, boolean]> = [
  ['T1', { event: { category: 'Network' } }, 'network where true', false],
  ['T2', { event: { category: ['process', 'network'] } }, 'network where true', true],
  ['T3', { ...network, host: { os: { type: 'Windows' } } }, 'network where host.os.type == "windows"', false],
  ['T4', { ...network, process: { name: 'PowerShell.EXE' } }, 'network where process.name : ("powershell.exe", "pwsh.exe")', true],
  ['T5', { ...network, process: { name: 'powershell.exe' } }, 'network where process.name == "power*"', false],
  ['T6', { ...network, process: { name: 'com' } }, 'network where process.name : "*.com"', false],
  [
    'T7',
    { ...network, process: { executable: 'c:\\users\\BOB\\AppData\\A.EXE' } },
    'network where process.executable : "?:\\\\Users\\\\*.exe"',
    true,
  ],
  ['T8', { ...network, process: { executable: 'CC:\\Users\\a.exe' } }, 'network where process.executable : "?:\\\\Users\\\\*.exe"', false],
  ['T9', { ...network, process: { executable: 'C:/Users/a.exe' } }, 'network where process.executable : "?:\\\\Users\\\\*.exe"', false],
  ['T10', { ...network, process: { executable: '😀:\\Users\\a.exe' } }, 'network where process.executable : "?:\\\\Users\\\\*.exe"', true],
  ['T11', { ...network, dns: { question: { name: 'openai.azure.com' } } }, 'network where dns.question.name : "*.openai.azure.com"', false],
  [
    'T12',
    { ...network, dns: { question: { name: 'MyRes.OpenAI.Azure.com' } } },
    'network where dns.question.name : "*.openai.azure.com"',
    true,
  ],
  ['T13', { ...network, dns: { question: { name: 'api.openai.com.' } } }, 'network where dns.question.name : "api.openai.com"', false],
  [
    'T14',
    { ...network, dns: { question: { name: 'bedrock-runtime.amazonaws.com' } } },
    'network where dns.question.name : "bedrock-runtime.*.amazonaws.com"',
    false,
  ],
  ['T15', { ...network, dns: { question: { name: 'api.\u212Ailo.ai' } } }, 'network where dns.question.name : "api.kilo.ai"', false],
  ['T16', { ...network, process: { name: '\u00C9.EXE' } }, 'network where process.name : "é.exe"', false],
  ['T17', { ...network, process: { name: 'a\nb.com' } }, 'network where process.name : "*.com"', true],
  ['T18', { ...network, dns: { question: { name: '' } } }, 'network where dns.question.name != null', true],
  ['T19', { ...network, dns: { question: { name: [null] } } }, 'network where dns.question.name != null', false],
  ['T20', { ...network }, 'network where ?process.code_signature.trusted == false or ?process.code_signature.exists == false', false],
  [
    'T21',
    { ...network, process: { code_signature: { trusted: 'false' } } },
    'network where ?process.code_signature.trusted == false or ?process.code_signature.exists == false',
    true,
  ],
  [
    'T22',
    { ...network },
    'network where not (?process.code_signature.trusted == true and ?process.code_signature.subject_name : ("Google LLC"))',
    true,
  ],
  [
    'T23',
    { ...network, process: { code_signature: { trusted: true, subject_name: 'google llc' } } },
    'network where not (?process.code_signature.trusted == true and ?process.code_signature.subject_name : ("Google LLC"))',
    false,
  ],
  ['T24', { ...network }, 'network where process.name != "x"', true],
  ['T25', { ...network, process: { name: ['cmd.exe', 'powershell.exe'] } }, 'network where process.name : "powershell.exe"', true],
  [
    'T26',
    { ...network, process: { executable: ['C:\\Program Files\\a.exe', 'C:\\Users\\b.exe'] } },
    'network where not process.executable : "?:\\\\Program Files\\\\*.exe"',
    false,
  ],
  ['T27', { 'event.category': 'network', 'process.name': 'mshta.exe' }, 'network where process.name : "MSHTA.exe"', true],
  ['T28', { ...network, process: { name: 'x' } }, 'network where process.name : "x" // c "q" )\nand /* a\nb */ true', true],
];

describe('pinned cases T1–T28 (SEMANTICS.md) through the object executor', () => {
  it.each(pinned)('%s', (_id, event, text, expected) => {
    expect(verdict([text], event)).toEqual(expected ? [0] : []);
  });
});

describe('agrees with the reference interpreter', () => {
  test.prop([eqlCase()], { numRuns: 1500 })('on generated queries and events of random shapes', ({ query: text, events }) => {
    const { executor, queries } = executorFor([text]);
    for (const event of events) {
      expect(executor.run(event).matches.length > 0).toBe(evaluateReference(queries[0], event));
    }
  });

  test.prop(
    [
      eqlTextPool().chain((pool) =>
        fc.record({
          texts: fc.array(eqlQuery(pool), { minLength: 2, maxLength: 5 }),
          events: fc.array(eqlEvent(pool), { minLength: 1, maxLength: 6 }),
        }),
      ),
    ],
    {
      numRuns: 400,
    },
  )('with several rules in one plan sharing fields, sets and predicates', ({ texts, events }) => {
    const { executor, queries } = executorFor(texts);
    for (const event of events) {
      const expected = queries.flatMap((query, rule) => (evaluateReference(query, event) ? [rule] : []));
      expect(executor.run(event).matches.map((match) => match.rule)).toEqual(expected);
    }
  });
});
