import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const launcher = fileURLToPath(new URL('../bin/llm-egress.js', import.meta.url));

it('prints help through the committed launcher', () => {
  const result = spawnSync(process.execPath, [launcher, '--help'], { encoding: 'utf8' });
  expect(result.status).toBe(0);
  expect(result.stdout).toContain('Usage: llm-egress');
  expect(result.stdout).toContain('scan');
});
