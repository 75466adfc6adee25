// The plan's fields as a trie of dotted-path segments: `process.code_signature.trusted`
// is root → process → code_signature → trusted. The line parser walks it with each JSON
// key split at its dots, so `{"process.name": …}`, `{"process": {"name": …}}` and
// mixtures all reach the same node (SEMANTICS.md "Values of a field").
//
// A node is five u32 words: segment pointer, segment length, first child, next sibling
// (-1 for none) and the field id that ends here (-1 for none). Node 0 is the root.

const NODE_BYTES: usize = 20;
export const NO_NODE: i32 = -1;

// @ts-ignore: decorator
@inline
function nodeAt(nodes: usize, node: i32): usize {
  return nodes + <usize>node * NODE_BYTES;
}

// @ts-ignore: decorator
@inline
export function nodeField(nodes: usize, node: i32): i32 {
  return load<i32>(nodeAt(nodes, node), 16);
}

/** Bytes a trie for `segments` path segments needs (plus the root). */
export function trieBytes(segments: u32): usize {
  return <usize>(segments + 1) * NODE_BYTES;
}

export function trieInit(nodes: usize): void {
  store<u32>(nodes, 0);
  store<u32>(nodes, 0, 4);
  store<i32>(nodes, -1, 8);
  store<i32>(nodes, -1, 12);
  store<i32>(nodes, -1, 16);
}

/** The child of `node` whose segment is bytes [pointer, pointer + length), or NO_NODE. */
export function trieChild(nodes: usize, node: i32, pointer: usize, length: u32): i32 {
  let child = load<i32>(nodeAt(nodes, node), 8);
  while (child >= 0) {
    const at = nodeAt(nodes, child);
    if (load<u32>(at, 4) == length && memory.compare(<usize>load<u32>(at), pointer, length) == 0) return child;
    child = load<i32>(at, 12);
  }
  return NO_NODE;
}

/**
 * Adds the path bytes [pointer, pointer + length) for `field`; returns the field id that
 * already owns the same path (so duplicates share one node), or `field` itself.
 * `count` is the number of nodes in use; the new count is left in `trieNodeCount`.
 */
export let trieNodeCount: i32 = 1;

export function trieInsert(nodes: usize, count: i32, pointer: usize, length: u32, field: i32): i32 {
  trieNodeCount = count;
  let node: i32 = 0;
  let start: u32 = 0;
  while (true) {
    let end = start;
    while (end < length && load<u8>(pointer + end) != 0x2e) end++;
    let child = trieChild(nodes, node, pointer + start, end - start);
    if (child == NO_NODE) {
      child = trieNodeCount++;
      const at = nodeAt(nodes, child);
      const parent = nodeAt(nodes, node);
      store<u32>(at, <u32>(pointer + start));
      store<u32>(at, end - start, 4);
      store<i32>(at, -1, 8);
      store<i32>(at, load<i32>(parent, 8), 12);
      store<i32>(at, -1, 16);
      store<i32>(parent, child, 8);
    }
    node = child;
    if (end >= length) break;
    start = end + 1;
  }
  const at = nodeAt(nodes, node);
  const owner = load<i32>(at, 16);
  if (owner >= 0) return owner;
  store<i32>(at, field, 16);
  return field;
}

/**
 * Walks the key bytes [pointer, pointer + length) from `node`, one dot-separated segment
 * at a time; returns the node reached, or NO_NODE when some segment is not in the trie.
 */
export function trieWalkKey(nodes: usize, node: i32, pointer: usize, length: u32): i32 {
  let start: u32 = 0;
  while (true) {
    let end = start;
    while (end < length && load<u8>(pointer + end) != 0x2e) end++;
    node = trieChild(nodes, node, pointer + start, end - start);
    if (node == NO_NODE || end >= length) return node;
    start = end + 1;
  }
}
