import { RandomForestClassifier } from 'ml-random-forest';
import { describe, expect, it } from 'vitest';
import type { ForestJson } from './forest.js';
import { featureImportance } from './importance.js';
import { createRandom } from './prng.js';

const random = createRandom(5);
const X = Array.from({ length: 80 }, () => [random() * 4, random() * 4, random() * 4]);
const y = X.map((row) => ((row[2] as number) > 2 ? 1 : 0) + ((row[0] as number) > 3 ? 1 : 0));

const trained = (options: { maxFeatures: number; seed: number }) => {
  const forest = new RandomForestClassifier({
    nEstimators: 20,
    replacement: true,
    useSampleBagging: true,
    noOOB: true,
    ...options,
  });
  forest.train(X, y);
  return { forest, json: JSON.parse(JSON.stringify(forest.toJSON())) as ForestJson };
};

describe('featureImportance', () => {
  it.each([
    ['all features', 1],
    ['two features per tree', 2],
  ])("equals the library's featureImportance() with %s", (_, maxFeatures) => {
    const { forest, json } = trained({ maxFeatures, seed: 3 });
    const ours = featureImportance(json, 3);
    // Missing from the library's type declarations.
    const theirs = (forest as unknown as { featureImportance(): number[] }).featureImportance();
    expect(ours).toHaveLength(3);
    ours.forEach((value, i) => {
      expect(value).toBeCloseTo(theirs[i] as number, 12);
    });
    expect(ours.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // With every feature in reach, feature 2 (which drives the labels) beats feature 1 (noise).
    if (maxFeatures === 1) expect(ours[2]).toBeGreaterThan(ours[1] as number);
  });

  it('ignores a tree without splits instead of returning NaN', () => {
    const { json } = trained({ maxFeatures: 1, seed: 3 });
    const withStump: ForestJson = {
      ...json,
      baseModel: {
        ...json.baseModel,
        nEstimators: json.baseModel.nEstimators + 1,
        indexes: [...json.baseModel.indexes, [0, 1, 2]],
        estimators: [
          ...json.baseModel.estimators,
          { name: 'DTClassifier', options: {}, root: { distribution: [[1]] } },
        ],
      },
    };
    expect(featureImportance(withStump, 3)).toEqual(featureImportance(json, 3));
  });
});
