import { RandomForestClassifier } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';
import { compileForest } from './compileForest.js';
import { type Dataset, loadIris, seededRandom, syntheticDataset } from './testdata.js';
import type { ForestJson, ForestOptions, TreeNodeJson } from './types.js';

// Differential tests: compiled predictions must equal ml-random-forest's `predict`, and vote shares
// must equal the share of trees whose own prediction is each class.

interface Internals {
  indexes: number[][];
  estimators: Array<{ predict(rows: number[][]): number[] }>;
}

function trainLibrary({ X, y }: Dataset, options: ForestOptions): RandomForestClassifier {
  const forest = new RandomForestClassifier({ ...options, noOOB: true } as never);
  forest.train(X, y);
  return forest;
}

/** Per row, the share of trees predicting each class, from each tree's own `predict` on its columns. */
function libraryShares(forest: RandomForestClassifier, rows: number[][], classes: number): Float64Array[] {
  const { indexes, estimators } = forest as unknown as Internals;
  const counts = rows.map(() => new Float64Array(classes));
  estimators.forEach((tree, t) => {
    const subset = indexes[t] as number[];
    tree.predict(rows.map((row) => subset.map((c) => row[c] as number))).forEach((label, r) => {
      (counts[r] as Float64Array)[label] = ((counts[r] as Float64Array)[label] as number) + 1;
    });
  });
  return counts.map((row) => row.map((v) => v / estimators.length));
}

/** Every threshold the forest uses, per dataset column. */
function thresholds(json: ForestJson): number[][] {
  const perColumn: number[][] = [];
  json.baseModel.estimators.forEach((tree, t) => {
    const stack: TreeNodeJson[] = [tree.root];
    while (stack.length > 0) {
      const node = stack.pop() as TreeNodeJson;
      if (node.distribution !== undefined || node.left === undefined || node.right === undefined) continue;
      const column = (json.baseModel.indexes[t] as number[])[node.splitColumn as number] as number;
      perColumn[column] = [...(perColumn[column] ?? []), node.splitValue as number];
      stack.push(node.left, node.right);
    }
  });
  return perColumn;
}

/** 10,000 rows: in range, far out of range (incl. ±Infinity and NaN), exactly on thresholds, and training rows. */
function probeRows(data: Dataset, json: ForestJson, seed: number): number[][] {
  const random = seededRandom(seed);
  const columns = (data.X[0] as number[]).length;
  const cuts = thresholds(json);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const lows = Array.from({ length: columns }, (_, c) => Math.min(...data.X.map((row) => row[c] as number)));
  const highs = Array.from({ length: columns }, (_, c) => Math.max(...data.X.map((row) => row[c] as number)));
  const rows: number[][] = [];
  for (let i = 0; i < 10_000; i++) {
    const kind = i % 4;
    rows.push(
      Array.from({ length: columns }, (_, c) => {
        const low = lows[c] as number;
        const high = highs[c] as number;
        if (kind === 0) return low + random() * (high - low);
        if (kind === 1)
          return pick([
            -1e6,
            1e6,
            -1e300,
            1e300,
            Number.POSITIVE_INFINITY,
            Number.NEGATIVE_INFINITY,
            Number.NaN,
            low,
            high,
          ]);
        if (kind === 2) return cuts[c] ? pick(cuts[c] as number[]) : low;
        return (pick(data.X) as number[])[c] as number;
      }),
    );
  }
  return rows;
}

function expectAgreement(
  data: Dataset,
  options: ForestOptions,
  classes: number,
  seed: number,
): { ties: number; json: ForestJson } {
  // The reference is the library's forest loaded from JSON, as a served model is.
  const json = JSON.parse(JSON.stringify(trainLibrary(data, options).toJSON())) as ForestJson;
  const forest = RandomForestClassifier.load(json as never);
  const compiled = compileForest(json, { classes });
  const rows = probeRows(data, json, seed);
  const expected = forest.predict(rows);
  expect(Array.from(compiled.predictBatch(rows))).toEqual(expected);
  expect(rows.map((row) => compiled.predict(row))).toEqual(expected);
  const shares = libraryShares(forest, rows, classes);
  let ties = 0;
  const out = new Float64Array(classes);
  rows.forEach((row, r) => {
    const want = shares[r] as Float64Array;
    expect(compiled.voteShares(row, out)).toEqual(want);
    expect(compiled.predictWithShares(row, new Float64Array(classes))).toBe(expected[r]);
    const top = Math.max(...want);
    if (want.filter((v) => v === top).length > 1) ties++;
  });
  return { ties, json };
}

describe('compileForest equals ml-random-forest', () => {
  it('on the Iris holdout (every fifth row), with the library defaults and with options', () => {
    const iris = loadIris();
    const train: Dataset = { X: [], y: [] };
    const holdout: number[][] = [];
    iris.X.forEach((row, i) => {
      if (i % 5 === 4) holdout.push(row);
      else {
        train.X.push(row);
        train.y.push(iris.y[i] as number);
      }
    });
    for (const options of [{}, { nEstimators: 20, seed: 5, maxFeatures: 0.5, replacement: false }]) {
      const forest = trainLibrary(train, options);
      const compiled = compileForest(JSON.parse(JSON.stringify(forest.toJSON())));
      expect(compiled.classes).toBe(3);
      expect(Array.from(compiled.predictBatch(holdout))).toEqual(forest.predict(holdout));
    }
  });

  it('on 10,000 probe rows of a forest with an even tree count (split votes break like the library)', () => {
    const data = syntheticDataset({ rows: 300, columns: 5, classes: 2, seed: 31, values: 'coarse' });
    const { ties } = expectAgreement(data, { nEstimators: 10, seed: 32, maxFeatures: 0.6 }, 2, 33);
    // Ties are the interesting case for the vote rule; make sure the probe actually produced some.
    expect(ties).toBeGreaterThan(100);
  });

  it('on 10,000 probe rows: 4 classes, full depth, no bagging, columns without replacement', () => {
    const data = syntheticDataset({ rows: 250, columns: 4, classes: 4, seed: 34 });
    const options = {
      nEstimators: 8,
      seed: 35,
      useSampleBagging: false,
      replacement: false,
      maxFeatures: 0.75,
      treeOptions: { minNumSamples: 1, gainThreshold: 0 },
    };
    const { ties } = expectAgreement(data, options, 4, 36);
    expect(ties).toBeGreaterThan(0);
  });

  it('on 10,000 probe rows of tricky values (signed zeros, neighbouring doubles, overflowing midpoints)', () => {
    const data = syntheticDataset({ rows: 150, columns: 4, classes: 3, seed: 37, values: 'tricky' });
    const { json } = expectAgreement(
      data,
      { nEstimators: 9, seed: 38, treeOptions: { maxDepth: 5, gainThreshold: 0 } },
      3,
      39,
    );
    // An overflowing midpoint is written as null and compared as 0 after loading; make sure one is there.
    expect(JSON.stringify(json)).toContain('"splitValue":null');
  });

  it('compiles the in-memory toJSON() form (TreeNode and Matrix objects) the same way', () => {
    const data = syntheticDataset({ rows: 120, columns: 3, classes: 3, seed: 40, values: 'coarse' });
    const forest = trainLibrary(data, { nEstimators: 7, seed: 41 });
    const live = compileForest(forest.toJSON() as unknown as ForestJson);
    const parsed = compileForest(JSON.parse(JSON.stringify(forest.toJSON())));
    const rows = probeRows(data, JSON.parse(JSON.stringify(forest.toJSON())), 42).slice(0, 2000);
    expect(Array.from(live.predictBatch(rows))).toEqual(Array.from(parsed.predictBatch(rows)));
    expect(Array.from(live.predictBatch(rows))).toEqual(forest.predict(rows));
  });
});

describe('compileForest', () => {
  const iris = loadIris();
  const json = JSON.parse(JSON.stringify(trainLibrary(iris, { nEstimators: 5 }).toJSON())) as ForestJson;

  it('reports its shape and pads shares to the requested class count', () => {
    const compiled = compileForest(json, { classes: 5 });
    expect(compiled.trees).toBe(5);
    expect(compiled.features).toBeLessThanOrEqual(4);
    const shares = compiled.voteShares(iris.X[0] as number[]);
    expect(shares).toHaveLength(5);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(shares[3]).toBe(0);
  });

  it('rejects what it cannot compile', () => {
    expect(() => compileForest({ ...json, name: 'RFRegression' } as unknown as ForestJson)).toThrow(
      'RFClassifier',
    );
    expect(() => compileForest({ ...json, baseModel: { ...json.baseModel, estimators: [] } })).toThrow(
      'no trees',
    );
    expect(() => compileForest(json, { classes: 2 })).toThrow('classes');
    const broken = JSON.parse(JSON.stringify(json)) as ForestJson;
    const root = broken.baseModel.estimators[0]?.root as TreeNodeJson;
    delete root.right;
    expect(() => compileForest(broken)).toThrow('split node');
  });
});
