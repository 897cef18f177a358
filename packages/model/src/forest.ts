import { RandomForestClassifier } from 'ml-random-forest';
import type { ForestHyperparameters } from './config.js';
import { type ForestJson, type ForestOptions, trainForest } from './fast/index.js';

// One definition of the forest's JSON (ml-random-forest's `toJSON()`), the fast trainer's, which writes it.
export type { ForestJson, TreeNodeJson } from './fast/types.js';

/** Reports trees done so far out of the total. */
export type ProgressCallback = (done: number, total: number) => void;

/** Fits a forest on rows `X` (features in model order) and labels `y` (0..k-1); the one place a trainer is called. */
export type ForestTrainer = (
  X: ReadonlyArray<ReadonlyArray<number>>,
  y: readonly number[],
  hyperparameters: ForestHyperparameters,
  onProgress?: ProgressCallback,
) => Promise<ForestJson>;

/**
 * The trainer's options for `hyperparameters`: ml-random-forest's (always `noOOB: true`: see design
 * notes), plus the fast trainer's `splitFeatures` for per-split sampling.
 */
export function forestOptions(hyperparameters: ForestHyperparameters): ForestOptions & { noOOB: true } {
  const { treeOptions, ...rest } = hyperparameters;
  // The library treats a null maxDepth as 0 (no split at all); null in the config means unlimited.
  const tree = { ...treeOptions, maxDepth: treeOptions.maxDepth ?? Number.POSITIVE_INFINITY };
  if (rest.featureSampling === 'perSplit') {
    const { featureSampling: _, maxFeatures, ...options } = rest;
    return { ...options, splitFeatures: maxFeatures, treeOptions: tree, noOOB: true };
  }
  const { featureSampling: _, ...options } = rest;
  return { ...options, treeOptions: tree, noOOB: true };
}

/**
 * Trains with the fast trainer, which writes byte for byte the forest ml-random-forest would (see
 * fast/), using the machine's cores for large jobs and reporting each tree. The forest comes in the
 * form JSON.parse gives back, so the rest of the pipeline sees exactly what a JSON export holds.
 */
export const fitForest: ForestTrainer = async (X, y, hyperparameters, onProgress) => {
  onProgress?.(0, hyperparameters.nEstimators);
  const forest = await trainForest(
    X,
    y,
    forestOptions(hyperparameters),
    onProgress ? { onTree: onProgress } : {},
  );
  return forest;
};

/** Trains with ml-random-forest's own trainer: slow on large data, kept to check the fast one against. */
export const fitForestWithLibrary: ForestTrainer = async (X, y, hyperparameters, onProgress) => {
  if (hyperparameters.featureSampling === 'perSplit') {
    throw new RangeError(
      'ml-random-forest draws features once per tree; featureSampling "perSplit" needs the fast trainer (fitForest)',
    );
  }
  const forest = new RandomForestClassifier(forestOptions(hyperparameters) as never);
  // The library trains all trees in one synchronous call, so progress is only its start and end.
  onProgress?.(0, hyperparameters.nEstimators);
  forest.train(
    X.map((row) => [...row]),
    [...y],
  );
  onProgress?.(hyperparameters.nEstimators, hyperparameters.nEstimators);
  return JSON.parse(JSON.stringify(forest.toJSON())) as ForestJson;
};
