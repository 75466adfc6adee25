// In-place heapsort of u32 words: O(n log n) worst case, no recursion, no allocation.

function siftDown(pointer: usize, root: u32, size: u32): void {
  while (true) {
    let child = root * 2 + 1;
    if (child >= size) return;
    let childValue = load<u32>(pointer + (<usize>child << 2));
    if (child + 1 < size) {
      const right = load<u32>(pointer + (<usize>(child + 1) << 2));
      if (right > childValue) {
        child++;
        childValue = right;
      }
    }
    const rootValue = load<u32>(pointer + (<usize>root << 2));
    if (rootValue >= childValue) return;
    store<u32>(pointer + (<usize>root << 2), childValue);
    store<u32>(pointer + (<usize>child << 2), rootValue);
    root = child;
  }
}

/** Sorts `count` u32 words at `pointer` ascending. */
export function sortWords(pointer: usize, count: u32): void {
  if (count < 2) return;
  let sorted = true;
  for (let index: u32 = 1; index < count && sorted; index++) {
    sorted = load<u32>(pointer + (<usize>(index - 1) << 2)) <= load<u32>(pointer + (<usize>index << 2));
  }
  if (sorted) return;
  for (let start = count >> 1; start > 0; start--) siftDown(pointer, start - 1, count);
  for (let end = count - 1; end > 0; end--) {
    const top = load<u32>(pointer);
    store<u32>(pointer, load<u32>(pointer + (<usize>end << 2)));
    store<u32>(pointer + (<usize>end << 2), top);
    siftDown(pointer, 0, end);
  }
}
