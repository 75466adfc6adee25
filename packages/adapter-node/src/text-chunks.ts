/**
 * Encodes string chunks to UTF-8 without breaking a surrogate pair cut between two
 * chunks: a chunk ending in a high surrogate keeps it back until the next chunk. (Encoding
 * each chunk alone would turn both halves into U+FFFD, changing the event's bytes.) A
 * surrogate still alone at the end becomes U+FFFD, as `Buffer.from` does.
 */
export class TextChunkEncoder {
  #pendingHighSurrogate = '';

  encode(chunk: Uint8Array | string, encoding: BufferEncoding | 'buffer' = 'utf8'): Uint8Array {
    if (typeof chunk !== 'string') {
      return this.#pendingHighSurrogate === '' ? chunk : Buffer.concat([this.finish(), chunk]);
    }
    if (!isUtf8(encoding)) return Buffer.concat([this.finish(), Buffer.from(chunk, encoding as BufferEncoding)]);
    let text = this.#pendingHighSurrogate + chunk;
    this.#pendingHighSurrogate = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.#pendingHighSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    return Buffer.from(text, 'utf8');
  }

  /** Bytes still held back (a lone high surrogate as U+FFFD), or none. */
  finish(): Uint8Array {
    const pending = this.#pendingHighSurrogate;
    this.#pendingHighSurrogate = '';
    return Buffer.from(pending, 'utf8');
  }
}

function isUtf8(encoding: string): boolean {
  const lower = encoding.toLowerCase();
  return lower === 'utf8' || lower === 'utf-8' || lower === 'buffer';
}
