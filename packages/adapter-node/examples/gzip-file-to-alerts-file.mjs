#!/usr/bin/env node
// A gzip-compressed NDJSON file in, an NDJSON file of alerts out.
//   node gzip-file-to-alerts-file.mjs logs/day1.ndjson.gz alerts.ndjson
import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { createNdjsonDetectorStream } from '@llm-egress/adapter-node';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: gzip-file-to-alerts-file.mjs <events.ndjson.gz> <alerts.ndjson>');
  process.exit(2);
}

// `name` becomes llm_egress.source.file; line numbers and offsets count in the decompressed file.
const detectorStream = await createNdjsonDetectorStream({ name: input });
detectorStream.on('warning', (warning) => console.error(`${input}:${warning.line}: ${warning.message}`));

await pipeline(
  createReadStream(input),
  createGunzip(),
  detectorStream,
  async function* (alerts) {
    for await (const alert of alerts) yield `${JSON.stringify(alert)}\n`;
  },
  createWriteStream(output),
);
console.error(JSON.stringify(detectorStream.counters));
