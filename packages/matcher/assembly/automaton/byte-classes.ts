// Byte equivalence classes: bytes that every NFA node treats alike share a class, so a
// DFA row has one entry per class instead of 256. Computed by partition refinement: start
// with one class and split every class by each byte set some node tests.

// A 256-bit membership map and a (class, inside) → new class map; static, reused.
const MEMBERS: usize = memory.data(32);
const SPLIT: usize = memory.data(512 * 4);

/** The cut points of `?` (UTF-8 lead and second-byte ranges of Table 3-7), as static bytes. */
const ANY_CUTS: usize = memory.data<u8>([0x80, 0x90, 0xa0, 0xc0, 0xc2, 0xe0, 0xe1, 0xed, 0xee, 0xf0, 0xf1, 0xf4, 0xf5]);
const ANY_CUT_COUNT: u32 = 13;

function refine(classOf: usize, count: u32): u32 {
  memory.fill(SPLIT, 0xff, <usize>count * 2 * 4);
  let next: u32 = 0;
  for (let byte: u32 = 0; byte < 256; byte++) {
    const inside = (load<u32>(MEMBERS + (<usize>(byte >> 5) << 2)) >> (byte & 31)) & 1;
    const key = SPLIT + (<usize>(<u32>load<u8>(classOf + byte) * 2 + inside) << 2);
    let target = load<i32>(key);
    if (target < 0) {
      target = <i32>next;
      next++;
      store<i32>(key, target);
    }
    store<u8>(classOf + byte, <u8>target);
  }
  return next;
}

function clearMembers(): void {
  memory.fill(MEMBERS, 0, 32);
}

function addMember(byte: u32): void {
  const word = MEMBERS + (<usize>(byte >> 5) << 2);
  store<u32>(word, load<u32>(word) | (<u32>1 << (byte & 31)));
}

function hasBit(map: usize, byte: u32): bool {
  return ((load<u32>(map + (<usize>(byte >> 5) << 2)) >> (byte & 31)) & 1) != 0;
}

/**
 * Fills `classOf` (256 bytes: byte → class) and `representative` (class → its smallest
 * byte) and returns the number of classes (1–256).
 */
export function computeByteClasses(literalBytes: usize, foldedBytes: usize, hasAny: bool, classOf: usize, representative: usize): u32 {
  memory.fill(classOf, 0, 256);
  let count: u32 = 1;
  for (let byte: u32 = 0; byte < 256; byte++) {
    if (hasBit(literalBytes, byte)) {
      clearMembers();
      addMember(byte);
      count = refine(classOf, count);
    }
    if (hasBit(foldedBytes, byte)) {
      clearMembers();
      addMember(byte);
      addMember(byte & ~0x20);
      count = refine(classOf, count);
    }
  }
  if (hasAny) {
    for (let cut: u32 = 0; cut < ANY_CUT_COUNT; cut++) {
      clearMembers();
      for (let byte = <u32>load<u8>(ANY_CUTS + cut); byte < 256; byte++) addMember(byte);
      count = refine(classOf, count);
    }
  }
  // Classes are numbered in order of first appearance, so scanning bytes upwards meets
  // each class first at its smallest byte.
  let seen: u32 = 0;
  for (let byte: u32 = 0; byte < 256; byte++) {
    const cls = <u32>load<u8>(classOf + byte);
    if (cls == seen) {
      store<u8>(representative + cls, <u8>byte);
      seen++;
    }
  }
  return count;
}
