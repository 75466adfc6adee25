// Fixed-capacity unsigned big integers in static memory, just enough for exact decimal
// to binary rounding (number.ts): build from decimal digits, multiply by small numbers
// and powers of five, shift left, compare. A big number is a u32 limb count followed by
// LIMBS little-endian u32 limbs. The number parser bounds its operands (at most 800
// decimal digits, exponents clamped) so that no result needs more than about 4,100 bits;
// operations still stop at the capacity instead of writing past it.

export const LIMBS: u32 = 520;
export const BIG_BYTES: i32 = 4 + (<i32>LIMBS << 2);

// @ts-ignore: decorator
@inline
function limb(big: usize, index: u32): u32 {
  return load<u32>(big + 4 + (<usize>index << 2));
}

// @ts-ignore: decorator
@inline
function setLimb(big: usize, index: u32, value: u32): void {
  store<u32>(big + 4 + (<usize>index << 2), value);
}

// @ts-ignore: decorator
@inline
export function bigLength(big: usize): u32 {
  return load<u32>(big);
}

export function bigSetU64(big: usize, value: u64): void {
  setLimb(big, 0, <u32>value);
  setLimb(big, 1, <u32>(value >> 32));
  store<u32>(big, value == 0 ? 0 : value >> 32 == 0 ? 1 : 2);
}

export function bigCopy(target: usize, source: usize): void {
  memory.copy(target, source, 4 + (<usize>bigLength(source) << 2));
}

/** big = big × factor + addend */
export function bigMulAdd(big: usize, factor: u32, addend: u32): void {
  const length = bigLength(big);
  let carry: u64 = addend;
  for (let index: u32 = 0; index < length; index++) {
    const product = <u64>limb(big, index) * <u64>factor + carry;
    setLimb(big, index, <u32>product);
    carry = product >> 32;
  }
  if (carry != 0 && length < LIMBS) {
    setLimb(big, length, <u32>carry);
    store<u32>(big, length + 1);
  }
}

/** big = big × 5^exponent */
export function bigMulPow5(big: usize, exponent: u32): void {
  // 5^13 = 1220703125 is the largest power of five below 2^32
  while (exponent >= 13) {
    bigMulAdd(big, 1220703125, 0);
    exponent -= 13;
  }
  let factor: u32 = 1;
  for (let index: u32 = 0; index < exponent; index++) factor *= 5;
  if (factor != 1) bigMulAdd(big, factor, 0);
}

/** big = big × 2^bits */
export function bigShiftLeft(big: usize, bits: u32): void {
  const length = bigLength(big);
  if (length == 0 || bits == 0) return;
  const limbShift = bits >> 5;
  const bitShift = bits & 31;
  let newLength = length + limbShift + 1;
  if (newLength > LIMBS) newLength = LIMBS;
  // from the top down so that no limb is overwritten before it is read
  for (let target: i32 = <i32>newLength - 1; target >= 0; target--) {
    const sourceHigh: i32 = target - <i32>limbShift;
    let value: u32 = 0;
    if (sourceHigh >= 0 && sourceHigh < <i32>length) value = limb(big, <u32>sourceHigh) << bitShift;
    if (bitShift != 0 && sourceHigh - 1 >= 0 && sourceHigh - 1 < <i32>length) value |= limb(big, <u32>(sourceHigh - 1)) >> (32 - bitShift);
    setLimb(big, <u32>target, value);
  }
  let trimmed = newLength;
  while (trimmed > 0 && limb(big, trimmed - 1) == 0) trimmed--;
  store<u32>(big, trimmed);
}

/** -1, 0 or 1 as left <, =, > right */
export function bigCompare(left: usize, right: usize): i32 {
  const leftLength = bigLength(left);
  const rightLength = bigLength(right);
  if (leftLength != rightLength) return leftLength < rightLength ? -1 : 1;
  for (let index: i32 = <i32>leftLength - 1; index >= 0; index--) {
    const a = limb(left, <u32>index);
    const b = limb(right, <u32>index);
    if (a != b) return a < b ? -1 : 1;
  }
  return 0;
}
