import { RandomForestClassifier } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';
import { decodeArtifact } from './decodeArtifact.js';
import { exportForest } from './exportForest.js';
import { compileFlatForest, type FlatForest, type ForestJson, nodeViews } from './fast/index.js';
import { createRandom } from './prng.js';
import { type TestArtifact, testArtifact } from './testArtifact.js';
import { trainFromConfig } from './train.js';

// Differential: the compact artifact's predictions must equal ml-random-forest's own predict on the JSON
// that `pnpm export` writes from it (and on the trainer's original JSON), on rows across and beyond every
// feature's range, exactly on split thresholds, and at the extremes.

const libraryPredict = (json: ForestJson, rows: number[][]) =>
  RandomForestClassifier.load(
    JSON.parse(JSON.stringify(json)) as Parameters<typeof RandomForestClassifier.load>[0],
  ).predict(rows);

/** Every threshold of the forest, per feature. */
function thresholds(forest: FlatForest, features: number): number[][] {
  const { f64, i32 } = nodeViews(forest.nodes);
  const perFeature: number[][] = Array.from({ length: features }, () => []);
  for (let i = 0; 4 * i < i32.length; i++) {
    const feature = i32[4 * i + 2] as number;
    if (feature >= 0) perFeature[feature]?.push(f64[2 * i] as number);
  }
  return perFeature;
}

/** `count` probe rows: uniform over each feature's range widened by half of it each side, on thresholds, and extremes. */
function probeRows(X: number[][], forest: FlatForest, count: number, seed: number): number[][] {
  const random = createRandom(seed);
  const features = (X[0] as number[]).length;
  const cuts = thresholds(forest, features);
  const low = Array.from({ length: features }, (_, f) => Math.min(...X.map((row) => row[f] as number)));
  const high = Array.from({ length: features }, (_, f) => Math.max(...X.map((row) => row[f] as number)));
  const extremes = [-1e300, 1e300, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NaN, -0, 0];
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  return Array.from({ length: count }, (_, r) =>
    Array.from({ length: features }, (_, f) => {
      const kind = r % 4;
      const lo = low[f] as number;
      const span = Math.min((high[f] as number) - lo, Number.MAX_VALUE / 4) || 1;
      if (kind === 0 || (kind === 1 && (cuts[f] as number[]).length === 0))
        return lo - span / 2 + random() * span * 2;
      if (kind === 1) return pick(cuts[f] as number[]);
      // Mixed: some features on thresholds, the others anywhere in range.
      if (kind === 2)
        return random() < 0.5 && (cuts[f] as number[]).length > 0
          ? pick(cuts[f] as number[])
          : lo + random() * span;
      return random() < 0.2 ? pick(extremes) : lo + random() * span;
    }),
  );
}

function expectSamePredictions({ data, json, bytes }: TestArtifact, seed: number): void {
  const artifact = decodeArtifact(bytes);
  const rows = probeRows(data.X, artifact.forest, 10_000, seed);
  const compact = Array.from(compileFlatForest(artifact.forest).predictBatch(rows));
  // Every class is predicted somewhere, so agreement is not that of a constant.
  expect(new Set(compact).size).toBe(artifact.card.labels.length);
  const exported = exportForest(artifact);
  expect(compact).toEqual(libraryPredict(exported, rows));
  expect(compact).toEqual(libraryPredict(json, rows));
}

describe('exportForest', () => {
  it('predicts like the compact artifact: fully grown trees, every feature, no replacement', () => {
    const artifact = testArtifact({
      rows: 2000,
      columns: 6,
      classes: 3,
      seed: 51,
      options: {
        nEstimators: 15,
        seed: 52,
        replacement: false,
        treeOptions: { minNumSamples: 2, gainThreshold: 0 },
      },
    });
    expectSamePredictions(artifact, 53);
  });

  it('predicts like the compact artifact: feature subsets with repeats, coarse values and split votes', () => {
    const artifact = testArtifact({
      rows: 600,
      columns: 5,
      classes: 2,
      seed: 54,
      values: 'coarse',
      options: {
        nEstimators: 10,
        seed: 55,
        maxFeatures: 0.6,
        replacement: true,
        treeOptions: { gainThreshold: 0 },
      },
    });
    const repeats = artifact.json.baseModel.indexes.some((subset) => new Set(subset).size < subset.length);
    expect(repeats).toBe(true);
    expectSamePredictions(artifact, 56);
  });

  it('predicts like the compact artifact: tricky values, including midpoints that overflowed (null in JSON)', () => {
    const artifact = testArtifact({
      rows: 300,
      columns: 4,
      classes: 3,
      seed: 57,
      values: 'tricky',
      options: { nEstimators: 9, seed: 58, treeOptions: { maxDepth: 6, gainThreshold: 0 } },
    });
    expect(JSON.stringify(artifact.json)).toContain('"splitValue":null');
    expectSamePredictions(artifact, 59);
  });

  it("exports the repo's model as JSON the library loads, with the forest's settings", async () => {
    const { artifact } = await trainFromConfig();
    const decoded = decodeArtifact(artifact);
    const exported = exportForest(decoded);
    // The settings of the repo's model.config.json, over as many columns as the model has features.
    const { nEstimators, seed, replacement, maxFeatures, useSampleBagging, treeOptions } = (
      await readConfig()
    ).hyperparameters;
    expect(exported.baseModel).toMatchObject({
      nEstimators,
      n: decoded.card.features.length,
      seed,
      useSampleBagging,
      isClassifier: true,
      treeOptions: { minNumSamples: treeOptions.minNumSamples, gainThreshold: treeOptions.gainThreshold },
    });
    // The per-tree feature draw, when the config has one the library knows (a count or a fraction).
    if (typeof maxFeatures === 'number') expect(exported.baseModel.maxFeatures).toBe(maxFeatures);
    if (typeof replacement === 'boolean') expect(exported.baseModel.replacement).toBe(replacement);
    // The card's feature ranges stand for the training rows.
    const { features } = decoded.card;
    const ranges = [features.map((f) => f.min), features.map((f) => f.max)];
    const rows = probeRows(ranges, decoded.forest, 10_000, 60);
    expect(Array.from(compileFlatForest(decoded.forest).predictBatch(rows))).toEqual(
      libraryPredict(exported, rows),
    );
  });
});
