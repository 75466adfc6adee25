import { hasShared } from '@llm-egress/testkit';
import { expect, it } from 'vitest';

it('sees the testkit', () => {
  expect(typeof hasShared).toBe('boolean');
});
