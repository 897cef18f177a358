import { RandomForestClassifier } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';
import { checkForest, ForestFormatError } from './checkForest.js';
import { compileForest } from './fast/index.js';
import type { ForestJson, TreeNodeJson } from './forest.js';
import { fitForest } from './forest.js';
import { createRandom } from './prng.js';

const leaf = (...shares: number[]): TreeNodeJson => ({ distribution: [shares] });
const split = (
  splitColumn: number,
  splitValue: number,
  left: TreeNodeJson,
  right: TreeNodeJson,
): TreeNodeJson => ({
  splitColumn,
  splitValue,
  left,
  right,
});
/** A forest in ml-random-forest's JSON shape, built by hand. */
const forestOf = (trees: { root: TreeNodeJson; indexes: number[] }[]): ForestJson => ({
  name: 'RFClassifier',
  baseModel: {
    indexes: trees.map((t) => t.indexes),
    n: trees[0]?.indexes.length ?? 0,
    nEstimators: trees.length,
    isClassifier: true,
    estimators: trees.map((t) => ({ name: 'DTClassifier', options: { kind: 'classifier' }, root: t.root })),
  },
});
const library = (forest: ForestJson) =>
  RandomForestClassifier.load(
    JSON.parse(JSON.stringify(forest)) as Parameters<typeof RandomForestClassifier.load>[0],
  );
/** Labels from the checked, compiled forest: what a loaded model predicts. */
const votes = (forest: ForestJson, rows: number[][], features: number, labels: number) => {
  checkForest(forest, features, labels);
  const compiled = compileForest(forest, { classes: labels });
  return rows.map((row) => compiled.predict(row));
};

describe('checkForest, then compileForest', () => {
  it('breaks a split vote like the library: the class that reaches the maximum first wins', () => {
    for (const order of [
      [1, 0, 0, 1],
      [1, 0, 1, 0],
      [2, 1, 1, 2, 0],
      [0, 2, 2, 0, 1, 1],
    ]) {
      const forest = forestOf(
        order.map((c) => ({ root: leaf(...[0, 0, 0].map((_, i) => (i === c ? 1 : 0))), indexes: [0] })),
      );
      const rows = [[0]];
      expect(votes(forest, rows, 1, 3)).toEqual(library(forest).predict(rows));
    }
  });

  it('breaks a tie inside a leaf like the library (first class), and handles leaves shorter than the label list', () => {
    const forest = forestOf([{ root: split(0, 1, leaf(0.5, 0.5), leaf(0.25, 0.25, 0.5)), indexes: [0] }]);
    const rows = [[0], [2]];
    expect(votes(forest, rows, 1, 3)).toEqual(library(forest).predict(rows));
    expect(votes(forest, [[0]], 1, 3)).toEqual([0]);
  });

  it("maps each tree's own columns to the model's features, as the library does", () => {
    // Tree 0 sees [feature 2, feature 0]; its column 1 is feature 0. Tree 1 sees feature 1 twice.
    const forest = forestOf([
      { root: split(1, 5, leaf(1, 0), leaf(0, 1)), indexes: [2, 0] },
      { root: split(1, 5, leaf(0, 1), leaf(1, 0)), indexes: [1, 1] },
      { root: split(0, 5, leaf(1, 0), split(1, 7, leaf(0, 1), leaf(1, 0))), indexes: [2, 0] },
    ]);
    const random = createRandom(3);
    const rows = Array.from({ length: 300 }, () => [0, 1, 2].map(() => Math.floor(random() * 11)));
    expect(votes(forest, rows, 3, 2)).toEqual(library(forest).predict(rows));
  });

  it('agrees with the library on a forest trained on feature subsets with replacement', async () => {
    const random = createRandom(11);
    const X = Array.from({ length: 90 }, () => [
      random() * 10,
      random() * 10,
      random() * 10,
      random() * 10,
      random() * 10,
    ]);
    const y = X.map(
      (row) => ((row[0] as number) + (row[3] as number) > 10 ? 1 : 0) + ((row[1] as number) > 7 ? 1 : 0),
    );
    const forest = await fitForest(X, y, {
      nEstimators: 25,
      maxFeatures: 0.4,
      replacement: true,
      useSampleBagging: true,
      seed: 9,
      treeOptions: { minNumSamples: 3, maxDepth: null, gainThreshold: 0.01 },
    });
    expect(forest.baseModel.indexes.every((subset) => subset.length === 2)).toBe(true);
    const rows = Array.from({ length: 500 }, () => [0, 1, 2, 3, 4].map(() => random() * 12 - 1));
    expect(votes(forest, rows, 5, 3)).toEqual(library(forest).predict(rows));
  });

  it('counts one vote per tree', () => {
    const forest = forestOf(
      [0, 1, 1, 2, 1].map((c) => ({ root: leaf(...[0, 1, 2].map((i) => (i === c ? 1 : 0))), indexes: [0] })),
    );
    const shares = new Float64Array(3);
    expect(compileForest(forest, { classes: 3 }).predictWithShares([0], shares)).toBe(1);
    expect([...shares]).toEqual([1 / 5, 3 / 5, 1 / 5]);
  });

  it.each([
    ['not a forest', { name: 'RFRegression' }, /^forest: expected a random forest classifier/],
    [
      'no trees',
      { ...forestOf([]), baseModel: { ...forestOf([]).baseModel } },
      /^forest\.baseModel\.estimators: expected a non-empty array/,
    ],
    [
      'a wrong tree count',
      (() => {
        const f = forestOf([{ root: leaf(1), indexes: [0] }]);
        f.baseModel.nEstimators = 2;
        return f;
      })(),
      /^forest\.baseModel\.nEstimators: expected 1/,
    ],
    [
      'a feature out of range',
      forestOf([{ root: leaf(1), indexes: [4] }]),
      /^forest\.baseModel\.indexes\[0\]: expected feature indices from 0 to 1/,
    ],
    [
      'a split column outside the subset',
      forestOf([{ root: split(1, 0, leaf(1), leaf(1)), indexes: [0] }]),
      /^forest\.baseModel\.estimators\[0\]\.root\.splitColumn/,
    ],
    [
      'a missing child',
      forestOf([{ root: { splitColumn: 0, splitValue: 1, left: leaf(1) }, indexes: [0] }]),
      /^forest\.baseModel\.estimators\[0\]\.root\.right: expected a tree node/,
    ],
    [
      'a non-numeric split value',
      forestOf([
        {
          root: { ...split(0, 0, leaf(1), leaf(1)), splitValue: '1' } as unknown as TreeNodeJson,
          indexes: [0],
        },
      ]),
      /root\.splitValue: expected a number/,
    ],
    [
      'a leaf with more classes than labels',
      forestOf([{ root: split(0, 0, leaf(1), leaf(0, 0, 1)), indexes: [0] }]),
      /root\.right\.distribution: expected \[\[share, \.\.\.\]\] with 1 to 2 numbers/,
    ],
  ])('rejects %s, naming where', (_, forest, message) => {
    expect(() => checkForest(forest, 2, 2)).toThrow(ForestFormatError);
    expect(() => checkForest(forest, 2, 2)).toThrow(message);
  });
});
