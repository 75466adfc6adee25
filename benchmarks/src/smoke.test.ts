import { expect, it } from 'vitest';
import { hasShared } from '@llm-egress/testkit';

it('sees the testkit', () => {
  expect(typeof hasShared).toBe('boolean');
});
