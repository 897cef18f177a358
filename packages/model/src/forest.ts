import { RandomForestClassifier } from 'ml-random-forest';
import type { ForestHyperparameters } from './config.js';
import { trainForest } from './fast/index.js';

/** A node of an ml-cart decision tree as `toJSON()` writes it: a leaf has `distribution`, a split has the rest. */
export interface TreeNodeJson {
  /** Leaf: one row of class shares, indexed by label (may be shorter than the label list). */
  distribution?: number[][];
  /** Split: column of the tree's own feature subset (see `ForestJson.baseModel.indexes`). */
  splitColumn?: number;
  /** null when the midpoint overflowed to Infinity (ml-random-forest reads it back as 0). */
  splitValue?: number | null;
  gain?: number | null;
  numberSamples?: number;
  left?: TreeNodeJson;
  right?: TreeNodeJson;
  [key: string]: unknown;
}

/** `RandomForestClassifier#toJSON()` of ml-random-forest 2.1.0, as plain JSON. */
export interface ForestJson {
  name: 'RFClassifier';
  baseModel: {
    /** Per tree, the dataset columns it sees: tree column `c` is feature `indexes[tree][c]`. */
    indexes: number[][];
    n: number;
    nEstimators: number;
    estimators: { name: 'DTClassifier'; options: Record<string, unknown>; root: TreeNodeJson }[];
    isClassifier: true;
    [key: string]: unknown;
  };
}

/** Reports trees done so far out of the total. */
export type ProgressCallback = (done: number, total: number) => void;

/** Fits a forest on rows `X` (features in model order) and labels `y` (0..k-1); the one place a trainer is called. */
export type ForestTrainer = (
  X: ReadonlyArray<ReadonlyArray<number>>,
  y: readonly number[],
  hyperparameters: ForestHyperparameters,
  onProgress?: ProgressCallback,
) => Promise<ForestJson>;

/** ml-random-forest's options for `hyperparameters` (always `noOOB: true`: see design notes). */
export function forestOptions(hyperparameters: ForestHyperparameters) {
  const { treeOptions, ...options } = hyperparameters;
  return {
    ...options,
    // The library treats a null maxDepth as 0 (no split at all); null in the config means unlimited.
    treeOptions: { ...treeOptions, maxDepth: treeOptions.maxDepth ?? Number.POSITIVE_INFINITY },
    noOOB: true,
  };
}

/**
 * Trains with the fast trainer, which writes byte for byte the forest ml-random-forest would (see
 * fast/), using the machine's cores for large jobs and reporting each tree.
 */
export const fitForest: ForestTrainer = async (X, y, hyperparameters, onProgress) => {
  onProgress?.(0, hyperparameters.nEstimators);
  const forest = await trainForest(
    X,
    y,
    forestOptions(hyperparameters),
    onProgress ? { onTree: onProgress } : {},
  );
  // Round-tripped like the library's output, so the rest of the pipeline sees exactly what the artifact holds.
  return JSON.parse(JSON.stringify(forest)) as ForestJson;
};

/** Trains with ml-random-forest's own trainer: slow on large data, kept to check the fast one against. */
export const fitForestWithLibrary: ForestTrainer = async (X, y, hyperparameters, onProgress) => {
  const forest = new RandomForestClassifier(forestOptions(hyperparameters));
  // The library trains all trees in one synchronous call, so progress is only its start and end.
  onProgress?.(0, hyperparameters.nEstimators);
  forest.train(
    X.map((row) => [...row]),
    [...y],
  );
  onProgress?.(hyperparameters.nEstimators, hyperparameters.nEstimators);
  return JSON.parse(JSON.stringify(forest.toJSON())) as ForestJson;
};
