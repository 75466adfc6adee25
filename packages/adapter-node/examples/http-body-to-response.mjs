#!/usr/bin/env node
// An HTTP service: POST an NDJSON body (optionally `Content-Encoding: gzip`), get the alerts
// back as NDJSON while the body is still arriving; the last line is a summary with the
// counters and the first 100 malformed lines.
//   node http-body-to-response.mjs   # listens on $PORT (default 8080)
//   curl --data-binary @events.ndjson http://localhost:8080/scan
import { once } from 'node:events';
import { createServer } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { createGunzip } from 'node:zlib';
import { createNdjsonDetectorStream } from '@llm-egress/adapter-node';
import { createDetector } from '@llm-egress/sdk';

/** One detector (rules compiled, WebAssembly loaded once), one stream per request. */
export async function createScanServer(detectorOptions = {}) {
  const detector = await createDetector(detectorOptions);
  return createServer((request, response) => {
    if (request.method !== 'POST') {
      response.writeHead(405, { allow: 'POST' }).end('POST an NDJSON body\n');
      return;
    }
    scan(detector, request, response).catch((error) => {
      // After the first alert the status is sent: all we can do is cut the response short.
      if (response.headersSent) response.destroy(error);
      else response.writeHead(400, { 'content-type': 'text/plain' }).end(`${error.message}\n`);
    });
  });
}

async function scan(detector, request, response) {
  const stream = await createNdjsonDetectorStream({ detector, name: request.url });
  const warnings = [];
  stream.on('warning', (warning) => {
    if (warnings.length < 100) warnings.push(warning);
  });
  const body = request.headers['content-encoding'] === 'gzip' ? [request, createGunzip()] : [request];
  // The response is written by hand, not piped: a failure before the first alert can still become a 400.
  await pipeline(...body, stream, async (alerts) => {
    for await (const alert of alerts) await send(response, alert);
    await send(response, { llm_egress_summary: { counters: stream.counters, warnings } });
  });
  response.end();
}

/** Writes one NDJSON line, waiting while the client reads slower than the detector scans. */
async function send(response, value) {
  if (!response.headersSent) response.writeHead(200, { 'content-type': 'application/x-ndjson' });
  if (!response.write(`${JSON.stringify(value)}\n`)) await Promise.race([once(response, 'drain'), once(response, 'close')]);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const server = await createScanServer();
  server.listen(Number(process.env.PORT ?? 8080), () => console.error(`listening on http://localhost:${server.address().port}/scan`));
}
