import type { PerSplitHyperparameters } from './config.js';

/**
 * The hyperparameters `pnpm adopt` writes for a new table: 100 fully grown trees (no gain threshold, a
 * node of one row is a leaf), each split drawing √ of the features without replacement, bootstrap rows.
 * Measured against scikit-learn's RandomForestClassifier on public tables of 10² to 10⁵ rows: see
 * docs/hyperparameters.md and scripts/measure-defaults.ts.
 */
export const adoptDefaults: Readonly<PerSplitHyperparameters> = Object.freeze({
  nEstimators: 100,
  featureSampling: 'perSplit',
  maxFeatures: 'sqrt',
  useSampleBagging: true,
  seed: 42,
  treeOptions: Object.freeze({ minNumSamples: 1, maxDepth: null, gainThreshold: 0 }),
});
