// `compare` predicates on numbers must agree with JSON.parse / Number() to the last bit:
// decimal texts are rounded to the nearest double (ties to even) exactly, including
// halfway cases that need hundreds of digits, subnormals, overflow to Infinity, and
// numbers written as strings ("a string whose text is that number").

import type { CompareOperator, RuleMetadata } from '@llm-egress/rules';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodePlan, moduleOf, rules, VARIANTS } from './executor.test-helper.js';
import { loadPlan } from './raw-executor.js';

const RUNS = Number(process.env.FC_NUM_RUNS ?? 300);
const OPERATORS: CompareOperator[] = ['==', '<', '<=', '>', '>='];

const metadata = (name: string): RuleMetadata => ({
  source: 'test',
  ruleId: name,
  name,
  description: '',
  severity: 'low',
  riskScore: 1,
  version: 1,
  threat: [],
  references: [],
  tags: [],
  index: [],
  query: name,
});

function nextUp(value: number): number {
  if (Number.isNaN(value) || value === Number.POSITIVE_INFINITY) return value;
  if (value === 0) return Number.MIN_VALUE;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  view.setBigUint64(0, value > 0 ? bits + 1n : bits - 1n);
  return view.getFloat64(0);
}
const nextDown = (value: number) => -nextUp(-value);

/** The exact decimal text of the midpoint between a positive finite double and the next one up. */
function upperMidpointText(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & 0xfffffffffffffn;
  let exponent = -1074;
  if (biased !== 0) {
    mantissa |= 1n << 52n;
    exponent = biased - 1075;
  }
  // (2m + 1) × 2^(exponent − 1)
  const odd = 2n * mantissa + 1n;
  const power = exponent - 1;
  if (power >= 0) return (odd << BigInt(power)).toString();
  const digits = (odd * 5n ** BigInt(-power)).toString().padStart(-power + 1, '0');
  return `${digits.slice(0, digits.length + power)}.${digits.slice(digits.length + power)}`;
}

/** A decimal text a hair above or below `text` (which has a fraction part). */
function nudged(text: string, up: boolean): string {
  if (up) return `${text}${'0'.repeat(20)}1`;
  // subtract one unit in a far decimal place: …d × 10^20 − 1
  const [whole, fraction = ''] = text.split('.');
  const scaled = BigInt(whole + fraction + '0'.repeat(20)) - 1n;
  const digits = scaled.toString().padStart(fraction.length + 21, '0');
  const point = digits.length - fraction.length - 20;
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

const interestingDouble = fc.oneof(
  fc.double({ min: Number.MIN_VALUE, max: Number.MAX_VALUE, noNaN: true }),
  fc.constantFrom(
    Number.MIN_VALUE,
    2.2250738585072014e-308,
    Number('2.225073858507201e-308'), // the largest subnormal, as written
    Number.MAX_VALUE,
    Number('9007199254740993'), // 2^53 + 1 rounds to 2^53
    2 ** 63,
    1,
    0.1,
    1e23,
    5e-324,
  ),
  fc.integer({ min: 1, max: 2 ** 53 }).map((value) => value * 2 ** 11),
);

const numberText = fc.oneof(
  // plain shapes
  fc
    .tuple(
      fc.boolean(),
      fc.stringMatching(/^(0|[1-9][0-9]{0,25})$/),
      fc.option(fc.stringMatching(/^[0-9]{1,25}$/)),
      fc.option(fc.integer({ min: -400, max: 400 })),
    )
    .map(
      ([negative, whole, fraction, exponent]) =>
        `${negative ? '-' : ''}${whole}${fraction === null ? '' : `.${fraction}`}${exponent === null ? '' : `e${exponent}`}`,
    ),
  // halfway cases and their neighbours
  fc.tuple(interestingDouble, fc.constantFrom('mid', 'above', 'below')).map(([value, where]) => {
    const mid = upperMidpointText(value);
    if (where === 'mid') return mid;
    return nudged(mid.includes('.') ? mid : `${mid}.0`, where === 'above');
  }),
  // the shortest text of a double, and in exponent form
  interestingDouble.map((value) => String(value)),
  interestingDouble.map((value) => value.toExponential()),
  fc.constantFrom(
    '0',
    '-0',
    '0.0',
    '-0.0e-5',
    '1e400',
    '-1e400',
    '1e-400',
    '9223372036854775807',
    '9223372036854775808',
    '123456789012345678901234567890e-10',
    `1${'0'.repeat(400)}e-400`,
    `0.${'0'.repeat(350)}1e350`,
  ),
);

describe('number comparisons agree with JSON.parse exactly', () => {
  for (const variant of VARIANTS) {
    it(`${variant}: JSON numbers and numeric strings against literals and their neighbours`, () => {
      fc.assert(
        fc.property(numberText, fc.integer({ min: 0, max: 2 }), (text, pick) => {
          const parsed = Number(text);
          const base = Number.isFinite(parsed) ? parsed : parsed > 0 ? Number.MAX_VALUE : -Number.MAX_VALUE;
          const literal = [base, nextUp(base), nextDown(base)][pick];
          const builder = new rules.PlanBuilder();
          const clause = builder.clause({ rule: 0, text: 'x', line: 1, column: 1 });
          for (const op of OPERATORS)
            builder.rule(metadata(op), [{ op: 'predicate', index: builder.comparePredicate('x', op, literal, clause) }], null);
          const executor = loadPlan(moduleOf(variant), encodePlan(builder.build()));
          try {
            const lines = [`{"x":${text}}`, `{"x":"${text}"}`];
            const result = executor.scan(new TextEncoder().encode(lines.join('\n')));
            expect(result.errors).toEqual([]);
            const actual = result.matches.map((match) => `${match.line}:${OPERATORS[match.rule]}`);
            const value = JSON.parse(lines[0]).x as number;
            const expected = [
              ...OPERATORS.filter((op) =>
                op === '=='
                  ? value === literal
                  : op === '<'
                    ? value < literal
                    : op === '<='
                      ? value <= literal
                      : op === '>'
                        ? value > literal
                        : value >= literal,
              ).map((op) => `0:${op}`),
              ...(value === literal ? ['1:=='] : []),
            ];
            expect({ text, literal, actual }).toEqual({ text, literal, actual: expected });
          } finally {
            executor.free();
          }
        }),
        { numRuns: RUNS * 3 },
      );
    });
  }
});
