import fc from 'fast-check';
import { RandomForestClassifier } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';
import { compileForest } from './compileForest.js';
import { type Dataset, loadIris, seededRandom, syntheticDataset, type ValueKind } from './testdata.js';
import { trainForest, trainForestSync } from './trainForest.js';
import type { ForestJson, ForestOptions, TreeNodeJson } from './types.js';

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

// Per-split feature sampling has no library trainer to compare with; what must hold is that the
// library loads the forest it writes and predicts exactly as the compiled forest does.
describe('per-split feature sampling', () => {
  /** Every split threshold of the forest, with its dataset column (indexes are the identity here). */
  function splitThresholds(json: ForestJson): Array<[number, number]> {
    const found: Array<[number, number]> = [];
    for (const tree of json.baseModel.estimators) {
      const stack: TreeNodeJson[] = [tree.root];
      for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
        if (node.left === undefined || node.right === undefined) continue;
        found.push([node.splitColumn as number, Number(node.splitValue)]);
        stack.push(node.left, node.right);
      }
    }
    return found;
  }

  /**
   * 10,000+ rows: uniform across each feature's range and half of it again on either side, and
   * training rows with one feature set exactly to a split threshold (both sides of a `<`).
   */
  function probeRows(data: Dataset, json: ForestJson, seed: number): number[][] {
    const random = seededRandom(seed);
    const columns = (data.X[0] as number[]).length;
    const lows = Array.from({ length: columns }, (_, c) =>
      Math.min(...data.X.map((row) => row[c] as number)),
    );
    const highs = Array.from({ length: columns }, (_, c) =>
      Math.max(...data.X.map((row) => row[c] as number)),
    );
    const rows: number[][] = [];
    for (let i = 0; i < 6000; i++) {
      rows.push(
        lows.map((low, c) => {
          const span = (highs[c] as number) - low || 1;
          return low - span / 2 + random() * span * 2;
        }),
      );
    }
    const cuts = splitThresholds(json);
    for (let i = 0; i < 4000; i++) {
      const [column, threshold] = cuts[Math.floor(random() * cuts.length)] as [number, number];
      const row = [...(data.X[Math.floor(random() * data.X.length)] as number[])];
      row[column] = threshold;
      rows.push(row);
    }
    return rows;
  }

  function expectLibraryAgrees(data: Dataset, json: ForestJson, seed: number): void {
    const rows = probeRows(data, json, seed);
    expect(rows.length).toBeGreaterThanOrEqual(10_000);
    const library = RandomForestClassifier.load(JSON.parse(JSON.stringify(json))).predict(rows);
    const compiled = compileForest(json);
    expect(Array.from(compiled.predictBatch(rows))).toEqual(library);
    expect(rows.map((row) => compiled.predict(row))).toEqual(library);
  }

  const cases: Array<[string, ValueKind, number, ForestOptions]> = [
    [
      "'sqrt', fully grown",
      'continuous',
      3,
      {
        nEstimators: 25,
        seed: 5,
        splitFeatures: 'sqrt',
        treeOptions: { minNumSamples: 1, gainThreshold: 0 },
      },
    ],
    ["'log2', ml-cart's default stopping", 'coarse', 4, { nEstimators: 25, seed: 6, splitFeatures: 'log2' }],
    [
      '0.5 without bagging',
      'coarse',
      2,
      {
        nEstimators: 15,
        seed: 7,
        splitFeatures: 0.5,
        useSampleBagging: false,
        treeOptions: { minNumSamples: 2, gainThreshold: 0 },
      },
    ],
    [
      '2 features, tricky values',
      'tricky',
      3,
      { nEstimators: 20, seed: 8, splitFeatures: 2, treeOptions: { minNumSamples: 1, gainThreshold: 0 } },
    ],
  ];
  it.each(cases)(
    'loads into the library, which predicts like the compiled forest: %s',
    (_, values, classes, options) => {
      const data = syntheticDataset({ rows: 600, columns: 9, classes, seed: 31, values });
      const json = trainForestSync(data.X, data.y, options);
      expectLibraryAgrees(data, json, 32);
    },
  );

  it('writes every feature in order for each tree and original columns at the splits', () => {
    const data = syntheticDataset({ rows: 400, columns: 9, classes: 3, seed: 33 });
    const json = trainForestSync(data.X, data.y, { nEstimators: 10, seed: 34, splitFeatures: 'sqrt' });
    const { baseModel } = json;
    expect(baseModel.indexes).toEqual(Array.from({ length: 10 }, () => [0, 1, 2, 3, 4, 5, 6, 7, 8]));
    expect(baseModel).toMatchObject({ n: 9, maxFeatures: 1, replacement: false, splitFeatures: 'sqrt' });
    // Per split, so the forest uses every feature somewhere and a tree more than sqrt(9) of them.
    const used = new Set(splitThresholds(json).map(([column]) => column));
    expect(used.size).toBe(9);
  });

  it('is deterministic: same seed, same bytes, on any number of threads; another seed, another forest', async () => {
    const data = syntheticDataset({ rows: 3000, columns: 12, classes: 3, seed: 35 });
    const options: ForestOptions = {
      nEstimators: 24,
      seed: 36,
      splitFeatures: 'sqrt',
      treeOptions: { minNumSamples: 1, gainThreshold: 0 },
    };
    const once = JSON.stringify(trainForestSync(data.X, data.y, options));
    expect(JSON.stringify(trainForestSync(data.X, data.y, options))).toBe(once);
    expect(JSON.stringify(await trainForest(data.X, data.y, options, { threads: 2 }))).toBe(once);
    const other = JSON.stringify(trainForestSync(data.X, data.y, { ...options, seed: 37 }));
    expect(other).not.toBe(once);
  });

  it('keeps drawing past the count while the drawn features are constant in the node', () => {
    // Five constant features and one that decides the label: with one feature per split, every split
    // must still find the sixth, as scikit-learn's splitter does.
    const random = seededRandom(40);
    const X = Array.from({ length: 300 }, () => [1, 2, 3, 4, 5, random()]);
    const y = X.map((row) => ((row[5] as number) < 0.3 ? 0 : (row[5] as number) < 0.7 ? 1 : 2));
    const json = trainForestSync(X, y, { nEstimators: 10, seed: 41, splitFeatures: 1 / 6 });
    const splits = splitThresholds(json);
    expect(splits.length).toBeGreaterThanOrEqual(20);
    expect(new Set(splits.map(([column]) => column))).toEqual(new Set([5]));
    expect(compileForest(json).predictBatch(X)).toEqual(Int32Array.from(y));
  });

  it('rejects options that contradict it', async () => {
    const { X, y } = loadIris();
    await expect(trainForest(X, y, { splitFeatures: 'cube' as 'sqrt' })).rejects.toThrow('splitFeatures');
    await expect(trainForest(X, y, { splitFeatures: 0 })).rejects.toThrow('splitFeatures');
    await expect(trainForest(X, y, { splitFeatures: 5 })).rejects.toThrow('more than the 4 features');
    await expect(trainForest(X, y, { splitFeatures: 'sqrt', maxFeatures: 0.5 })).rejects.toThrow(
      'maxFeatures must be unset or 1',
    );
    await expect(trainForest(X, y, { splitFeatures: 'sqrt', replacement: true })).rejects.toThrow(
      'without replacement',
    );
  });
});
