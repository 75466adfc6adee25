// Scratch regions taken straight from `memory.grow`, never from the heap allocator:
// growing them can fail with a code (a line too large for memory becomes a line error),
// whereas the allocator traps when memory cannot grow. TLSF tolerates pages grown
// behind its back (it only manages pages it grew itself).
//
// The allocator claims every page that exists when it first runs, so it must run before
// the first page is taken here (takePages makes sure of it).
//
// A region that grows is replaced by a larger one and the old pages are abandoned, so
// the pages lost over a whole run are at most the size of the largest region: regions
// only grow for unusually large lines, and they double each time.

let allocatorStarted = false;

/** Takes fresh pages for at least `bytes` bytes; returns their address, or 0 when memory cannot grow. */
export function takePages(bytes: u64): usize {
  if (!allocatorStarted) {
    // TLSF initialises on its first allocation and takes all memory up to memory.size()
    heap.free(heap.alloc(16));
    allocatorStarted = true;
  }
  if (bytes == 0) bytes = 1;
  const pages = (bytes + 0xffff) >> 16;
  if (pages > 0xffff) return 0;
  const before = memory.grow(<i32>pages);
  if (before < 0) return 0;
  return <usize>before << 16;
}

/** Capacity to ask for when a region of `capacity` bytes must hold `needed`: doubling, page multiples, at least 64 KiB. */
export function grownCapacity(capacity: u64, needed: u64): u64 {
  let next = capacity < 0x10000 ? <u64>0x10000 : capacity;
  while (next < needed) next <<= 1;
  return (next + 0xffff) & ~(<u64>0xffff);
}

/** True when [pointer, pointer + length) lies inside linear memory (reading it cannot trap). */
export function inMemory(pointer: usize, length: usize): bool {
  const end = <u64>pointer + <u64>length;
  return end <= (<u64>memory.size() << 16);
}
