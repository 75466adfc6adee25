import { describe, expect, it } from 'vitest';
import {
  bundledRules,
  matchedRules,
  parsedQuery,
  planOf,
  referenceVerdict,
  rules,
  scanLines,
  withExecutors,
} from './executor.test-helper.js';

// SEMANTICS.md "Pinned cases": every executor must pass all of them. Events are written
// as NDJSON text (our own test values).
const NETWORK = '"event":{"category":["network"]}';
const PINNED: { name: string; line: string; query: string; expected: boolean }[] = [
  { name: 'T1', line: '{"event":{"category":"Network"}}', query: 'network where true', expected: false },
  { name: 'T2', line: '{"event":{"category":["process","network"]}}', query: 'network where true', expected: true },
  { name: 'T3', line: `{${NETWORK},"host":{"os":{"type":"Windows"}}}`, query: 'network where host.os.type == "windows"', expected: false },
  {
    name: 'T4',
    line: `{${NETWORK},"process":{"name":"PowerShell.EXE"}}`,
    query: 'network where process.name : ("powershell.exe", "pwsh.exe")',
    expected: true,
  },
  {
    name: 'T5',
    line: `{${NETWORK},"process":{"name":"powershell.exe"}}`,
    query: 'network where process.name == "power*"',
    expected: false,
  },
  { name: 'T6', line: `{${NETWORK},"process":{"name":"com"}}`, query: 'network where process.name : "*.com"', expected: false },
  {
    name: 'T7',
    line: `{${NETWORK},"process":{"executable":"c:\\\\users\\\\BOB\\\\AppData\\\\A.EXE"}}`,
    query: 'network where process.executable : "?:\\\\Users\\\\*.exe"',
    expected: true,
  },
  {
    name: 'T8',
    line: `{${NETWORK},"process":{"executable":"CC:\\\\Users\\\\a.exe"}}`,
    query: 'network where process.executable : "?:\\\\Users\\\\*.exe"',
    expected: false,
  },
  {
    name: 'T9',
    line: `{${NETWORK},"process":{"executable":"C:/Users/a.exe"}}`,
    query: 'network where process.executable : "?:\\\\Users\\\\*.exe"',
    expected: false,
  },
  {
    name: 'T10',
    line: `{${NETWORK},"process":{"executable":"😀:\\\\Users\\\\a.exe"}}`,
    query: 'network where process.executable : "?:\\\\Users\\\\*.exe"',
    expected: true,
  },
  {
    name: 'T11',
    line: `{${NETWORK},"dns":{"question":{"name":"openai.azure.com"}}}`,
    query: 'network where dns.question.name : "*.openai.azure.com"',
    expected: false,
  },
  {
    name: 'T12',
    line: `{${NETWORK},"dns":{"question":{"name":"MyRes.OpenAI.Azure.com"}}}`,
    query: 'network where dns.question.name : "*.openai.azure.com"',
    expected: true,
  },
  {
    name: 'T13',
    line: `{${NETWORK},"dns":{"question":{"name":"api.openai.com."}}}`,
    query: 'network where dns.question.name : "api.openai.com"',
    expected: false,
  },
  {
    name: 'T14',
    line: `{${NETWORK},"dns":{"question":{"name":"bedrock-runtime.amazonaws.com"}}}`,
    query: 'network where dns.question.name : "bedrock-runtime.*.amazonaws.com"',
    expected: false,
  },
  {
    name: 'T15',
    line: `{${NETWORK},"dns":{"question":{"name":"api.\\u212Ailo.ai"}}}`,
    query: 'network where dns.question.name : "api.kilo.ai"',
    expected: false,
  },
  { name: 'T16', line: `{${NETWORK},"process":{"name":"\\u00C9.EXE"}}`, query: 'network where process.name : "é.exe"', expected: false },
  { name: 'T17', line: `{${NETWORK},"process":{"name":"a\\nb.com"}}`, query: 'network where process.name : "*.com"', expected: true },
  { name: 'T18', line: `{${NETWORK},"dns":{"question":{"name":""}}}`, query: 'network where dns.question.name != null', expected: true },
  {
    name: 'T19',
    line: `{${NETWORK},"dns":{"question":{"name":[null]}}}`,
    query: 'network where dns.question.name != null',
    expected: false,
  },
  {
    name: 'T20',
    line: `{${NETWORK}}`,
    query: 'network where ?process.code_signature.trusted == false or ?process.code_signature.exists == false',
    expected: false,
  },
  {
    name: 'T21',
    line: `{${NETWORK},"process":{"code_signature":{"trusted":"false"}}}`,
    query: 'network where ?process.code_signature.trusted == false or ?process.code_signature.exists == false',
    expected: true,
  },
  {
    name: 'T22',
    line: `{${NETWORK}}`,
    query: 'network where not (?process.code_signature.trusted == true and ?process.code_signature.subject_name : ("Google LLC"))',
    expected: true,
  },
  {
    name: 'T23',
    line: `{${NETWORK},"process":{"code_signature":{"trusted":true,"subject_name":"google llc"}}}`,
    query: 'network where not (?process.code_signature.trusted == true and ?process.code_signature.subject_name : ("Google LLC"))',
    expected: false,
  },
  { name: 'T24', line: `{${NETWORK}}`, query: 'network where process.name != "x"', expected: true },
  {
    name: 'T25',
    line: `{${NETWORK},"process":{"name":["cmd.exe","powershell.exe"]}}`,
    query: 'network where process.name : "powershell.exe"',
    expected: true,
  },
  {
    name: 'T26',
    line: `{${NETWORK},"process":{"executable":["C:\\\\Program Files\\\\a.exe","C:\\\\Users\\\\b.exe"]}}`,
    query: 'network where not process.executable : "?:\\\\Program Files\\\\*.exe"',
    expected: false,
  },
  {
    name: 'T27',
    line: '{"event.category":"network","process.name":"mshta.exe"}',
    query: 'network where process.name : "MSHTA.exe"',
    expected: true,
  },
  {
    name: 'T28',
    line: `{${NETWORK},"process":{"name":"x"}}`,
    query: 'network where process.name : "x" // c "q" )\nand /* a\nb */ true',
    expected: true,
  },
];

describe('raw executor: SEMANTICS.md pinned cases T1–T28, both builds', () => {
  for (const pinned of PINNED) {
    it(`${pinned.name}: ${pinned.query.split('\n')[0]} → ${pinned.expected}`, () => {
      // the table itself agrees with the reference interpreter
      expect(referenceVerdict(parsedQuery(pinned.query), pinned.line)).toBe(pinned.expected);
      withExecutors(planOf([pinned.query]), (executor, variant) => {
        const result = scanLines(executor, [pinned.line]);
        expect(result.errors, variant).toEqual([]);
        expect(matchedRules(result, 1)[0].length === 1, `${variant} build`).toBe(pinned.expected);
      });
    });
  }
});

// SEMANTICS.md whole-rule cases W1–W7 on the bundled rule pack (llm-endpoints = the current
// upstream logic, llm-endpoints@v2 = the query this project was specified from).
function whole(name: string | string[], processName: string, executable: string, codeSignature?: object): string {
  return JSON.stringify({
    event: { category: ['network'] },
    host: { os: { type: 'windows' } },
    dns: { question: { name } },
    process: { name: processName, executable, ...(codeSignature ? { code_signature: codeSignature } : {}) },
  });
}

const WHOLE: { name: string; line: string; v2: boolean; current: boolean }[] = [
  { name: 'W1', line: whole('chatgpt.com', 'rundll32.exe', 'C:\\Windows\\System32\\rundll32.exe'), v2: true, current: true },
  { name: 'W2', line: whole('api.openai.com', 'pwsh.exe', 'C:\\Program Files\\PowerShell\\7\\pwsh.exe'), v2: false, current: false },
  { name: 'W3', line: whole('x.hf.space', 'evil.exe', 'C:\\Users\\bob\\Downloads\\evil.exe', { exists: false }), v2: true, current: true },
  { name: 'W4', line: whole('x.hf.space', 'evil.exe', 'C:\\Users\\bob\\Downloads\\evil.exe'), v2: false, current: false },
  {
    name: 'W5',
    line: whole('api.anthropic.com', 'node.exe', 'C:\\Users\\bob\\AppData\\Roaming\\nvm\\node.exe', {
      trusted: true,
      subject_name: 'OpenJS Foundation',
    }),
    v2: true,
    current: false,
  },
  {
    name: 'W6',
    line: whole('bedrock-runtime.us-east-1.amazonaws.com', 'python.exe', 'C:\\Python311\\python.exe'),
    v2: false,
    current: true,
  },
  {
    name: 'W7',
    line: whole(['example.com', 'api.mistral.ai'], 'wscript.exe', 'C:\\Windows\\System32\\wscript.exe'),
    v2: true,
    current: true,
  },
];

describe('raw executor: SEMANTICS.md whole-rule cases W1–W7 on the bundled rules, both builds', () => {
  const { plan, queries } = bundledRules();
  const current = plan.rules.findIndex((rule) => rule.metadata.source === 'llm-endpoints');
  const v2 = plan.rules.findIndex((rule) => rule.metadata.source === 'llm-endpoints@v2');
  for (const entry of WHOLE) {
    it(`${entry.name}: v2 ${entry.v2}, current ${entry.current}`, () => {
      expect(current).toBeGreaterThanOrEqual(0);
      expect(v2).toBeGreaterThanOrEqual(0);
      const event = JSON.parse(entry.line) as object;
      expect([rules.evaluateReference(queries[v2], event), rules.evaluateReference(queries[current], event)]).toEqual([
        entry.v2,
        entry.current,
      ]);
      withExecutors(plan, (executor, variant) => {
        const result = scanLines(executor, [entry.line]);
        const matched = matchedRules(result, 1)[0];
        expect([matched.includes(v2), matched.includes(current)], `${variant} build`).toEqual([entry.v2, entry.current]);
      });
    });
  }
});
