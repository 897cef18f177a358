import { describe, expect, it } from 'vitest';
import { growthExponent, median, perCall, quantile, sample } from './stats.js';

describe('median', () => {
  it('takes the middle value, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('quantile', () => {
  it('picks by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile(values, 1)).toBe(100);
    expect(quantile(values, 0)).toBe(1);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('growthExponent', () => {
  it('recovers the exponent of a power law', () => {
    const points = [1000, 10_000, 50_000].map((x) => ({ x, y: 3 * x ** 1.3 }));
    expect(growthExponent(points)).toBeCloseTo(1.3, 10);
  });

  it('is NaN without two distinct sizes', () => {
    expect(growthExponent([{ x: 10, y: 5 }])).toBeNaN();
    expect(
      growthExponent([
        { x: 10, y: 5 },
        { x: 10, y: 6 },
      ]),
    ).toBeNaN();
  });
});

describe('sample and perCall', () => {
  it('time each round and each call', async () => {
    const seen: number[] = [];
    const times = await sample(3, () => new Promise((resolve) => setTimeout(resolve, 5)));
    expect(times).toHaveLength(3);
    for (const ms of times) expect(ms).toBeGreaterThanOrEqual(4);
    const ms = perCall(4, 2, (i) => seen.push(i));
    expect(seen).toEqual([0, 1, 2, 3, 0, 1, 2, 3]);
    expect(ms).toBeGreaterThanOrEqual(0);
  });
});
