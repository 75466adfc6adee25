import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasShared, ruleEvent, SHARED_MISSING_MESSAGE, sharedPath } from '@llm-egress/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateReference } from '../interpreter/evaluate.js';
import { bundledRuleIds, loadBundledRule } from '../loaders/bundled.js';
import { loadRuleFile } from '../loaders/load.js';
import { ruleQuery } from '../loaders/query.js';
import { RuleFileError } from '../loaders/types.js';
import { decodePlan, encodePlan, programStackDepth } from '../plan/codec.js';
import { compileLoadedRules } from './compile-loaded.js';
import { queryVocabulary } from './vocabulary.test-helper.js';

const vectorsDir = fileURLToPath(new URL('../../test-vectors/', import.meta.url));

/** Whole-rule cases of SEMANTICS.md (W1–W7): event facts and the verdict of v2 and of the current rule. */
function wholeRuleEvent(name: string | string[], processName: string, executable: string, codeSignature?: Record<string, unknown>) {
  return {
    event: { category: ['network'] },
    host: { os: { type: 'windows' } },
    dns: { question: { name } },
    process: { name: processName, executable, ...(codeSignature ? { code_signature: codeSignature } : {}) },
  };
}
const WHOLE_RULE_CASES = [
  { id: 'W1', event: wholeRuleEvent('chatgpt.com', 'rundll32.exe', 'C:\\Windows\\System32\\rundll32.exe'), v2: true, current: true },
  {
    id: 'W2',
    event: wholeRuleEvent('api.openai.com', 'pwsh.exe', 'C:\\Program Files\\PowerShell\\7\\pwsh.exe'),
    v2: false,
    current: false,
  },
  {
    id: 'W3',
    event: wholeRuleEvent('x.hf.space', 'evil.exe', 'C:\\Users\\bob\\Downloads\\evil.exe', { exists: false }),
    v2: true,
    current: true,
  },
  { id: 'W4', event: wholeRuleEvent('x.hf.space', 'evil.exe', 'C:\\Users\\bob\\Downloads\\evil.exe'), v2: false, current: false },
  {
    id: 'W5',
    event: wholeRuleEvent('api.anthropic.com', 'node.exe', 'C:\\Users\\bob\\AppData\\Roaming\\nvm\\node.exe', {
      trusted: true,
      subject_name: 'OpenJS Foundation',
    }),
    v2: true,
    current: false,
  },
  {
    id: 'W6',
    event: wholeRuleEvent('bedrock-runtime.us-east-1.amazonaws.com', 'python.exe', 'C:\\Python311\\python.exe'),
    v2: false,
    current: true,
  },
  {
    id: 'W7',
    event: wholeRuleEvent(['example.com', 'api.mistral.ai'], 'wscript.exe', 'C:\\Windows\\System32\\wscript.exe'),
    v2: true,
    current: true,
  },
];

describe('whole-rule cases W1–W7 on the bundled rules', () => {
  for (const testCase of WHOLE_RULE_CASES) {
    it(`${testCase.id}: v2 ${testCase.v2}, current ${testCase.current}`, () => {
      expect(evaluateReference(ruleQuery(loadBundledRule('llm-endpoints@v2')), testCase.event)).toBe(testCase.v2);
      expect(evaluateReference(ruleQuery(loadBundledRule('llm-endpoints')), testCase.event)).toBe(testCase.current);
    });
  }
});

describe.skipIf(!hasShared)(
  `bundled rules agree with the upstream files (${hasShared ? 'reading ../shared' : SHARED_MISSING_MESSAGE})`,
  () => {
    const pairs = [
      { bundled: 'llm-endpoints', upstream: 'rules/command_and_control_common_llm_endpoint.toml' },
      { bundled: 'llm-endpoints@v2', upstream: 'rules/history/command_and_control_common_llm_endpoint.v2.toml' },
    ];
    for (const pair of pairs) {
      it(`${pair.bundled} ≡ ${pair.upstream} on generated events`, () => {
        const ours = ruleQuery(loadBundledRule(pair.bundled));
        const [upstreamRule] = loadRuleFile(sharedPath(pair.upstream));
        const theirs = ruleQuery(upstreamRule);
        const vocabulary = queryVocabulary([ours, theirs]);
        let matches = 0;
        fc.assert(
          fc.property(ruleEvent(vocabulary), (event) => {
            const verdict = evaluateReference(ours, event);
            if (verdict) matches += 1;
            expect(verdict).toBe(evaluateReference(theirs, event));
          }),
          { numRuns: 3000, seed: 10 },
        );
        // A property that never reaches a match would prove little.
        expect(matches).toBeGreaterThan(10);
      });
    }

    it('loads and compiles every upstream TOML rule, or rejects it with a precise unsupported error', () => {
      const files = ['rules', 'rules/history', 'rules/related'].flatMap((dir) =>
        readdirSync(sharedPath(dir))
          .filter((name) => name.endsWith('.toml'))
          .map((name) => sharedPath(dir, name)),
      );
      expect(files.length).toBeGreaterThanOrEqual(11);
      const outcomes: Record<string, string> = {};
      for (const file of files) {
        try {
          const plan = compileLoadedRules(loadRuleFile(file));
          expect(decodePlan(encodePlan(plan))).toEqual(plan);
          outcomes[file.replace(/^.*rules\//, '')] = 'compiled';
        } catch (error) {
          expect(error).toBeInstanceOf(RuleFileError);
          const diagnostic = (error as RuleFileError).diagnostics[0];
          expect(diagnostic.code).toMatch(/^(unsupported-|UNSUPPORTED_LANGUAGE)/);
          expect(diagnostic.line).toBeGreaterThan(0);
          outcomes[file.replace(/^.*rules\//, '')] = `${diagnostic.code} at ${diagnostic.line}:${diagnostic.column}`;
        }
      }
      // The LLM rule in every version must compile.
      for (const [file, outcome] of Object.entries(outcomes))
        if (file.includes('common_llm_endpoint')) expect(outcome, file).toBe('compiled');
    });
  },
);

describe('compiled plans of the bundled rules', () => {
  it('put one automaton per field, the DNS set first in each program, and a DNS prefilter', () => {
    for (const id of bundledRuleIds()) {
      const plan = compileLoadedRules([loadBundledRule(id)]);
      const fields = plan.stringSets.map((set) => plan.fields[set.field]);
      expect(new Set(fields).size).toBe(fields.length);
      const [first] = plan.rules[0].program;
      expect(first.op).toBe('predicate');
      const predicate = plan.predicates[(first as { index: number }).index];
      expect(plan.fields[predicate.field]).toBe('dns.question.name');
      expect(programStackDepth(plan.rules[0].program)).toBe(1);
      expect(plan.prefilter).not.toBeNull();
      expect(plan.prefilter).toContain('api.openai.com');
      expect(plan.prefilter).toContain('.openai.azure.com');
      expect(plan.prefilter?.every((literal) => literal === literal.toLowerCase())).toBe(true);
      expect(plan.patternProviders.length).toBeGreaterThanOrEqual(34);
    }
  });

  it('compiles several rules into one plan, sharing fields and predicates', () => {
    const both = compileLoadedRules(bundledRuleIds().map((id) => loadBundledRule(id)));
    expect(both.rules).toHaveLength(2);
    expect(both.fields.filter((field) => field === 'dns.question.name')).toHaveLength(1);
    const dnsSet = both.stringSets.find((set) => both.fields[set.field] === 'dns.question.name');
    expect(dnsSet?.groups.length).toBe(2);
  });

  it('keeps the committed sample plans (test vectors for the WASM side) stable', () => {
    const samples: Record<string, string[]> = {
      'llm-endpoints': ['llm-endpoints'],
      'llm-endpoints@v2': ['llm-endpoints@v2'],
      'both-bundled-rules': ['llm-endpoints', 'llm-endpoints@v2'],
    };
    for (const [name, ids] of Object.entries(samples)) {
      const plan = compileLoadedRules(ids.map((id) => loadBundledRule(id)));
      // Absolute paths differ per machine: vectors hold bundled ids, not files.
      const bytes = encodePlan(plan);
      const file = join(vectorsDir, `${name}.plan`);
      if (process.env.UPDATE_PLAN_VECTORS === '1') {
        writeFileSync(file, bytes);
        writeFileSync(join(vectorsDir, `${name}.plan.json`), `${JSON.stringify(plan, null, 2)}\n`);
      }
      expect(Buffer.from(bytes).equals(readFileSync(file)), `${name}.plan changed: rerun with UPDATE_PLAN_VECTORS=1 if intended`).toBe(
        true,
      );
      expect(decodePlan(readFileSync(file))).toEqual(plan);
    }
  });
});

describe('required-literal soundness', () => {
  for (const id of ['llm-endpoints', 'llm-endpoints@v2']) {
    it(`${id}: every generated event it matches contains one of the prefilter literals in its JSON`, () => {
      const rule = loadBundledRule(id);
      const query = ruleQuery(rule);
      const plan = compileLoadedRules([rule]);
      const literals = plan.prefilter ?? [];
      expect(literals.length).toBeGreaterThan(0);
      let matches = 0;
      fc.assert(
        fc.property(ruleEvent(queryVocabulary([query])), (event) => {
          if (!evaluateReference(query, event)) return;
          matches += 1;
          const line = JSON.stringify(event).replace(/[A-Z]/g, (c) => c.toLowerCase());
          expect(literals.some((literal) => line.includes(literal))).toBe(true);
        }),
        { numRuns: 3000, seed: 11 },
      );
      expect(matches).toBeGreaterThan(10);
    });
  }
});
