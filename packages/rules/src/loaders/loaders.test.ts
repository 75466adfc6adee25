import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childExpressions, type Expr, fieldName } from '../eql/ast.js';
import { evaluateReference } from '../interpreter/evaluate.js';
import { bundledRuleIds, DEFAULT_RULE_ID, listBundledRules, loadBundledRule } from './bundled.js';
import { loadRuleFile } from './load.js';
import { ruleQuery } from './query.js';
import { RuleFileError } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'llm-egress-rules-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function loadError(path: string): RuleFileError {
  try {
    loadRuleFile(path);
  } catch (error) {
    if (error instanceof RuleFileError) return error;
    throw error;
  }
  throw new Error('expected a RuleFileError');
}

const RULE_HEADER = `[rule]\nrule_id = "r-1"\nname = "test"\ndescription = "d"\nseverity = "low"\nrisk_score = 21\ntype = "eql"\nlanguage = "eql"\n`;

describe('bundled rule pack', () => {
  it('ships llm-endpoints (default) and llm-endpoints@v2 with the upstream identity', () => {
    expect(bundledRuleIds()).toEqual(['llm-endpoints', 'llm-endpoints@v2']);
    expect(DEFAULT_RULE_ID).toBe('llm-endpoints');
    for (const info of listBundledRules()) {
      const rule = loadBundledRule(info.id);
      expect(rule.ruleId).toBe('4ae94fc1-f08f-419f-b692-053d28219380');
      expect(rule.riskScore).toBe(47);
      expect(rule.severity).toBe('medium');
      expect(JSON.stringify(rule.threat)).toContain('TA0011');
      expect(JSON.stringify(rule.threat)).toContain('T1102');
    }
    expect(JSON.stringify(loadBundledRule('llm-endpoints').threat)).toContain('T1102.002');
    expect(JSON.stringify(loadBundledRule('llm-endpoints@v2').threat)).not.toContain('T1102.002');
  });

  it('maps every domain pattern of each bundled rule to a provider', () => {
    for (const id of bundledRuleIds()) {
      const rule = loadBundledRule(id);
      const domains: string[] = [];
      const pending: Expr[] = [ruleQuery(rule).where];
      while (pending.length > 0) {
        const expr = pending.pop() as Expr;
        if (expr.kind === 'wildcard' && fieldName(expr.field) === 'dns.question.name') domains.push(...expr.patterns);
        pending.push(...childExpressions(expr));
      }
      expect(domains.length).toBeGreaterThan(30);
      for (const domain of domains) expect(rule.providers[domain], `${id}: ${domain}`).toBeDefined();
      expect(Object.keys(rule.providers).sort()).toEqual([...domains].sort());
    }
  });

  it('gives each bundled example event its expected verdict', () => {
    for (const id of bundledRuleIds()) {
      const rule = loadBundledRule(id);
      expect(rule.examples.length).toBeGreaterThan(5);
      for (const example of rule.examples) {
        expect(evaluateReference(ruleQuery(rule), example.event), `${id}: ${example.why}`).toBe(example.expect);
      }
    }
  });
});

describe('rule file loaders', () => {
  it('loads a TOML rule and maps query errors to file line and column', () => {
    const ok = loadRuleFile(file('ok.toml', `${RULE_HEADER}query = '''\nprocess where process.name : "a.exe"\n'''\n`));
    expect(ok[0].queryLine).toBe(10);
    const error = loadError(file('bad.toml', `${RULE_HEADER}query = '''\nprocess where\n  process.name == 'x'\n'''\n`));
    expect(error.diagnostics[0]).toMatchObject({ code: 'single-quoted-string', line: 11, column: 19 });
    expect(error.message).toContain('bad.toml:11:19');
  });

  it('reports TOML syntax errors with their position', () => {
    const error = loadError(file('syntax.toml', '[rule]\nname = "x\n'));
    expect(error.diagnostics[0]).toMatchObject({ code: 'TOML_SYNTAX', line: 2 });
  });

  it('rejects KQL and ES|QL rules as an unsupported language', () => {
    const kql = RULE_HEADER.replace('type = "eql"\nlanguage = "eql"', 'type = "query"\nlanguage = "kuery"');
    const error = loadError(file('kql.toml', `${kql}query = "process.name: x"\n`));
    expect(error.diagnostics[0].code).toBe('UNSUPPORTED_LANGUAGE');
    expect(error.message).toContain('kuery');
  });

  it('rejects unsupported EQL with the construct and its position', () => {
    const error = loadError(file('regex.toml', `${RULE_HEADER}query = '''\nprocess where process.name regex "a.*"\n'''\n`));
    expect(error.diagnostics[0]).toMatchObject({ code: 'unsupported-regex', line: 10 });
  });

  it('loads a Kibana export, skipping the summary line', () => {
    const rule = {
      rule_id: 'k-1',
      name: 'kibana rule',
      severity: 'high',
      risk_score: 73,
      language: 'eql',
      type: 'eql',
      query: 'network where dns.question.name : "*.example"',
    };
    const rules = loadRuleFile(
      file('export.ndjson', `${JSON.stringify(rule)}\n${JSON.stringify({ ...rule, rule_id: 'k-2' })}\n{"exported_count":2}\n`),
    );
    expect(rules.map((r) => r.ruleId)).toEqual(['k-1', 'k-2']);
    const error = loadError(
      file('bad-export.ndjson', `${JSON.stringify(rule)}\n${JSON.stringify({ ...rule, query: 'network where (' })}\n`),
    );
    expect(error.diagnostics[0].line).toBe(2);
  });

  it('loads a plain .eql file with front matter', () => {
    const [rule] = loadRuleFile(
      file('x.eql', '---\nname: custom\nrisk_score: 73\n---\nnetwork where\n  dns.question.name : "api.example.com"\n'),
    );
    expect(rule).toMatchObject({ name: 'custom', riskScore: 73, queryLine: 5 });
    const error = loadError(file('y.eql', '---\nname: custom\n---\nnetwork where\n  dns.question.name : api\n'));
    expect(error.diagnostics[0].line).toBe(5);
  });

  it('names unreadable files and unknown extensions', () => {
    expect(loadError(join(dir, 'missing.toml')).diagnostics[0].code).toBe('RULE_FILE_UNREADABLE');
    expect(loadError(file('rule.txt', 'x')).diagnostics[0].code).toBe('RULE_FILE_TYPE');
  });
});

describe('rule references', () => {
  it('names the bundled ids when an unknown id is neither a bundled rule nor a file', async () => {
    const { loadRules } = await import('./load.js');
    expect(() => loadRules('llm-endpoints@v9')).toThrow(/unknown bundled rule "llm-endpoints@v9".*llm-endpoints, llm-endpoints@v2/);
    expect(loadRules('llm-endpoints@v2')[0].source).toBe('llm-endpoints@v2');
    expect(() => loadRules('missing/rule.toml')).toThrow(/RULE_FILE_UNREADABLE/);
  });
});
