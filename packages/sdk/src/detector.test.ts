import { describe, expect, it } from 'vitest';
import { type Detector, createDetector } from './index.js';

/** SEMANTICS.md whole-rule cases W1–W7 (events also carry host.os.type windows and event.category network). */
const base = { event: { category: ['network'] }, host: { os: { type: 'windows' } } };
const whole = [
  { id: 'W1', dns: 'chatgpt.com', process: { name: 'rundll32.exe', executable: 'C:\\Windows\\System32\\rundll32.exe' }, v2: true, current: true },
  { id: 'W2', dns: 'api.openai.com', process: { name: 'pwsh.exe', executable: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe' }, v2: false, current: false },
  { id: 'W3', dns: 'x.hf.space', process: { name: 'evil.exe', executable: 'C:\\Users\\bob\\Downloads\\evil.exe', code_signature: { exists: false } }, v2: true, current: true },
  { id: 'W4', dns: 'x.hf.space', process: { name: 'evil.exe', executable: 'C:\\Users\\bob\\Downloads\\evil.exe' }, v2: false, current: false },
  {
    id: 'W5',
    dns: 'api.anthropic.com',
    process: { name: 'node.exe', executable: 'C:\\Users\\bob\\AppData\\Roaming\\nvm\\node.exe', code_signature: { trusted: true, subject_name: 'OpenJS Foundation' } },
    v2: true,
    current: false,
  },
  { id: 'W6', dns: 'bedrock-runtime.us-east-1.amazonaws.com', process: { name: 'python.exe', executable: 'C:\\Python311\\python.exe' }, v2: false, current: true },
  { id: 'W7', dns: ['example.com', 'api.mistral.ai'], process: { name: 'wscript.exe', executable: 'C:\\Windows\\System32\\wscript.exe' }, v2: true, current: true },
];

describe.each([
  { rule: 'llm-endpoints@v2', column: 'v2' as const },
  { rule: 'llm-endpoints', column: 'current' as const },
])('whole-rule cases W1–W7 through evaluate ($rule)', ({ rule, column }) => {
  let detector: Detector;
  it.each(whole)('$id', async (row) => {
    detector ??= await createDetector({ rules: [rule] });
    for (const executor of ['object', 'reference'] as const) {
      void executor;
    }
    const event = { ...base, dns: { question: { name: row.dns } }, process: row.process };
    const alerts = await detector.evaluate(event);
    expect(alerts.length).toBe(row[column] ? 1 : 0);
  });
});
