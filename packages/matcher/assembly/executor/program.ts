// Postfix boolean programs (PLAN.md "Programs") on a stack of bytes. The loader checked
// every program (no underflow, one value left, stack no deeper than plan.stackCapacity),
// so evaluation needs no checks.

import { OPCODE_AND, OPCODE_NOT, OPCODE_OR, OPCODE_PREDICATE, OPCODE_TRUE, Plan } from './plan';
import { predicateTruth } from './predicates';

export function runProgram(plan: Plan, pointer: usize, length: u32): bool {
  const stack = plan.stack;
  let top: usize = 0; // number of values on the stack
  for (let index: u32 = 0; index < length; index++) {
    const word = load<u32>(pointer + (<usize>index << 2));
    const opcode = word >>> 24;
    if (opcode == OPCODE_PREDICATE) {
      store<u8>(stack + top, predicateTruth(plan, word & 0xffffff) ? 1 : 0);
      top++;
    } else if (opcode == OPCODE_NOT) {
      store<u8>(stack + top - 1, load<u8>(stack + top - 1) ^ 1);
    } else if (opcode == OPCODE_AND) {
      top--;
      store<u8>(stack + top - 1, load<u8>(stack + top - 1) & load<u8>(stack + top));
    } else if (opcode == OPCODE_OR) {
      top--;
      store<u8>(stack + top - 1, load<u8>(stack + top - 1) | load<u8>(stack + top));
    } else {
      store<u8>(stack + top, opcode == OPCODE_TRUE ? 1 : 0);
      top++;
    }
  }
  return load<u8>(stack) != 0;
}
