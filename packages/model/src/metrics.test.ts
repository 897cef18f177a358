import { describe, expect, it } from 'vitest';
import { evaluate, round4 } from './metrics.js';

describe('evaluate', () => {
  it('matches metrics computed by hand on a tiny confusion matrix', () => {
    // true a: a a b   true b: b a   true c: c c c b  (rows true, columns predicted)
    const actual = [0, 0, 0, 1, 1, 2, 2, 2, 2];
    const predicted = [0, 0, 1, 1, 0, 2, 2, 2, 1];
    const metrics = evaluate(actual, predicted, ['a', 'b', 'c']);
    expect(metrics.confusionMatrix).toEqual([
      [2, 1, 0],
      [1, 1, 0],
      [0, 1, 3],
    ]);
    // a: precision 2/3, recall 2/3, f1 2/3; b: precision 1/3, recall 1/2, f1 0.4; c: precision 1, recall 3/4, f1 6/7.
    expect(metrics.perClass).toEqual({
      a: { precision: 0.6667, recall: 0.6667, f1: 0.6667, support: 3 },
      b: { precision: 0.3333, recall: 0.5, f1: 0.4, support: 2 },
      c: { precision: 1, recall: 0.75, f1: 0.8571, support: 4 },
    });
    expect(metrics.accuracy).toBe(0.6667); // 6 of 9
    expect(metrics.macroF1).toBe(0.6413); // (2/3 + 0.4 + 6/7) / 3 = 0.64127
    expect(metrics.holdoutRows).toBe(9);
  });

  it('gives 0 rather than NaN for a class never predicted or never present', () => {
    const metrics = evaluate([0, 0, 1], [0, 0, 0], ['a', 'b', 'c']);
    expect(metrics.perClass.b).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(metrics.perClass.c).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
  });

  it('refuses an empty holdout and mismatched lengths', () => {
    expect(() => evaluate([], [], ['a'])).toThrow(RangeError);
    expect(() => evaluate([0], [0, 0], ['a'])).toThrow(RangeError);
    expect(() => evaluate([0], [3], ['a'])).toThrow(RangeError);
  });
});

describe('round4', () => {
  it('rounds to 4 decimals', () => {
    expect(round4(2 / 3)).toBe(0.6667);
    expect(round4(0.12344)).toBe(0.1234);
    expect(round4(1)).toBe(1);
  });
});
