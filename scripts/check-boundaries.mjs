#!/usr/bin/env node
// Runtime dependencies between workspaces must point down the layer order of
// ARCHITECTURE.md. devDependencies on the private testkit are allowed everywhere;
// testkit itself stays a leaf with no workspace dependencies at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Layer of each workspace: a package may depend only on packages of a lower layer. */
export const LAYERS = {
  '@llm-egress/testkit': 0,
  '@llm-egress/matcher': 1,
  '@llm-egress/rules': 1,
  '@llm-egress/sdk': 2,
  '@llm-egress/adapter-node': 3,
  '@llm-egress/cli': 4,
  '@llm-egress/benchmarks': 5,
};

const TESTKIT = '@llm-egress/testkit';

/**
 * @param {Array<{name: string, dependencies?: Record<string,string>, devDependencies?: Record<string,string>, peerDependencies?: Record<string,string>, optionalDependencies?: Record<string,string>}>} manifests
 * @returns {string[]} one message per violation
 */
export function findBoundaryViolations(manifests) {
  const violations = [];
  for (const manifest of manifests) {
    const ownLayer = LAYERS[manifest.name];
    if (ownLayer === undefined) {
      violations.push(`${manifest.name}: not in the layer table of scripts/check-boundaries.mjs`);
      continue;
    }
    const runtime = { ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies };
    for (const dependency of Object.keys(runtime)) {
      if (!(dependency in LAYERS)) continue;
      if (manifest.name === TESTKIT || dependency === TESTKIT) {
        violations.push(`${manifest.name} -> ${dependency}: testkit is a leaf and only a devDependency`);
      } else if (LAYERS[dependency] >= ownLayer) {
        violations.push(
          `${manifest.name} (layer ${ownLayer}) -> ${dependency} (layer ${LAYERS[dependency]}): runtime dependencies must point down`,
        );
      }
    }
    if (manifest.name === TESTKIT) {
      for (const dependency of Object.keys(manifest.devDependencies ?? {})) {
        if (dependency in LAYERS) violations.push(`${TESTKIT} -> ${dependency}: testkit must not depend on any workspace`);
      }
    }
  }
  return violations;
}

export function readWorkspaceManifests(root) {
  const manifests = [];
  for (const group of ['packages', 'apps']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const file = join(dir, name, 'package.json');
      if (existsSync(file)) manifests.push(JSON.parse(readFileSync(file, 'utf8')));
    }
  }
  const benchmarks = join(root, 'benchmarks', 'package.json');
  if (existsSync(benchmarks)) manifests.push(JSON.parse(readFileSync(benchmarks, 'utf8')));
  return manifests;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const violations = findBoundaryViolations(readWorkspaceManifests(root));
  if (violations.length > 0) {
    console.error(`Package boundary check failed:\n  ${violations.join('\n  ')}`);
    process.exit(1);
  }
  console.log('Package boundaries: every runtime dependency points down.');
}
