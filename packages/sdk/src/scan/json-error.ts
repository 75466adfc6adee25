/**
 * Where a line that JSON.parse rejected goes wrong: the 1-based byte column of the first
 * offending byte and a short reason. JSON.parse's own messages do not always give a
 * position, so malformed lines (rare) are re-read with this small scanner, which follows
 * the JSON grammar (RFC 8259) without building anything. Used for error reports only:
 * the verdict that a line is malformed always comes from JSON.parse itself.
 */
/** The message `locateJsonError` gives for a text that is one well-formed JSON object. */
export const VALID = 'valid JSON object';

export function locateJsonError(text: string): { column: number; message: string } {
  let position = 0;
  const length = text.length;
  const fail = (message: string): never => {
    throw new LocatedError(position, message);
  };
  const skipWhitespace = () => {
    while (position < length && (text[position] === ' ' || text[position] === '\t' || text[position] === '\n' || text[position] === '\r'))
      position++;
  };
  const expect = (character: string, message: string) => {
    if (text[position] !== character) fail(message);
    position++;
  };
  const readString = () => {
    expect('"', 'expected a string');
    while (true) {
      if (position >= length) fail('unterminated string');
      const code = text.charCodeAt(position);
      if (code === 0x22) {
        position++;
        return;
      }
      if (code < 0x20) fail('control character inside a string');
      if (code === 0x5c) {
        // An escape is reported at its backslash, as the raw-bytes executor does.
        const backslash = position;
        const escaped = text[position + 1];
        if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(position + 2, position + 6))) position += 6;
        else if (escaped !== undefined && '"\\/bfnrt'.includes(escaped)) position += 2;
        else {
          position = backslash;
          fail(escaped === 'u' ? 'invalid \\u escape' : 'invalid escape');
        }
      } else position++;
    }
  };
  const readNumber = () => {
    const match = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(position));
    if (!match || match[0] === '' || match[0] === '-') fail('invalid number');
    position += (match as RegExpExecArray)[0].length;
  };
  // Iterative: a container stack instead of recursion (lines may nest thousands deep).
  const containers: Array<'object' | 'array'> = [];
  /** Reads a scalar or an empty container (true), or opens a container and reads up to its first value (false). */
  const readValue = (): boolean => {
    skipWhitespace();
    const character = text[position];
    if (character === '{') {
      position++;
      skipWhitespace();
      if (text[position] === '}') {
        position++;
        return true;
      }
      containers.push('object');
      readString();
      skipWhitespace();
      expect(':', "expected ':' after a property name");
      return false;
    }
    if (character === '[') {
      position++;
      skipWhitespace();
      if (text[position] === ']') {
        position++;
        return true;
      }
      containers.push('array');
      return false;
    }
    if (character === '"') {
      readString();
      return true;
    }
    if (character === '-' || (character >= '0' && character <= '9')) {
      readNumber();
      return true;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, position)) {
        position += word.length;
        return true;
      }
    }
    return fail(position >= length ? 'unexpected end of line' : `unexpected character ${JSON.stringify(character)}`);
  };
  try {
    skipWhitespace();
    if (text[position] !== '{') fail(position >= length ? 'empty line' : 'a line must hold one JSON object');
    let needValue = true;
    while (true) {
      if (needValue) {
        needValue = !readValue();
        if (needValue) continue;
      }
      if (containers.length === 0) break;
      skipWhitespace();
      const top = containers[containers.length - 1];
      if (text[position] === (top === 'object' ? '}' : ']')) {
        position++;
        containers.pop();
        continue;
      }
      expect(',', top === 'object' ? "expected ',' or '}' after a property value" : "expected ',' or ']' after an array element");
      if (top === 'object') {
        skipWhitespace();
        readString();
        skipWhitespace();
        expect(':', "expected ':' after a property name");
      }
      needValue = true;
    }
    skipWhitespace();
    if (position < length) fail('unexpected text after the JSON object');
    return { column: 1, message: VALID };
  } catch (error) {
    if (error instanceof LocatedError) return { column: byteColumn(text, error.position), message: error.message };
    throw error;
  }
}

class LocatedError extends Error {
  constructor(
    readonly position: number,
    message: string,
  ) {
    super(message);
  }
}

/** 1-based UTF-8 byte column of a UTF-16 position. */
function byteColumn(text: string, position: number): number {
  return Buffer.byteLength(text.slice(0, position), 'utf8') + 1;
}
