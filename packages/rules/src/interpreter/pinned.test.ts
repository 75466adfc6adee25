// SEMANTICS.md's pinned cases T1–T28, through the reference interpreter. The table is
// written out here (not read from SEMANTICS.md) so that a change to either is a visible diff.
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../eql/parser.js';
import { evaluateReference } from './evaluate.js';

const NETWORK = { event: { category: ['network'] } };

/** The event of a pinned case: `network` category unless the case says otherwise. */
function networkEvent(fields: Record<string, unknown>): Record<string, unknown> {
  return { ...NETWORK, ...fields };
}

const dnsName = (name: unknown) => networkEvent({ dns: { question: { name } } });
const executable = (path: unknown) => networkEvent({ process: { executable: path } });
const USERS_EXE = 'process.executable : "?:\\\\Users\\\\*.exe"';
const SIGNED_OR_ABSENT = '?process.code_signature.trusted == false or ?process.code_signature.exists == false';
const NOT_TRUSTED_GOOGLE = 'not (?process.code_signature.trusted == true and ?process.code_signature.subject_name : ("Google LLC"))';

interface PinnedCase {
  id: string;
  event: unknown;
  /** full query text (T1, T2) or the expression after `network where` */
  query: string;
  expected: boolean;
}

const cases: PinnedCase[] = [
  { id: 'T1', event: { event: { category: 'Network' } }, query: 'network where true', expected: false },
  { id: 'T2', event: { event: { category: ['process', 'network'] } }, query: 'network where true', expected: true },
  { id: 'T3', event: networkEvent({ host: { os: { type: 'Windows' } } }), query: 'host.os.type == "windows"', expected: false },
  {
    id: 'T4',
    event: networkEvent({ process: { name: 'PowerShell.EXE' } }),
    query: 'process.name : ("powershell.exe", "pwsh.exe")',
    expected: true,
  },
  { id: 'T5', event: networkEvent({ process: { name: 'powershell.exe' } }), query: 'process.name == "power*"', expected: false },
  { id: 'T6', event: networkEvent({ process: { name: 'com' } }), query: 'process.name : "*.com"', expected: false },
  { id: 'T7', event: executable('c:\\users\\BOB\\AppData\\A.EXE'), query: USERS_EXE, expected: true },
  { id: 'T8', event: executable('CC:\\Users\\a.exe'), query: USERS_EXE, expected: false },
  { id: 'T9', event: executable('C:/Users/a.exe'), query: USERS_EXE, expected: false },
  { id: 'T10', event: executable('😀:\\Users\\a.exe'), query: USERS_EXE, expected: true },
  { id: 'T11', event: dnsName('openai.azure.com'), query: 'dns.question.name : "*.openai.azure.com"', expected: false },
  { id: 'T12', event: dnsName('MyRes.OpenAI.Azure.com'), query: 'dns.question.name : "*.openai.azure.com"', expected: true },
  { id: 'T13', event: dnsName('api.openai.com.'), query: 'dns.question.name : "api.openai.com"', expected: false },
  {
    id: 'T14',
    event: dnsName('bedrock-runtime.amazonaws.com'),
    query: 'dns.question.name : "bedrock-runtime.*.amazonaws.com"',
    expected: false,
  },
  { id: 'T15', event: dnsName('api.\u212Ailo.ai'), query: 'dns.question.name : "api.kilo.ai"', expected: false },
  { id: 'T16', event: networkEvent({ process: { name: '\u00C9.EXE' } }), query: 'process.name : "é.exe"', expected: false },
  { id: 'T17', event: networkEvent({ process: { name: 'a\nb.com' } }), query: 'process.name : "*.com"', expected: true },
  { id: 'T18', event: dnsName(''), query: 'dns.question.name != null', expected: true },
  { id: 'T19', event: dnsName([null]), query: 'dns.question.name != null', expected: false },
  { id: 'T20', event: networkEvent({}), query: SIGNED_OR_ABSENT, expected: false },
  { id: 'T21', event: networkEvent({ process: { code_signature: { trusted: 'false' } } }), query: SIGNED_OR_ABSENT, expected: true },
  { id: 'T22', event: networkEvent({}), query: NOT_TRUSTED_GOOGLE, expected: true },
  {
    id: 'T23',
    event: networkEvent({ process: { code_signature: { trusted: true, subject_name: 'google llc' } } }),
    query: NOT_TRUSTED_GOOGLE,
    expected: false,
  },
  { id: 'T24', event: networkEvent({}), query: 'process.name != "x"', expected: true },
  {
    id: 'T25',
    event: networkEvent({ process: { name: ['cmd.exe', 'powershell.exe'] } }),
    query: 'process.name : "powershell.exe"',
    expected: true,
  },
  {
    id: 'T26',
    event: executable(['C:\\Program Files\\a.exe', 'C:\\Users\\b.exe']),
    query: 'not process.executable : "?:\\\\Program Files\\\\*.exe"',
    expected: false,
  },
  { id: 'T27', event: { 'event.category': 'network', 'process.name': 'mshta.exe' }, query: 'process.name : "MSHTA.exe"', expected: true },
  {
    id: 'T28',
    event: networkEvent({ process: { name: 'x' } }),
    query: 'process.name : "x" // c "q" )\nand /* a\nb */ true',
    expected: true,
  },
];

describe('SEMANTICS.md pinned cases through the reference interpreter', () => {
  it.each(cases)('$id', ({ event, query, expected }) => {
    const text = query.includes(' where ') ? query : `network where ${query}`;
    const parsed = parseQuery(text);
    expect(parsed.diagnostics).toEqual([]);
    if (!parsed.query) throw new Error('no query');
    expect(evaluateReference(parsed.query, event)).toBe(expected);
  });

  it('covers T1 to T28', () => {
    expect(cases.map((testCase) => testCase.id)).toEqual(Array.from({ length: 28 }, (_, index) => `T${index + 1}`));
  });
});
