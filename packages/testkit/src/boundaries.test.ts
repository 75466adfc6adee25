import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script at the repository root, without types.
import { findBoundaryViolations, readWorkspaceManifests } from '../../../scripts/check-boundaries.mjs';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('package boundary check', () => {
  it('passes on the real workspace', () => {
    expect(findBoundaryViolations(readWorkspaceManifests(root))).toEqual([]);
  });

  it('fails when a package imports one above it (matcher -> sdk)', () => {
    const violations = findBoundaryViolations([{ name: '@llm-egress/matcher', dependencies: { '@llm-egress/sdk': '0.1.0' } }]);
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain('@llm-egress/matcher (layer 1) -> @llm-egress/sdk (layer 2)');
  });

  it('fails when siblings of one layer depend on each other (rules -> matcher)', () => {
    expect(findBoundaryViolations([{ name: '@llm-egress/rules', dependencies: { '@llm-egress/matcher': '0.1.0' } }])).toHaveLength(1);
  });

  it('allows a devDependency on testkit but not a runtime one, and keeps testkit a leaf', () => {
    expect(findBoundaryViolations([{ name: '@llm-egress/sdk', devDependencies: { '@llm-egress/testkit': '0.1.0' } }])).toEqual([]);
    expect(findBoundaryViolations([{ name: '@llm-egress/sdk', dependencies: { '@llm-egress/testkit': '0.1.0' } }])).toHaveLength(1);
    expect(findBoundaryViolations([{ name: '@llm-egress/testkit', devDependencies: { '@llm-egress/rules': '0.1.0' } }])).toHaveLength(1);
  });
});
