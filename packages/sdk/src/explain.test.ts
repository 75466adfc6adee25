import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDetector, LlmEgressError, listBundledRules, RuleError } from './index.js';

const w5 = {
  event: { category: ['network'] },
  host: { os: { type: 'windows' } },
  dns: { question: { name: 'api.anthropic.com' } },
  process: {
    name: 'node.exe',
    executable: 'C:\\Users\\bob\\AppData\\Roaming\\nvm\\node.exe',
    code_signature: { trusted: true, subject_name: 'OpenJS Foundation' },
  },
};

describe('explain', () => {
  it('gives every clause with its position and truth, and why the rule did or did not alert', async () => {
    const detector = await createDetector({ rules: ['llm-endpoints@v2', 'llm-endpoints'] });
    const { rules } = detector.explain(w5);
    expect(rules.map((rule) => [rule.id, rule.matched])).toEqual([
      ['llm-endpoints@v2', true],
      ['llm-endpoints', false],
    ]);
    const v2 = rules[0];
    expect(v2.summary).toBe('Alert: every condition of Connection to Common Large Language Model Endpoints holds.');
    expect(v2.clauses[0]).toEqual({ text: 'network where', line: expect.any(Number), column: 1, value: true });
    const byText = (text: string) => v2.clauses.find((clause) => clause.text.startsWith(text));
    expect(byText('host.os.type == "windows"')?.value).toBe(true);
    expect(byText('process.name : (')?.value).toBe(true);
    expect(byText('?process.code_signature.subject_name : ( "AutoIt')?.value).toBe(true);
    expect(byText('?process.code_signature.trusted == false')?.value).toBe(false);
    expect(byText('host.os.type == "windows"')?.line).toBeGreaterThan(30);
    // the current rule excludes trusted node signed by the OpenJS Foundation
    expect(rules[1].summary).toMatch(/^No alert: `not \( \?process\.code_signature\.trusted == true and .*` is false\.$/);
  });

  it('says which conjuncts fail', async () => {
    const detector = await createDetector({ rules: ['llm-endpoints@v2'] });
    const [rule] = detector.explain({ ...w5, event: { category: 'Network' }, host: { os: { type: 'macos' } } }).rules;
    expect(rule.summary).toBe('No alert: event.category does not include "network" (and 1 more condition).');
    expect(() => detector.explain([w5])).toThrow(LlmEgressError);
  });
});

describe('rules and events that cannot be used are coded errors', () => {
  it('unknown bundled ids, bad rule files, no rules', async () => {
    await expect(createDetector({ rules: ['llm-endpoints@v9'] })).rejects.toBeInstanceOf(RuleError);
    const directory = mkdtempSync(join(tmpdir(), 'llm-egress-rules-'));
    const bad = join(directory, 'bad.eql');
    writeFileSync(bad, "network where\n  process.name == 'x'\n");
    const error = await createDetector({ rules: [bad] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RuleError);
    expect(error).toMatchObject({ code: 'single-quoted-string', file: bad, line: 2, column: 19 });
    // located once, with the offending line and a caret
    expect((error as Error).message.split(`${bad}:2:19`)).toHaveLength(2);
    expect((error as Error).message).toContain("process.name == 'x'\n");
    await expect(createDetector({ rules: [] })).rejects.toMatchObject({ code: 'RULES_EMPTY' });
    await expect(createDetector({ executor: 'fast' as never })).rejects.toMatchObject({ code: 'OPTIONS' });
    await expect(createDetector({ suppression: { windowSeconds: 0 } })).rejects.toMatchObject({ code: 'OPTIONS' });
  });

  it('evaluate refuses events that are not objects, with their location', async () => {
    const detector = await createDetector();
    for (const event of [null, [w5], 'text', 1]) {
      await expect(detector.evaluate(event, { file: 'a.json', line: 3 })).rejects.toMatchObject({
        code: 'EVENT_NOT_OBJECT',
        file: 'a.json',
        line: 3,
      });
    }
  });

  it('lists the bundled rule pack', () => {
    expect(listBundledRules().map((rule) => [rule.id, rule.version])).toEqual([
      ['llm-endpoints', 6],
      ['llm-endpoints@v2', 2],
    ]);
  });
});
