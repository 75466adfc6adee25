import { expect, it } from 'vitest';
import { packageName } from './index.js';

it('exposes its package name', () => {
  expect(packageName).toBe('@llm-egress/rules');
});
