import { fc } from '@fast-check/vitest';
import { type Alert, createDetector, type Detector } from '@llm-egress/sdk';
import { hasShared, loadRealEvents, SHARED_MISSING_MESSAGE } from '@llm-egress/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { cut, runThrough } from '../test/streams.js';
import { createNdjsonDetectorStream } from './index.js';

/**
 * A raw Sysmon DNS event (EventID 22) shaped as the rule's data sources would shape it
 * (the real fields stay); every third one has its queried name replaced by an LLM API, so
 * its PowerShell lookups alert.
 */
function sysmonToEcs(raw: Record<string, unknown>, position: number): Record<string, unknown> {
  const image = String(raw.Image);
  return {
    ...raw,
    event: { category: ['network'] },
    host: { name: raw.Hostname, os: { type: 'windows' } },
    process: { executable: image, name: image.split('\\').at(-1), pid: Number(raw.ProcessId) },
    dns: { question: { name: position % 3 === 0 ? 'api.openai.com' : raw.QueryName } },
  };
}

describe.skipIf(!hasShared)(`real events from ../shared/real-events ${hasShared ? '' : SHARED_MISSING_MESSAGE}`, () => {
  let detector: Detector;
  let bytes: Buffer;
  beforeAll(async () => {
    detector = await createDetector();
    let sysmon = 0;
    const lines = loadRealEvents().map(({ event, ecs }) =>
      JSON.stringify(!ecs && 'QueryName' in event && 'Image' in event ? sysmonToEcs(event, sysmon++) : event),
    );
    bytes = Buffer.from(`${lines.join('\r\n')}\n`, 'utf8');
  });

  it('streamed in file-system-sized, odd-sized and random chunks, gives the alerts of one scan', async () => {
    const whole = await detector.scan(bytes, { file: 'real.ndjson', validate: true });
    expect(whole.alerts.length).toBeGreaterThan(5);
    expect(whole.errors).toEqual([]);
    const chunkings = [
      Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, index) => (index + 1) * 65536),
      Array.from({ length: Math.ceil(bytes.length / 4099) }, (_, index) => (index + 1) * 4099),
      fc.sample(fc.nat({ max: bytes.length }), { numRuns: 300, seed: 9 }),
    ];
    for (const points of chunkings) {
      const stream = await createNdjsonDetectorStream({ detector, name: 'real.ndjson', batchBytes: 100_000 });
      const alerts = await runThrough<Alert>(stream, cut(bytes, points));
      expect(alerts).toEqual(whole.alerts);
      expect(stream.counters).toEqual(whole.counters);
    }
  });
});
