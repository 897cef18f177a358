import type { PerSplitHyperparameters } from './config.js';

/**
 * The hyperparameters `pnpm adopt` writes for a new table: 100 trees grown without a gain threshold
 * (ml-cart's default 0.01 stops them early), each split drawing √ of the features without replacement,
 * bootstrap rows, and ml-cart's own leaf size (a node of 3 rows or fewer is a leaf). Within a point of
 * scikit-learn's RandomForestClassifier on public tables of 10² to 10⁵ rows, where ml-random-forest's
 * defaults lose up to 23: see docs/hyperparameters.md (measured by scripts/measure-defaults.ts).
 */
export const adoptDefaults: Readonly<PerSplitHyperparameters> = Object.freeze({
  nEstimators: 100,
  featureSampling: 'perSplit',
  maxFeatures: 'sqrt',
  useSampleBagging: true,
  seed: 42,
  treeOptions: Object.freeze({ minNumSamples: 3, maxDepth: null, gainThreshold: 0 }),
});
