import type { UserConfig } from 'vitest/config';

export function workspaceVitestConfig(overrides?: NonNullable<UserConfig['test']>): UserConfig;
