/**
 * IP addresses and CIDR blocks for `cidrMatch`, as Elasticsearch's `ip` field type sees
 * them: every address is 16 bytes, an IPv4 address being the IPv4-mapped IPv6 address
 * `::ffff:a.b.c.d`, so `10.0.0.0/8` and `::ffff:10.0.0.0/104` are the same block.
 * Parsing is strict like Elasticsearch's `InetAddresses`: no leading zeros in IPv4
 * octets, no zone ids, `::` stands for at least one group.
 */

export interface CidrBlock {
  /** 4 when written as an IPv4 block, 6 otherwise */
  family: 4 | 6;
  /** prefix length as written (0–32 for IPv4, 0–128 for IPv6); a bare address is a full-length block */
  prefixLength: number;
  /** the written address with host bits cleared: 4 bytes for IPv4, 16 for IPv6 */
  address: number[];
}

/** The 4 bytes of a dotted-quad IPv4 address, or undefined. */
export function parseIpv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes: number[] = [];
  for (const part of parts) {
    if (!/^[0-9]{1,3}$/.test(part)) return undefined;
    // leading zeros are ambiguous (octal or decimal?), so Elasticsearch rejects them
    if (part.length > 1 && part[0] === '0') return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes.push(value);
  }
  return bytes;
}

/** The 16 bytes of an IPv6 address (with an optional dotted IPv4 tail), or undefined. */
export function parseIpv6(text: string): number[] | undefined {
  if (!text.includes(':') || text.includes('%')) return undefined;
  let body = text;
  let tail: number[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    const ipv4 = parseIpv4(body.slice(lastColon + 1));
    if (!ipv4) return undefined;
    tail = ipv4;
    // keep the colon(s) before the IPv4 part so that `::1.2.3.4` still has its `::`
    body = `${body.slice(0, lastColon + 1)}0:0`;
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const result: number[] = [];
    for (const group of half.split(':')) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(group)) return undefined;
      result.push(Number.parseInt(group, 16));
    }
    return result;
  };
  const high = groups(halves[0]);
  const low = halves.length === 2 ? groups(halves[1]) : [];
  if (!high || !low) return undefined;
  let words: number[];
  if (halves.length === 2) {
    const skipped = 8 - high.length - low.length;
    if (skipped < 1) return undefined;
    words = [...high, ...new Array<number>(skipped).fill(0), ...low];
  } else {
    if (high.length !== 8) return undefined;
    words = high;
  }
  const bytes: number[] = [];
  for (const word of words) bytes.push(word >> 8, word & 0xff);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

/** An address as Elasticsearch's `ip` type stores it (16 bytes), or undefined when `text` is not an address. */
export function parseIpAddress(text: string): number[] | undefined {
  const ipv4 = parseIpv4(text);
  if (ipv4) return [...new Array<number>(10).fill(0), 0xff, 0xff, ...ipv4];
  return parseIpv6(text);
}

/** `a.b.c.d/n`, `x::y/n`, or a bare address (a full-length block); undefined when invalid. */
export function parseCidr(text: string): CidrBlock | undefined {
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const prefixText = slash < 0 ? undefined : text.slice(slash + 1);
  const ipv4 = parseIpv4(addressText);
  const family: 4 | 6 = ipv4 ? 4 : 6;
  const address = ipv4 ?? parseIpv6(addressText);
  if (!address) return undefined;
  const bits = address.length * 8;
  let prefixLength = bits;
  if (prefixText !== undefined) {
    if (!/^[0-9]{1,3}$/.test(prefixText)) return undefined;
    prefixLength = Number(prefixText);
    if (prefixLength > bits) return undefined;
  }
  return { family, prefixLength, address: maskBits(address, prefixLength) };
}

function maskBits(bytes: number[], prefixLength: number): number[] {
  return bytes.map((byte, index) => {
    const keep = Math.max(0, Math.min(8, prefixLength - index * 8));
    return keep === 8 ? byte : byte & ((0xff << (8 - keep)) & 0xff);
  });
}

/** True when the 16-byte `address` lies inside `block`. */
export function cidrContains(block: CidrBlock, address: number[]): boolean {
  const blockAddress = block.family === 4 ? [...new Array<number>(10).fill(0), 0xff, 0xff, ...block.address] : block.address;
  const prefixLength = block.family === 4 ? block.prefixLength + 96 : block.prefixLength;
  const masked = maskBits(address, prefixLength);
  return masked.every((byte, index) => byte === blockAddress[index]);
}
