/**
 * Seeded pseudo-random numbers: xoshiro128** (Blackman & Vigna), seeded through
 * splitmix32 so that any seed — a number or a string — spreads over all 128 state bits.
 * The corpus must be byte-for-byte reproducible from its seed, so nothing in the
 * generator may touch Math.random, the clock or unordered iteration.
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  constructor(seed: number | string) {
    let state = typeof seed === 'number' ? seed >>> 0 : hashString(String(seed));
    // Mix the high half of large numeric seeds in too, so seeds 1 and 2**32 + 1 differ.
    if (typeof seed === 'number' && Math.abs(seed) > 0xffffffff) state ^= Math.floor(seed / 0x100000000) >>> 0;
    const words: number[] = [];
    for (let index = 0; index < 4; index++) {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      words.push((z ^ (z >>> 16)) >>> 0);
    }
    [this.s0, this.s1, this.s2, this.s3] = words as [number, number, number, number];
    // The all-zero state is the one state xoshiro cannot leave.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** Next 32-bit unsigned integer. */
  next(): number {
    const result = Math.imul(rotateLeft(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotateLeft(this.s3, 11);
    return result;
  }

  /** Uniform float in [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.next() / 0x100000000;
  }

  /** Uniform integer in [0, bound) for bound ≥ 1 (bound ≤ 2**32). */
  int(bound: number): number {
    return Math.floor(this.float() * bound);
  }

  /** Uniform integer in [low, high] (both inclusive). */
  between(low: number, high: number): number {
    return low + this.int(high - low + 1);
  }

  /** True with the given probability. */
  chance(probability: number): boolean {
    return this.float() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Random.pick: empty list');
    return items[this.int(items.length)] as T;
  }

  /** Lower-case hexadecimal string of the given length. */
  hex(length: number): string {
    let text = '';
    while (text.length < length) {
      const word = this.next();
      text += HEX_BYTES[word >>> 24] + HEX_BYTES[(word >>> 16) & 255] + HEX_BYTES[(word >>> 8) & 255] + HEX_BYTES[word & 255];
    }
    return text.length === length ? text : text.slice(0, length);
  }

  /** Standard base64 text of `byteCount` random bytes (`byteCount` a multiple of 3: no padding). */
  base64(byteCount: number): string {
    let text = '';
    for (let index = 0; index < byteCount; index += 3) {
      const word = this.next();
      text += BASE64[word & 63] + BASE64[(word >>> 6) & 63] + BASE64[(word >>> 12) & 63] + BASE64[(word >>> 18) & 63];
    }
    return text;
  }

  /** A version-4-shaped UUID. */
  uuid(): string {
    const hex = this.hex(32);
    const variant = ((parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  /** An independent generator derived from this one (for sub-streams that must not shift the main one). */
  fork(): Random {
    return new Random(`${this.next()}:${this.next()}:${this.next()}`);
  }
}

/** Picks among weighted alternatives; weights need not sum to 1 but must not all be 0. */
export class WeightedChoice<T> {
  private readonly items: T[];
  private readonly cumulative: number[];
  private readonly total: number;

  constructor(entries: ReadonlyArray<readonly [T, number]>) {
    this.items = [];
    this.cumulative = [];
    let total = 0;
    for (const [item, weight] of entries) {
      if (!(weight >= 0) || !Number.isFinite(weight)) throw new Error(`WeightedChoice: weight ${weight} is not a finite number ≥ 0`);
      if (weight === 0) continue;
      total += weight;
      this.items.push(item);
      this.cumulative.push(total);
    }
    if (total === 0) throw new Error('WeightedChoice: every weight is 0');
    this.total = total;
  }

  pick(random: Random): T {
    const target = random.float() * this.total;
    const cumulative = this.cumulative;
    for (let index = 0; index < cumulative.length; index++) {
      if (target < (cumulative[index] as number)) return this.items[index] as T;
    }
    return this.items[this.items.length - 1] as T;
  }
}

const HEX_BYTES: string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function rotateLeft(value: number, bits: number): number {
  return ((value << bits) | (value >>> (32 - bits))) >>> 0;
}

/** FNV-1a over UTF-16 code units: a stable number for string seeds. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
