// JSON number text → the double JSON.parse gives (IEEE round-to-nearest-even), exactly.
// `==` against a number literal must agree with JSON.parse to the last bit (including
// numbers such as 9223372036854775808 that ECS documents carry as raw text), and so must
// "a string whose text is that number". Fast paths cover the common shapes (integers
// below 2^64, up to 15 digits with small exponents: Clinger's exact cases); everything
// else takes an approximation and corrects it by comparing the decimal value exactly
// with the midpoints between neighbouring doubles (big-integer arithmetic, bignum.ts).

import { BIG_BYTES, bigCompare, bigCopy, bigMulAdd, bigMulPow5, bigSetU64, bigShiftLeft } from './bignum';

// 10^0 … 10^308, each the correctly rounded double (generated with Number("1e" + k)).
const POWERS_OF_TEN: usize = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
  1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22, 1e23, 1e24, 1e25, 1e26, 1e27, 1e28, 1e29,
  1e30, 1e31, 1e32, 1e33, 1e34, 1e35, 1e36, 1e37, 1e38, 1e39,
  1e40, 1e41, 1e42, 1e43, 1e44, 1e45, 1e46, 1e47, 1e48, 1e49,
  1e50, 1e51, 1e52, 1e53, 1e54, 1e55, 1e56, 1e57, 1e58, 1e59,
  1e60, 1e61, 1e62, 1e63, 1e64, 1e65, 1e66, 1e67, 1e68, 1e69,
  1e70, 1e71, 1e72, 1e73, 1e74, 1e75, 1e76, 1e77, 1e78, 1e79,
  1e80, 1e81, 1e82, 1e83, 1e84, 1e85, 1e86, 1e87, 1e88, 1e89,
  1e90, 1e91, 1e92, 1e93, 1e94, 1e95, 1e96, 1e97, 1e98, 1e99,
  1e100, 1e101, 1e102, 1e103, 1e104, 1e105, 1e106, 1e107, 1e108, 1e109,
  1e110, 1e111, 1e112, 1e113, 1e114, 1e115, 1e116, 1e117, 1e118, 1e119,
  1e120, 1e121, 1e122, 1e123, 1e124, 1e125, 1e126, 1e127, 1e128, 1e129,
  1e130, 1e131, 1e132, 1e133, 1e134, 1e135, 1e136, 1e137, 1e138, 1e139,
  1e140, 1e141, 1e142, 1e143, 1e144, 1e145, 1e146, 1e147, 1e148, 1e149,
  1e150, 1e151, 1e152, 1e153, 1e154, 1e155, 1e156, 1e157, 1e158, 1e159,
  1e160, 1e161, 1e162, 1e163, 1e164, 1e165, 1e166, 1e167, 1e168, 1e169,
  1e170, 1e171, 1e172, 1e173, 1e174, 1e175, 1e176, 1e177, 1e178, 1e179,
  1e180, 1e181, 1e182, 1e183, 1e184, 1e185, 1e186, 1e187, 1e188, 1e189,
  1e190, 1e191, 1e192, 1e193, 1e194, 1e195, 1e196, 1e197, 1e198, 1e199,
  1e200, 1e201, 1e202, 1e203, 1e204, 1e205, 1e206, 1e207, 1e208, 1e209,
  1e210, 1e211, 1e212, 1e213, 1e214, 1e215, 1e216, 1e217, 1e218, 1e219,
  1e220, 1e221, 1e222, 1e223, 1e224, 1e225, 1e226, 1e227, 1e228, 1e229,
  1e230, 1e231, 1e232, 1e233, 1e234, 1e235, 1e236, 1e237, 1e238, 1e239,
  1e240, 1e241, 1e242, 1e243, 1e244, 1e245, 1e246, 1e247, 1e248, 1e249,
  1e250, 1e251, 1e252, 1e253, 1e254, 1e255, 1e256, 1e257, 1e258, 1e259,
  1e260, 1e261, 1e262, 1e263, 1e264, 1e265, 1e266, 1e267, 1e268, 1e269,
  1e270, 1e271, 1e272, 1e273, 1e274, 1e275, 1e276, 1e277, 1e278, 1e279,
  1e280, 1e281, 1e282, 1e283, 1e284, 1e285, 1e286, 1e287, 1e288, 1e289,
  1e290, 1e291, 1e292, 1e293, 1e294, 1e295, 1e296, 1e297, 1e298, 1e299,
  1e300, 1e301, 1e302, 1e303, 1e304, 1e305, 1e306, 1e307, 1e308,
]);

/** Significant digits kept; a double's midpoints never need more than 767 of them. */
const MAX_DIGITS: i32 = 800;
const digits = memory.data(MAX_DIGITS + 1);
const decimalValue = memory.data(BIG_BYTES);
const left = memory.data(BIG_BYTES);
const right = memory.data(BIG_BYTES);

// the decimal D × 10^E being converted, with `sticky` set when digits past MAX_DIGITS were dropped
let decimalExponent: i32 = 0;
let sticky: bool = false;

// @ts-ignore: decorator
@inline
function isDigit(byte: u32): bool {
  return byte - 0x30 < 10;
}

/**
 * True when bytes [pointer, pointer + length) are exactly one JSON number
 * (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`), nothing before or after.
 */
export function isJsonNumberText(pointer: usize, length: u32): bool {
  let at: u32 = 0;
  if (at < length && load<u8>(pointer + at) == 0x2d) at++;
  if (at >= length) return false;
  const first = <u32>load<u8>(pointer + at);
  if (first == 0x30) {
    at++;
  } else if (first - 0x31 < 9) {
    while (at < length && isDigit(load<u8>(pointer + at))) at++;
  } else {
    return false;
  }
  if (at < length && load<u8>(pointer + at) == 0x2e) {
    at++;
    if (at >= length || !isDigit(load<u8>(pointer + at))) return false;
    while (at < length && isDigit(load<u8>(pointer + at))) at++;
  }
  if (at < length && (load<u8>(pointer + at) | 0x20) == 0x65) {
    at++;
    if (at < length && (load<u8>(pointer + at) == 0x2b || load<u8>(pointer + at) == 0x2d)) at++;
    if (at >= length || !isDigit(load<u8>(pointer + at))) return false;
    while (at < length && isDigit(load<u8>(pointer + at))) at++;
  }
  return at == length;
}

function powerOfTen(exponent: i32): f64 {
  return load<f64>(POWERS_OF_TEN + (<usize>exponent << 3));
}

/** value of the first `count` (≤ 19) stored digits */
function leadingDigits(count: i32): u64 {
  let value: u64 = 0;
  for (let index: i32 = 0; index < count; index++) value = value * 10 + <u64>load<u8>(digits + index);
  return value;
}

/** -1, 0, 1 as the decimal D × 10^E (+ sticky) is below, at, above the midpoint between `value` and the next double up. */
function compareWithUpperMidpoint(value: f64): i32 {
  const bits = reinterpret<u64>(value);
  const biased = <i32>((bits >> 52) & 0x7ff);
  let mantissa = bits & 0xfffffffffffff;
  let binaryExponent: i32 = -1074;
  if (biased != 0) {
    mantissa |= <u64>1 << 52;
    binaryExponent = biased - 1075;
  }
  // midpoint = (2·mantissa + 1) × 2^(binaryExponent − 1); decimal = D × 5^E × 2^E
  bigCopy(left, decimalValue);
  bigSetU64(right, mantissa * 2 + 1);
  if (decimalExponent >= 0) bigMulPow5(left, <u32>decimalExponent);
  else bigMulPow5(right, <u32>-decimalExponent);
  const twoExponent = binaryExponent - 1 - decimalExponent;
  if (twoExponent >= 0) bigShiftLeft(right, <u32>twoExponent);
  else bigShiftLeft(left, <u32>-twoExponent);
  const comparison = bigCompare(left, right);
  return comparison == 0 && sticky ? 1 : comparison;
}

/** Corrects an approximation of the positive decimal to the correctly rounded double. */
function correct(approximation: f64): f64 {
  let value = approximation;
  if (!(value >= 0)) value = 0;
  for (let round = 0; round < 200; round++) {
    if (value == Infinity) {
      const comparison = compareWithUpperMidpoint(f64.MAX_VALUE);
      // MAX_VALUE has an odd mantissa: a tie rounds up, to Infinity
      if (comparison >= 0) return Infinity;
      value = f64.MAX_VALUE;
      continue;
    }
    const bits = reinterpret<u64>(value);
    const odd = (bits & 1) != 0;
    const above = compareWithUpperMidpoint(value);
    if (above > 0 || (above == 0 && odd)) {
      value = reinterpret<f64>(bits + 1);
      continue;
    }
    if (bits != 0) {
      const below = compareWithUpperMidpoint(reinterpret<f64>(bits - 1));
      if (below < 0 || (below == 0 && odd)) {
        value = reinterpret<f64>(bits - 1);
        continue;
      }
    }
    return value;
  }
  return value;
}

/**
 * The double of a JSON number text already checked by the line parser or by
 * isJsonNumberText: exactly what JSON.parse / Number() return.
 */
export function parseJsonNumber(pointer: usize, length: u32): f64 {
  let at: u32 = 0;
  let negative = false;
  if (load<u8>(pointer) == 0x2d) {
    negative = true;
    at = 1;
  }
  let total: i32 = 0; // significant digits seen (from the first non-zero one)
  let lastNonZero: i32 = -1;
  let fractionDigits: i64 = 0;
  let inFraction = false;
  while (at < length) {
    const byte = <u32>load<u8>(pointer + at);
    if (byte == 0x2e) {
      inFraction = true;
      at++;
      continue;
    }
    if (!isDigit(byte)) break;
    at++;
    if (inFraction) fractionDigits++;
    const digit = byte - 0x30;
    if (total == 0 && digit == 0) continue;
    if (total <= MAX_DIGITS) store<u8>(digits + total, <u8>digit);
    if (digit != 0) lastNonZero = total;
    total++;
  }
  let exponent: i64 = 0;
  if (at < length) {
    at++; // e or E
    let negativeExponent = false;
    const sign = load<u8>(pointer + at);
    if (sign == 0x2b || sign == 0x2d) {
      negativeExponent = sign == 0x2d;
      at++;
    }
    while (at < length) {
      if (exponent < 1_000_000_000) exponent = exponent * 10 + <i64>(load<u8>(pointer + at) - 0x30);
      at++;
    }
    if (negativeExponent) exponent = -exponent;
  }
  if (lastNonZero < 0) return negative ? -0.0 : 0.0;
  const count: i32 = lastNonZero + 1; // trailing zeros go into the exponent
  const exponent10: i64 = exponent - fractionDigits + <i64>(total - count);
  const magnitude: i64 = <i64>count + exponent10; // value lies in [10^(magnitude-1), 10^magnitude)
  let result: f64;
  if (magnitude > 310) {
    result = Infinity;
  } else if (magnitude < -324) {
    result = 0;
  } else {
    result = convert(count, <i32>exponent10);
  }
  return negative ? -result : result;
}

function convert(count: i32, exponent10: i32): f64 {
  if (count <= 19) {
    const mantissa = leadingDigits(count);
    if (exponent10 == 0) return <f64>mantissa; // u64 → f64 rounds to nearest even
    if (count <= 15) {
      // Clinger: both factors are exact doubles, so one rounding
      if (exponent10 > 0 && exponent10 <= 22) return <f64>mantissa * powerOfTen(exponent10);
      if (exponent10 < 0 && exponent10 >= -22) return <f64>mantissa / powerOfTen(-exponent10);
      if (exponent10 > 22 && exponent10 <= 22 + 15 - count) {
        let power: u64 = 1;
        for (let step = 22; step < exponent10; step++) power *= 10;
        const scaled = mantissa * power;
        if (scaled < (<u64>1 << 53)) return <f64>scaled * powerOfTen(22);
      }
    }
  }
  // exact path
  const kept = count < MAX_DIGITS ? count : MAX_DIGITS;
  sticky = count > MAX_DIGITS;
  decimalExponent = exponent10 + (count - kept);
  store<u32>(decimalValue, 0);
  let index: i32 = 0;
  while (index < kept) {
    let chunk: u32 = 0;
    let factor: u32 = 1;
    for (let step = 0; step < 9 && index < kept; step++) {
      chunk = chunk * 10 + <u32>load<u8>(digits + index);
      factor *= 10;
      index++;
    }
    if (load<u32>(decimalValue) == 0) {
      bigSetU64(decimalValue, chunk);
    } else {
      bigMulAdd(decimalValue, factor, chunk);
    }
  }
  // approximation from the first 19 digits
  const leading = kept < 19 ? kept : 19;
  const approximateExponent = decimalExponent + (kept - leading);
  let approximation = <f64>leadingDigits(leading);
  if (approximateExponent >= 0) {
    if (approximateExponent <= 308) approximation *= powerOfTen(approximateExponent);
    else approximation = approximation * powerOfTen(308) * powerOfTen(min(approximateExponent - 308, 308));
  } else {
    if (approximateExponent >= -308) approximation /= powerOfTen(-approximateExponent);
    else approximation = approximation / powerOfTen(308) / powerOfTen(min(-approximateExponent - 308, 308));
  }
  return correct(approximation);
}
