// One vitest configuration for every workspace: the JSON report is what `.ci/run`
// sums into its `N passed, N failed` line.
import { defineConfig } from 'vitest/config';

export function workspaceVitestConfig(overrides = {}) {
  return defineConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts', 'bin/**/*.test.ts'],
      reporters: ['default', 'json'],
      outputFile: { json: 'test-results/vitest.json' },
      testTimeout: 120_000,
      hookTimeout: 120_000,
      ...overrides,
    },
  });
}
