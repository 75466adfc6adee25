#!/usr/bin/env node
// NDJSON events on stdin, one alert per line on stdout; malformed lines and a summary on stderr.
//   zcat events.ndjson.gz | node stdin-to-stdout.mjs > alerts.ndjson
import { pipeline } from 'node:stream/promises';
import { createNdjsonDetectorStream } from '@llm-egress/adapter-node';

const detectorStream = await createNdjsonDetectorStream({ name: '-' });
detectorStream.on('warning', (warning) => console.error(`-:${warning.line}: ${warning.message}`));

await pipeline(
  process.stdin,
  detectorStream,
  async function* (alerts) {
    for await (const alert of alerts) yield `${JSON.stringify(alert)}\n`;
  },
  process.stdout,
);
const { events, alerts, malformed } = detectorStream.counters;
console.error(`${events} events, ${alerts} alerts, ${malformed} malformed lines`);
