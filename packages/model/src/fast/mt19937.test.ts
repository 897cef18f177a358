import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { integerDistribution, MersenneTwister } from './mt19937.js';

// random-js is ml-random-forest's own dependency: load the very copy the library uses.
const fromForest = createRequire(createRequire(import.meta.url).resolve('ml-random-forest'));
const Random = fromForest('random-js') as {
  MersenneTwister19937: { seed(seed: number): { next(): number } };
  integer(min: number, max: number): (engine: { next(): number }) => number;
};

const seeds = [0, 1, 42, -1, -2147483648, 2147483647, 2 ** 31 + 5, 123456789];

describe('MersenneTwister', () => {
  it.each(seeds)('produces random-js MersenneTwister19937 values for seed %d', (seed) => {
    const ours = new MersenneTwister(seed);
    const theirs = Random.MersenneTwister19937.seed(seed);
    // 2,000 values cross three refreshes of the 624-word state.
    const a = Array.from({ length: 2000 }, () => ours.next());
    const b = Array.from({ length: 2000 }, () => theirs.next());
    expect(a).toEqual(b);
  });
});

describe('integerDistribution', () => {
  it.each([0, 1, 2, 3, 4, 7, 99, 149, 255, 1000, 2 ** 31 - 1, 2 ** 31, 3_000_000_000])(
    'draws like random-js integer(0, %d)',
    (max) => {
      const ours = integerDistribution(max);
      const theirs = Random.integer(0, max);
      const a = new MersenneTwister(7);
      const b = Random.MersenneTwister19937.seed(7);
      const x = Array.from({ length: 3000 }, () => ours(a));
      const y = Array.from({ length: 3000 }, () => theirs(b));
      expect(x).toEqual(y);
      // Both engines must also have consumed the same number of values.
      expect(a.next()).toBe(b.next());
    },
  );

  it('rejects ranges it does not implement', () => {
    expect(() => integerDistribution(-1)).toThrow(RangeError);
    expect(() => integerDistribution(2 ** 32)).toThrow(RangeError);
    expect(() => integerDistribution(1.5)).toThrow(RangeError);
  });
});
