// SEMANTICS.md's whole-rule cases W1–W7, on the upstream rule files read from ../shared at
// test time: v2 (the query this project was specified from) and the current version.
import { readdirSync, readFileSync } from 'node:fs';
import { hasShared, SHARED_MISSING_MESSAGE, sharedPath } from '@llm-egress/testkit';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { checkQuery } from '../eql/checker.js';
import { parseQuery } from '../eql/parser.js';
import { evaluateReference } from './evaluate.js';

const V2 = 'rules/history/command_and_control_common_llm_endpoint.v2.toml';
const CURRENT = 'rules/command_and_control_common_llm_endpoint.toml';

function parseRuleFile(relativePath: string) {
  const document = parse(readFileSync(sharedPath(relativePath), 'utf8')) as { rule: { query: string } };
  const { query, diagnostics } = parseQuery(document.rule.query, { file: relativePath });
  expect(diagnostics).toEqual([]);
  if (!query) throw new Error(`${relativePath} does not parse`);
  return query;
}

function loadQuery(relativePath: string) {
  const query = parseRuleFile(relativePath);
  expect(checkQuery(query)).toEqual([]);
  return query;
}

/** The one related rule that uses `regex`, which is rejected (Lucene regular expressions are not implemented). */
const REGEX_RULE = 'rules/related/command_and_control_genai_process_suspicious_tld_connection.toml';

interface Process {
  executable: string;
  code_signature?: Record<string, unknown>;
}

/** A Windows DNS-lookup event, as the W cases describe them. */
function lookup(name: string | string[], process: Process): Record<string, unknown> {
  return {
    event: { category: ['network'] },
    host: { os: { type: 'windows' } },
    dns: { question: { name } },
    process: { name: process.executable.split('\\').at(-1), ...process },
  };
}

const W3_PROCESS = { executable: 'C:\\Users\\bob\\Downloads\\evil.exe' };

const cases = [
  { id: 'W1', event: lookup('chatgpt.com', { executable: 'C:\\Windows\\System32\\rundll32.exe' }), v2: true, current: true },
  { id: 'W2', event: lookup('api.openai.com', { executable: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe' }), v2: false, current: false },
  { id: 'W3', event: lookup('x.hf.space', { ...W3_PROCESS, code_signature: { exists: false } }), v2: true, current: true },
  { id: 'W4', event: lookup('x.hf.space', W3_PROCESS), v2: false, current: false },
  {
    id: 'W5',
    event: lookup('api.anthropic.com', {
      executable: 'C:\\Users\\bob\\AppData\\Roaming\\nvm\\node.exe',
      code_signature: { exists: true, trusted: true, subject_name: 'OpenJS Foundation' },
    }),
    v2: true,
    current: false,
  },
  {
    id: 'W6',
    event: lookup('bedrock-runtime.us-east-1.amazonaws.com', { executable: 'C:\\Python311\\python.exe' }),
    v2: false,
    current: true,
  },
  {
    id: 'W7',
    event: lookup(['example.com', 'api.mistral.ai'], { executable: 'C:\\Windows\\System32\\wscript.exe' }),
    v2: true,
    current: true,
  },
];

describe.skipIf(!hasShared)(`whole-rule cases W1–W7 (${hasShared ? 'rules from ../shared' : SHARED_MISSING_MESSAGE})`, () => {
  it.each(cases)('$id: v2 $v2, current $current', ({ event, v2, current }) => {
    expect(evaluateReference(loadQuery(V2), event)).toBe(v2);
    expect(evaluateReference(loadQuery(CURRENT), event)).toBe(current);
  });

  it('parses and checks every upstream rule, history and related rules included', () => {
    const files = [
      CURRENT,
      ...readdirSync(sharedPath('rules', 'history')).map((name) => `rules/history/${name}`),
      ...readdirSync(sharedPath('rules', 'related')).map((name) => `rules/related/${name}`),
    ].filter((file) => file.endsWith('.toml'));
    expect(files.length).toBeGreaterThanOrEqual(11);
    for (const file of files) {
      if (file === REGEX_RULE) {
        expect(checkQuery(parseRuleFile(file)).map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual([
          'unsupported-regex 28:6',
          'unsupported-regex 32:6',
        ]);
      } else {
        loadQuery(file);
      }
    }
  });
});
