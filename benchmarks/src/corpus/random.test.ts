import { describe, expect, it } from 'vitest';
import { Random, WeightedChoice } from './random.js';

const draws = (random: Random, count: number) => Array.from({ length: count }, () => random.next());

describe('Random', () => {
  it('repeats its sequence for a seed, numeric or text, and differs across seeds', () => {
    expect(draws(new Random(7), 50)).toEqual(draws(new Random(7), 50));
    expect(draws(new Random('seven'), 50)).toEqual(draws(new Random('seven'), 50));
    expect(draws(new Random(7), 50)).not.toEqual(draws(new Random(8), 50));
    expect(draws(new Random(1), 50)).not.toEqual(draws(new Random(2 ** 32 + 1), 50));
    expect(draws(new Random(0), 50).some((value) => value !== 0)).toBe(true);
  });

  it('draws within bounds and roughly uniformly', () => {
    const random = new Random(3);
    const buckets = new Array(10).fill(0);
    for (let index = 0; index < 20_000; index++) {
      const value = random.float();
      expect(value >= 0 && value < 1).toBe(true);
      buckets[Math.floor(value * 10)]++;
      const whole = random.between(3, 5);
      expect(whole >= 3 && whole <= 5 && Number.isInteger(whole)).toBe(true);
    }
    for (const count of buckets) expect(Math.abs(count - 2000)).toBeLessThan(200);
  });

  it('makes ids of the documented shapes', () => {
    const random = new Random(9);
    expect(random.hex(40)).toMatch(/^[0-9a-f]{40}$/);
    expect(random.base64(18)).toMatch(/^[A-Za-z0-9+/]{24}$/);
    expect(random.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('WeightedChoice', () => {
  it('picks in proportion to the weights and never a zero-weight item', () => {
    const choice = new WeightedChoice([
      ['a', 3],
      ['b', 1],
      ['never', 0],
    ] as const);
    const random = new Random(5);
    let a = 0;
    for (let index = 0; index < 8000; index++) {
      const item = choice.pick(random);
      expect(item).not.toBe('never');
      if (item === 'a') a++;
    }
    expect(Math.abs(a / 8000 - 0.75)).toBeLessThan(0.03);
  });

  it('rejects weights it cannot use', () => {
    expect(() => new WeightedChoice([['a', 0]])).toThrow(/every weight is 0/);
    expect(() => new WeightedChoice([['a', -1]])).toThrow(/not a finite number/);
    expect(() => new WeightedChoice([['a', Number.NaN]])).toThrow(/not a finite number/);
  });
});
