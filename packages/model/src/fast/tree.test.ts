import { describe, expect, it } from 'vitest';
import { splitFeatureCount } from './sampling.js';
import { ShareTable } from './shares.js';
import { Shares, SplitSampler } from './tree.js';

describe('Shares', () => {
  it('gives the same bits as ShareTable, from its flat table and beyond it', () => {
    const shares = new Shares();
    const table = new ShareTable();
    for (let n = 1; n <= 600; n++) {
      for (let k = 0; k <= n; k++) {
        if (!Object.is(shares.get(n, k), table.get(n, k))) expect({ n, k, got: shares.get(n, k) }).toBe(null);
      }
    }
  });
});

describe('splitFeatureCount', () => {
  it("rounds down like scikit-learn and never draws fewer than one: 'sqrt', 'log2', fractions, counts", () => {
    expect(splitFeatureCount('sqrt', 20)).toBe(4);
    expect(splitFeatureCount('sqrt', 64)).toBe(8);
    expect(splitFeatureCount('log2', 20)).toBe(4);
    expect(splitFeatureCount('log2', 1)).toBe(1);
    expect(splitFeatureCount('sqrt', 1)).toBe(1);
    expect(splitFeatureCount(0.3, 20)).toBe(6);
    expect(splitFeatureCount(0.01, 20)).toBe(1);
    expect(splitFeatureCount(1, 20)).toBe(20);
    expect(splitFeatureCount(7, 20)).toBe(7);
  });

  it('refuses anything else', () => {
    expect(() => splitFeatureCount(21, 20)).toThrow('more than the 20 features');
    for (const bad of [0, -1, 1.5, Number.NaN, 'cube', null]) {
      expect(() => splitFeatureCount(bad, 20)).toThrow('splitFeatures must be');
    }
  });
});

describe('SplitSampler', () => {
  /** Column u's sorted values in a node [0, 4): constant when its first and last are equal. */
  const node = (constant: boolean[]) =>
    constant.map((flat) => Float64Array.from(flat ? [1, 1, 1, 1] : [0, 1, 2, 3]));

  it('draws `count` different columns when none is constant', () => {
    const sampler = new SplitSampler(10, 3, 7);
    const values = node(new Array(10).fill(false));
    const out = new Int32Array(10);
    for (let draw = 0; draw < 200; draw++) {
      const found = sampler.draw(values, 0, 4, out);
      expect(found).toBe(3);
      expect(new Set(out.subarray(0, found)).size).toBe(3);
    }
  });

  it('counts constant columns as drawn, skips them, and draws on until one is not constant', () => {
    // Only column 9 varies: every node must still find it, however many constant ones come first.
    const values = node([...new Array(9).fill(true), false]);
    const sampler = new SplitSampler(10, 2, 8);
    const out = new Int32Array(10);
    for (let draw = 0; draw < 100; draw++) {
      expect(sampler.draw(values, 0, 4, out)).toBe(1);
      expect(out[0]).toBe(9);
    }
    const allConstant = new SplitSampler(10, 2, 9);
    expect(allConstant.draw(node(new Array(10).fill(true)), 0, 4, out)).toBe(0);
  });

  it('draws every column about equally often', () => {
    const columns = 8;
    const sampler = new SplitSampler(columns, 2, 10);
    const values = node(new Array(columns).fill(false));
    const out = new Int32Array(columns);
    const seen = new Array<number>(columns).fill(0);
    const draws = 8000;
    for (let draw = 0; draw < draws; draw++) {
      sampler.draw(values, 0, 4, out);
      for (const u of out.subarray(0, 2)) seen[u] = (seen[u] as number) + 1;
    }
    // Expected 2000 each; a binomial standard deviation is about 40.
    for (const count of seen) expect(Math.abs(count - (draws * 2) / columns)).toBeLessThan(200);
  });

  it('is the same sequence for the same seed', () => {
    const values = node(new Array(12).fill(false));
    const run = (seed: number) => {
      const sampler = new SplitSampler(12, 3, seed);
      const out = new Int32Array(12);
      return Array.from({ length: 50 }, () => {
        sampler.draw(values, 0, 4, out);
        return Array.from(out.subarray(0, 3));
      });
    };
    expect(run(11)).toEqual(run(11));
    expect(run(11)).not.toEqual(run(12));
  });
});
