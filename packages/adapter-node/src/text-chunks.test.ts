import { fc, test } from '@fast-check/vitest';
import { expect, it } from 'vitest';
import { TextChunkEncoder } from './text-chunks.js';

test.prop(
  [fc.string({ unit: fc.constantFrom('a', '\n', 'é', '\uD83D', '\uDE00', '😀'), maxLength: 30 }), fc.array(fc.nat(), { maxLength: 8 })],
  { numRuns: 2000 },
)('string chunks cut anywhere, even inside a surrogate pair, encode to the bytes of the whole text', (text, cuts) => {
  const encoder = new TextChunkEncoder();
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let previous = 0;
  for (const point of [...points, text.length]) {
    parts.push(encoder.encode(text.slice(previous, point), 'utf8'));
    previous = point;
  }
  parts.push(encoder.finish());
  expect(Buffer.concat(parts).equals(Buffer.from(text, 'utf8'))).toBe(true);
});

it('passes byte chunks through untouched, after any surrogate left alone before them', () => {
  const encoder = new TextChunkEncoder();
  const bytes = Buffer.from('{"a":1}\n');
  expect(encoder.encode(bytes)).toBe(bytes);
  expect(Buffer.from(encoder.encode('x\uD83D')).toString()).toBe('x');
  expect(Buffer.from(encoder.encode(bytes)).equals(Buffer.concat([Buffer.from('\uFFFD'), bytes]))).toBe(true);
});

it('encodes other encodings as Node would', () => {
  expect(Buffer.from(new TextChunkEncoder().encode('7b7d0a', 'hex')).toString()).toBe('{}\n');
});
