import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createDetector } from '@llm-egress/sdk';

const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));

/** Scans one NDJSON file with the bundled rule, an allowlist, a code plugin and suppression. */
export async function scanFile(path: string): Promise<string[]> {
  const detector = await createDetector({
    rules: ['llm-endpoints'], // the bundled current rule; or 'llm-endpoints@v2', or .toml/.ndjson/.eql files
    allowlists: [here('corp-allowlist.yaml')], // ours (.yaml/.json) or an Elastic exception-list export (.ndjson)
    plugins: [here('gateway-plugin.mjs')], // code allowlists: default export { name, allow(alert) }
    suppression: { windowSeconds: 300 }, // one alert per host + binary + domain per 5 minutes
  });
  const { alerts, counters } = await detector.scan(await readFile(path), { file: path, validate: true });
  console.error(`${counters.events} events, ${counters.alerts} alerts, ${counters.malformed} malformed lines`);
  return alerts.map((alert) => JSON.stringify(alert)); // Elastic-shaped alerts, one per line
}
