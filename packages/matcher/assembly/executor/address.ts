// IP addresses in their usual text forms, for `cidrMatch` (the same forms the SDK's object
// executor accepts): IPv4 dotted decimal without leading zeros; IPv6 with at most one
// `::` and an optional dotted IPv4 tail; no zone ids, no brackets, no prefix.

/** Family of the last parse (4 or 6); the bytes are in `addressBytes` (4 or 16 used). */
export let addressFamily: i32 = 0;
export const addressBytes = memory.data(16);
const ipv4Bytes = memory.data(4);
const groups = memory.data(16); // up to eight u16 groups

/** Parses dotted-decimal IPv4 from [at, end) into `target`; false when it is not one. */
function parseIpv4Into(at: usize, end: usize, target: usize): bool {
  let part: u32 = 0;
  while (part < 4) {
    if (at >= end) return false;
    const first = <u32>load<u8>(at);
    if (first - 0x30 >= 10) return false;
    let value: u32 = first - 0x30;
    let digits: u32 = 1;
    at++;
    while (at < end && <u32>load<u8>(at) - 0x30 < 10) {
      if (value == 0) return false; // leading zero
      value = value * 10 + (<u32>load<u8>(at) - 0x30);
      digits++;
      if (digits > 3) return false;
      at++;
    }
    if (value > 255) return false;
    store<u8>(target + part, <u8>value);
    part++;
    if (part < 4) {
      if (at >= end || load<u8>(at) != 0x2e) return false;
      at++;
    }
  }
  return at == end;
}

function hexDigit(byte: u32): i32 {
  if (byte - 0x30 < 10) return <i32>(byte - 0x30);
  const lower = byte | 0x20;
  if (lower - 0x61 < 6) return <i32>(lower - 0x61 + 10);
  return -1;
}

/**
 * Parses colon-separated hex groups from [at, end) (no `::` inside) into `groups` from
 * index `first`; returns the number of groups, or -1. An empty range is zero groups.
 */
function parseGroups(at: usize, end: usize, first: i32): i32 {
  if (at == end) return 0;
  let count: i32 = 0;
  while (true) {
    let value: u32 = 0;
    let digits: i32 = 0;
    while (at < end && load<u8>(at) != 0x3a) {
      const digit = hexDigit(load<u8>(at));
      if (digit < 0 || digits == 4) return -1;
      value = (value << 4) | <u32>digit;
      digits++;
      at++;
    }
    if (digits == 0 || first + count >= 8) return -1;
    store<u16>(groups + (<usize>(first + count) << 1), <u16>value);
    count++;
    if (at == end) return count;
    at++; // ':'
    if (at == end) return -1; // trailing single colon
  }
  return count;
}

function parseIpv6(at: usize, end: usize): bool {
  // a dotted IPv4 tail replaces the last two groups
  let lastColon: usize = end;
  for (let index = end; index > at; index--) {
    if (load<u8>(index - 1) == 0x3a) {
      lastColon = index - 1;
      break;
    }
  }
  let tail = false;
  let groupsEnd = end;
  for (let index = lastColon + 1; index < end; index++) {
    if (load<u8>(index) == 0x2e) {
      tail = true;
      break;
    }
  }
  if (tail) {
    if (!parseIpv4Into(lastColon + 1, end, ipv4Bytes)) return false;
    groupsEnd = lastColon + 1; // keeps the colon: "::1.2.3.4" → "::" then the tail
  }
  // find "::"
  let gap: isize = -1;
  for (let index = at; index + 1 < groupsEnd; index++) {
    if (load<u8>(index) == 0x3a && load<u8>(index + 1) == 0x3a) {
      if (gap >= 0) return false;
      gap = <isize>index;
      index++;
    }
  }
  const needed: i32 = tail ? 6 : 8;
  memory.fill(groups, 0, 16);
  if (gap < 0) {
    // the tail form "a:b:c:d:e:f:1.2.3.4" leaves a trailing colon on the groups
    const groupsStop = tail ? groupsEnd - 1 : groupsEnd;
    if (tail && (groupsStop < at || load<u8>(groupsStop) != 0x3a)) return false;
    const count = parseGroups(at, groupsStop, 0);
    if (count != needed) return false;
  } else {
    const gapAt = <usize>gap;
    const head = parseGroups(at, gapAt, 0);
    if (head < 0) return false;
    let restStart = gapAt + 2;
    let restStop = groupsEnd;
    if (tail && restStop > restStart) {
      // "1::2:1.2.3.4": the groups between the gap and the tail end with the tail's colon,
      // and there must be at least one ("1:::1.2.3.4" is not an address)
      restStop--;
      if (restStop <= restStart) return false;
    }
    // parse the rest into the top of a scratch area, then move it to the end
    const rest = parseGroups(restStart, restStop, head);
    if (rest < 0) return false;
    if (head + rest >= needed) return false; // "::" stands for at least one group
    const missing = needed - head - rest;
    for (let index: i32 = rest - 1; index >= 0; index--) {
      store<u16>(groups + (<usize>(head + missing + index) << 1), load<u16>(groups + (<usize>(head + index) << 1)));
    }
    for (let index: i32 = 0; index < missing; index++) store<u16>(groups + (<usize>(head + index) << 1), 0);
  }
  for (let index: i32 = 0; index < needed; index++) {
    const value = <u32>load<u16>(groups + (<usize>index << 1));
    store<u8>(addressBytes + (<usize>index << 1), <u8>(value >> 8));
    store<u8>(addressBytes + (<usize>index << 1) + 1, <u8>value);
  }
  if (tail) memory.copy(addressBytes + 12, ipv4Bytes, 4);
  return true;
}

/** Parses an address from [pointer, pointer + length); sets addressFamily (0 when it is not one). */
export function parseAddress(pointer: usize, length: u32): void {
  addressFamily = 0;
  const end = pointer + length;
  let hasColon = false;
  for (let index = pointer; index < end; index++) {
    if (load<u8>(index) == 0x3a) {
      hasColon = true;
      break;
    }
  }
  if (hasColon) {
    if (parseIpv6(pointer, end)) addressFamily = 6;
  } else if (parseIpv4Into(pointer, end, addressBytes)) {
    addressFamily = 4;
  }
}

function prefixMatches(address: usize, block: usize, prefixLength: u32): bool {
  let remaining = prefixLength;
  let index: usize = 0;
  while (remaining > 0) {
    const bits = remaining < 8 ? remaining : 8;
    const mask = <u32>(0xff << (8 - bits)) & 0xff;
    if ((<u32>load<u8>(address + index) & mask) != (<u32>load<u8>(block + index) & mask)) return false;
    remaining -= bits;
    index++;
  }
  return true;
}

const mapped = memory.data(16);

/**
 * Is the last parsed address inside the block (family, prefix length, 16 address bytes
 * at `block`)? IPv4 and its IPv4-mapped IPv6 form (::ffff:a.b.c.d) are the same address.
 */
export function addressInBlock(family: u32, prefixLength: u32, block: usize): bool {
  if (addressFamily == 4) {
    if (family == 4) return prefixMatches(addressBytes, block, prefixLength);
    memory.fill(mapped, 0, 10);
    store<u8>(mapped + 10, 0xff);
    store<u8>(mapped + 11, 0xff);
    memory.copy(mapped + 12, addressBytes, 4);
    return prefixMatches(mapped, block, prefixLength);
  }
  if (addressFamily == 6) {
    if (family == 6) return prefixMatches(addressBytes, block, prefixLength);
    for (let index: usize = 0; index < 10; index++) if (load<u8>(addressBytes + index) != 0) return false;
    if (load<u8>(addressBytes + 10) != 0xff || load<u8>(addressBytes + 11) != 0xff) return false;
    return prefixMatches(addressBytes + 12, block, prefixLength);
  }
  return false;
}
