/**
 * A `.json` file (or standard input) that holds one JSON array of events. It is parsed
 * whole with JSON.parse: memory is about three times the document's size (bytes, string,
 * objects), unlike NDJSON, which is streamed in bounded chunks. Write big archives as NDJSON.
 */

export type JsonArrayParse =
  | { ok: true; elements: unknown[] }
  /** `location` is ':line:column' (1-based) when known, or '' */
  | { ok: false; location: string; message: string };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** 1-based line and column (in UTF-16 units, as editors count) of a string index. */
export function lineAndColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let position = text.indexOf('\n'); position !== -1 && position < index; position = text.indexOf('\n', position + 1)) {
    line++;
    lineStart = position + 1;
  }
  return { line, column: index - lineStart + 1 };
}

/** V8's JSON.parse messages carry "position N" (and sometimes line/column); keep the reason. */
function locateParseError(text: string, message: string): { location: string; message: string } {
  const position = /at position (\d+)/.exec(message);
  const reason = message.replace(/\s*in JSON at position \d+.*$/s, '').replace(/\s*\(line \d+ column \d+\)$/, '');
  if (!position) return { location: '', message: `invalid JSON: ${reason}` };
  const { line, column } = lineAndColumn(text, Number(position[1]));
  return { location: `:${line}:${column}`, message: `invalid JSON: ${reason}` };
}

export function parseJsonArray(bytes: Uint8Array): JsonArrayParse {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, location: '', message: 'not valid UTF-8' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, ...locateParseError(text, error instanceof Error ? error.message : String(error)) };
  }
  if (!Array.isArray(value)) return { ok: false, location: '', message: 'expected one JSON array of events' };
  return { ok: true, elements: value };
}
