import { describe, expect, it } from 'vitest';
import { stratifiedSplit } from './split.js';

const labels = [...Array(50).fill(0), ...Array(30).fill(1), ...Array(7).fill(2), 3] as number[];

describe('stratifiedSplit', () => {
  it('holds out the fraction of every class, keeps one row of each for training, and covers all rows once', () => {
    const { train, holdout } = stratifiedSplit(labels, 0.2, 1);
    const count = (rows: number[], label: number) => rows.filter((row) => labels[row] === label).length;
    expect([0, 1, 2, 3].map((label) => count(holdout, label))).toEqual([10, 6, 1, 0]);
    expect([0, 1, 2, 3].map((label) => count(train, label))).toEqual([40, 24, 6, 1]);
    expect([...train, ...holdout].sort((a, b) => a - b)).toEqual(labels.map((_, row) => row));
    expect(train).toEqual([...train].sort((a, b) => a - b));
    expect(holdout).toEqual([...holdout].sort((a, b) => a - b));
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(stratifiedSplit(labels, 0.2, 5)).toEqual(stratifiedSplit(labels, 0.2, 5));
    expect(stratifiedSplit(labels, 0.2, 5).holdout).not.toEqual(stratifiedSplit(labels, 0.2, 6).holdout);
  });

  it('holds out at least one row of a class with two, and never a whole class', () => {
    expect(stratifiedSplit([0, 0, 1, 1], 0.01, 1).holdout).toHaveLength(2);
    expect(stratifiedSplit([0, 0, 1, 1], 0.99, 1).train).toHaveLength(2);
  });

  it('rejects a fraction outside (0, 1)', () => {
    expect(() => stratifiedSplit(labels, 0, 1)).toThrow(RangeError);
    expect(() => stratifiedSplit(labels, 1, 1)).toThrow(RangeError);
  });
});
