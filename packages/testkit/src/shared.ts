import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The read-only folder of public data beside the checkout (`../shared`): upstream rules,
 * real events, conformance suites. It is read at test time and never copied in.
 * `LLM_EGRESS_SHARED` overrides its location.
 */
export const sharedDir: string = process.env.LLM_EGRESS_SHARED
  ? resolve(process.env.LLM_EGRESS_SHARED)
  : resolve(join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared'));

export const hasShared: boolean = existsSync(join(sharedDir, 'SEMANTICS.md'));

export const SHARED_MISSING_MESSAGE = `skipped: ../shared (upstream rules, real events, conformance data) not found at ${sharedDir}; set LLM_EGRESS_SHARED to its location`;

if (!hasShared) console.warn(`[llm-egress testkit] ${SHARED_MISSING_MESSAGE}`);

/** Path of a file under ../shared. */
export function sharedPath(...parts: string[]): string {
  return join(sharedDir, ...parts);
}
