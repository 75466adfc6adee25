/**
 * End-to-end helpers: run the built command (`node bin/llm-egress.js`) as a user would,
 * and build small event files from the whole-rule cases of SEMANTICS.md (W1–W7).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const launcher = fileURLToPath(new URL('../bin/llm-egress.js', import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  input?: string | Buffer;
  env?: Record<string, string>;
  cwd?: string;
}

/** Runs the command to completion (asynchronously, so several may run at once). */
export function runCli(args: string[], options: RunOptions = {}): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [launcher, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (piece: Buffer) => stdout.push(piece));
    child.stderr.on('data', (piece: Buffer) => stderr.push(piece));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

export function temporaryDirectory(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `llm-egress-cli-${prefix}-`));
}

interface CaseEvent {
  name: string | string[];
  process: string;
  executable: string;
  codeSignature?: Record<string, unknown>;
}

/** An ECS DNS event of a Windows host, shaped like Elastic Defend's. */
export function dnsEvent(event: CaseEvent, serial: number): Record<string, unknown> {
  return {
    '@timestamp': `2026-11-30T09:${String(Math.floor(serial / 60) % 60).padStart(2, '0')}:${String(serial % 60).padStart(2, '0')}.000Z`,
    event: { category: ['network'], action: 'lookup_requested', id: `event-${serial}` },
    host: { name: `WS-${String(serial % 7).padStart(4, '0')}`, os: { type: 'windows' } },
    user: { name: 'bob' },
    dns: { question: { name: event.name } },
    process: {
      name: event.process,
      executable: event.executable,
      pid: 1000 + serial,
      ...(event.codeSignature ? { code_signature: event.codeSignature } : {}),
    },
  };
}

/** SEMANTICS.md W1–W7, with the verdicts of the current rule (v6) and of v2. */
export const WHOLE_RULE_CASES: Array<{ id: string; event: CaseEvent; v6: boolean; v2: boolean }> = [
  {
    id: 'W1',
    event: { name: 'chatgpt.com', process: 'rundll32.exe', executable: 'C:\\Windows\\System32\\rundll32.exe' },
    v2: true,
    v6: true,
  },
  {
    id: 'W2',
    event: { name: 'api.openai.com', process: 'pwsh.exe', executable: 'C:\\Program Files\\PowerShell\\7\\pwsh.exe' },
    v2: false,
    v6: false,
  },
  {
    id: 'W3',
    event: { name: 'x.hf.space', process: 'evil.exe', executable: 'C:\\Users\\bob\\Downloads\\evil.exe', codeSignature: { exists: false } },
    v2: true,
    v6: true,
  },
  { id: 'W4', event: { name: 'x.hf.space', process: 'evil.exe', executable: 'C:\\Users\\bob\\Downloads\\evil.exe' }, v2: false, v6: false },
  {
    id: 'W5',
    event: {
      name: 'api.anthropic.com',
      process: 'node.exe',
      executable: 'C:\\Users\\bob\\AppData\\Roaming\\nvm\\node.exe',
      codeSignature: { exists: true, trusted: true, subject_name: 'OpenJS Foundation' },
    },
    v2: true,
    v6: false,
  },
  {
    id: 'W6',
    event: { name: 'bedrock-runtime.us-east-1.amazonaws.com', process: 'python.exe', executable: 'C:\\Python311\\python.exe' },
    v2: false,
    v6: true,
  },
  {
    id: 'W7',
    event: { name: ['example.com', 'api.mistral.ai'], process: 'wscript.exe', executable: 'C:\\Windows\\System32\\wscript.exe' },
    v2: true,
    v6: true,
  },
];

export function caseLine(id: string, serial: number): string {
  const found = WHOLE_RULE_CASES.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no case ${id}`);
  return JSON.stringify(dnsEvent(found.event, serial));
}

/**
 * A file of many events (mostly quiet lookups, some W-case positives, a few malformed
 * lines), big enough to be split into byte ranges when the split size is small.
 * Returns the text and the 1-based lines that the current rule alerts on.
 */
export function mixedCorpus(lines: number): { text: string; alertLines: number[]; malformedLines: number[] } {
  const out: string[] = [];
  const alertLines: number[] = [];
  const malformedLines: number[] = [];
  for (let index = 0; index < lines; index++) {
    const line = index + 1;
    if (index % 97 === 13) {
      out.push(index % 2 === 0 ? `{"truncated": ` : 'plain text, not JSON');
      malformedLines.push(line);
    } else if (index % 41 === 5) {
      const positive = WHOLE_RULE_CASES[((index / 41) % WHOLE_RULE_CASES.length) | 0];
      out.push(JSON.stringify(dnsEvent(positive.event, index)));
      if (positive.v6) alertLines.push(line);
    } else if (index % 53 === 7) {
      out.push('');
    } else {
      out.push(
        JSON.stringify(
          dnsEvent(
            {
              name: `host${index}.example.com`,
              process: 'chrome.exe',
              executable: 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
            },
            index,
          ),
        ),
      );
    }
  }
  return { text: `${out.join('\n')}\n`, alertLines, malformedLines };
}

/** An alert as written by the command, loosely typed for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: tests walk parsed alert JSON freely
export type AlertJson = Record<string, any>;

export function parseNdjson(text: string): AlertJson[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}
