// The top-level conjuncts of a postfix program: the predicates joined by `and`s only, not
// under a `not` or an `or`. Every one must hold for the program to hold, which serves
// twice: a cheap first test before running a rule's whole program (the compiler puts the
// most selective test first, so most lines fail on the first conjunct), and the key
// anchors of the prefilter (anchors.ts).

import { OPCODE_AND, OPCODE_FALSE, OPCODE_NOT, OPCODE_OR, OPCODE_PREDICATE } from './plan';

/** Set by conjunctsOf: the program has a `false` conjunct and can never hold. */
export let conjunctNever = false;

/**
 * Writes the predicate indices of the top-level conjuncts of a checked program into
 * `out` (u32 each, room for `length` of them), in program order; returns how many.
 */
export function conjunctsOf(program: usize, length: u32, out: usize): u32 {
  conjunctNever = false;
  if (length == 0) return 0;
  // the children of every and/or, found with a stack of instruction indices
  const left = heap.alloc(<usize>length << 2);
  const right = heap.alloc(<usize>length << 2);
  const stack = heap.alloc(<usize>length << 2);
  let depth: u32 = 0;
  for (let index: u32 = 0; index < length; index++) {
    const opcode = load<u32>(program + (<usize>index << 2)) >>> 24;
    if (opcode == OPCODE_AND || opcode == OPCODE_OR) {
      store<u32>(right + (<usize>index << 2), load<u32>(stack + (<usize>(depth - 1) << 2)));
      store<u32>(left + (<usize>index << 2), load<u32>(stack + (<usize>(depth - 2) << 2)));
      depth -= 2;
    } else if (opcode == OPCODE_NOT) {
      depth -= 1; // its operand is not a conjunct
    }
    store<u32>(stack + (<usize>depth << 2), index);
    depth++;
  }
  // walk the and-chain from the root (the last instruction), left before right
  let count: u32 = 0;
  store<u32>(stack, length - 1);
  depth = 1;
  while (depth > 0) {
    depth--;
    const node = load<u32>(stack + (<usize>depth << 2));
    const word = load<u32>(program + (<usize>node << 2));
    const opcode = word >>> 24;
    if (opcode == OPCODE_AND) {
      store<u32>(stack + (<usize>depth << 2), load<u32>(right + (<usize>node << 2)));
      store<u32>(stack + (<usize>(depth + 1) << 2), load<u32>(left + (<usize>node << 2)));
      depth += 2;
    } else if (opcode == OPCODE_PREDICATE) {
      store<u32>(out + (<usize>count << 2), word & 0xffffff);
      count++;
    } else if (opcode == OPCODE_FALSE) {
      conjunctNever = true;
    }
  }
  heap.free(left);
  heap.free(right);
  heap.free(stack);
  return count;
}
