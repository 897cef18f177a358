import fc from 'fast-check';
import { RandomForestClassifier } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';
import { type Dataset, loadIris, syntheticDataset, type ValueKind } from './testdata.js';
import { trainForest, trainForestSync } from './trainForest.js';
import type { ForestOptions } from './types.js';

// Differential tests: the fast trainer must write exactly the JSON ml-random-forest 2.1.0 writes.
// Datasets stay small (<= 300 rows) because the library's own training is what takes time here.

/** What the library writes for the same data and options (OOB off: it is not in the JSON and can throw). */
function libraryJson({ X, y }: Dataset, options: ForestOptions): string {
  const forest = new RandomForestClassifier({ ...options, noOOB: true } as never);
  forest.train(X, y);
  return JSON.stringify(forest.toJSON());
}

function expectSameJson(actual: string, expected: string): void {
  if (actual === expected) return;
  // Show where they part instead of two megabytes of JSON.
  let i = 0;
  while (actual[i] === expected[i]) i++;
  expect(actual.slice(Math.max(0, i - 200), i + 80)).toBe(expected.slice(Math.max(0, i - 200), i + 80));
}

const optionSets: Array<[string, ForestOptions]> = [
  ['library defaults', {}],
  ['maxFeatures 0.5', { nEstimators: 15, seed: 1, maxFeatures: 0.5 }],
  ['2 features without replacement', { nEstimators: 15, seed: 2, maxFeatures: 2, replacement: false }],
  [
    'no bagging, 0.75 features',
    { nEstimators: 12, seed: 3, maxFeatures: 0.75, replacement: false, useSampleBagging: false },
  ],
  [
    'grow fully',
    {
      nEstimators: 12,
      seed: -7,
      useSampleBagging: false,
      treeOptions: { minNumSamples: 1, gainThreshold: 0 },
    },
  ],
  ['maxDepth 3, seed beyond int32', { nEstimators: 15, seed: 2 ** 31 + 5, treeOptions: { maxDepth: 3 } }],
  ['coarse stopping', { nEstimators: 15, seed: 11, treeOptions: { minNumSamples: 10, gainThreshold: 0.05 } }],
  ['maxDepth 0', { nEstimators: 8, seed: 12, maxFeatures: 1, treeOptions: { maxDepth: 0 } }],
  ['maxSamples 0.6', { nEstimators: 10, seed: 13, maxSamples: 0.6 }],
  ['fraction giving no column', { nEstimators: 5, seed: 14, maxFeatures: 0.2 }],
];

describe('trainForestSync equals ml-random-forest', () => {
  const iris = loadIris();
  it.each(optionSets)('on Iris: %s', (_name, options) => {
    expectSameJson(JSON.stringify(trainForestSync(iris.X, iris.y, options)), libraryJson(iris, options));
  });

  const generated: Array<[ValueKind, number, number, number, ForestOptions]> = [
    ['coarse', 2, 300, 5, { nEstimators: 10, seed: 5 }],
    ['coarse', 3, 250, 6, { nEstimators: 10, seed: 6, maxFeatures: 0.5, replacement: false }],
    ['coarse', 4, 200, 4, { nEstimators: 10, seed: 7, treeOptions: { minNumSamples: 1, gainThreshold: 0 } }],
    ['coarse', 5, 200, 5, { nEstimators: 10, seed: 8, useSampleBagging: false, maxFeatures: 3 }],
    ['tricky', 2, 150, 4, { nEstimators: 10, seed: 9, treeOptions: { minNumSamples: 1, gainThreshold: 0 } }],
    ['tricky', 3, 150, 3, { nEstimators: 10, seed: 10, maxFeatures: 2 }],
    ['tricky', 5, 120, 4, { nEstimators: 10, seed: 11, treeOptions: { maxDepth: 4, gainThreshold: 0 } }],
    ['continuous', 2, 300, 5, { nEstimators: 8, seed: 12, treeOptions: { minNumSamples: 2 } }],
    ['continuous', 4, 250, 3, { nEstimators: 8, seed: 13, maxFeatures: 0.7 }],
  ];
  it.each(generated)('on %s values, %d classes, %d x %d', (values, classes, rows, columns, options) => {
    const data = syntheticDataset({ rows, columns, classes, seed: rows + classes, values });
    expectSameJson(JSON.stringify(trainForestSync(data.X, data.y, options)), libraryJson(data, options));
  });

  it('on random small datasets and options (property)', () => {
    const value = fc.oneof(
      fc.integer({ min: -3, max: 3 }).map((v) => v / 2),
      fc.constantFrom(0, -0, 1 + Number.EPSILON, Number.MAX_VALUE, -Number.MAX_VALUE, 5e-324),
    );
    const dataset = fc
      .record({
        rows: fc.integer({ min: 1, max: 40 }),
        columns: fc.integer({ min: 1, max: 4 }),
        classes: fc.integer({ min: 2, max: 4 }),
      })
      .chain(({ rows, columns, classes }) =>
        fc.record({
          X: fc.array(fc.array(value, { minLength: columns, maxLength: columns }), {
            minLength: rows,
            maxLength: rows,
          }),
          y: fc.array(fc.integer({ min: 0, max: classes - 1 }), { minLength: rows, maxLength: rows }),
        }),
      );
    const options = fc.record(
      {
        nEstimators: fc.integer({ min: 1, max: 6 }),
        seed: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        maxFeatures: fc.oneof(fc.constantFrom(0.25, 0.5, 1), fc.integer({ min: 1, max: 1 })),
        replacement: fc.boolean(),
        useSampleBagging: fc.boolean(),
        treeOptions: fc.record(
          {
            minNumSamples: fc.integer({ min: 0, max: 5 }),
            maxDepth: fc.integer({ min: 0, max: 6 }),
            gainThreshold: fc.constantFrom(0, 0.001, 0.01, 0.1),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(dataset, options, (data, opts) => {
        // Labels must be 0..k-1 with no gaps for the library to write a well-formed forest.
        data.y[0] = 0;
        expect(JSON.stringify(trainForestSync(data.X, data.y, opts))).toBe(libraryJson(data, opts));
      }),
      { numRuns: 60, seed: 20250901 },
    );
  });

  it('loads back into the library with the same predictions', () => {
    const data = syntheticDataset({ rows: 200, columns: 4, classes: 3, seed: 3, values: 'coarse' });
    const options = { nEstimators: 10, seed: 4 };
    const reference = new RandomForestClassifier({ ...options, noOOB: true });
    reference.train(data.X, data.y);
    const loaded = RandomForestClassifier.load(
      JSON.parse(JSON.stringify(trainForestSync(data.X, data.y, options))),
    );
    expect(loaded.predict(data.X)).toEqual(reference.predict(data.X));
  });
});

describe('trainForest', () => {
  it('gives the same JSON on 2 worker threads as on 1, and as the library', async () => {
    const data = syntheticDataset({ rows: 300, columns: 5, classes: 3, seed: 21, values: 'coarse' });
    const options = { nEstimators: 12, seed: 22, maxFeatures: 0.6 };
    const progress: number[] = [];
    const two = JSON.stringify(
      await trainForest(data.X, data.y, options, {
        threads: 2,
        onTree: (done, total) => progress.push(done / total),
      }),
    );
    const one = JSON.stringify(await trainForest(data.X, data.y, options, { threads: 1 }));
    expect(two).toBe(one);
    expectSameJson(two, libraryJson(data, options));
    expect(progress).toEqual(Array.from({ length: 12 }, (_, i) => (i + 1) / 12));
  });

  it('gives the same JSON on 2 threads as on 1 for a larger forest', async () => {
    const data = syntheticDataset({ rows: 3000, columns: 10, classes: 4, seed: 23 });
    const options = { nEstimators: 30, seed: 24, maxFeatures: 0.5, treeOptions: { minNumSamples: 2 } };
    const two = await trainForest(data.X, data.y, options, { threads: 2 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(trainForestSync(data.X, data.y, options)));
  });

  it('rejects bad input before training', async () => {
    const { X, y } = loadIris();
    await expect(trainForest(X, y, { maxFeatures: 9 })).rejects.toThrow('maxFeatures');
    await expect(trainForest(X, y, { seed: 1.5 })).rejects.toThrow('seed');
    await expect(trainForest(X, y, { treeOptions: { gainFunction: 'entropy' as 'gini' } })).rejects.toThrow(
      'gainFunction',
    );
    await expect(trainForest(X, y, {}, { threads: 0 })).rejects.toThrow('threads');
    await expect(trainForest([[1, Number.NaN]], [0])).rejects.toThrow('finite');
    await expect(trainForest([[1], [2]], [0, 0.5])).rejects.toThrow('integer');
    await expect(trainForest([], [])).rejects.toThrow('row');
  });
});
