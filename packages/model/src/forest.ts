import { RandomForestClassifier } from 'ml-random-forest';
import type { ForestHyperparameters } from './config.js';

/** A node of an ml-cart decision tree as `toJSON()` writes it: a leaf has `distribution`, a split has the rest. */
export interface TreeNodeJson {
  /** Leaf: one row of class shares, indexed by label (may be shorter than the label list). */
  distribution?: number[][];
  /** Split: column of the tree's own feature subset (see `ForestJson.baseModel.indexes`). */
  splitColumn?: number;
  splitValue?: number;
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

/** Trains with ml-random-forest (always `noOOB: true`) and returns its JSON, round-tripped to plain data. */
export const fitForest: ForestTrainer = async (X, y, hyperparameters, onProgress) => {
  const { treeOptions, ...forestOptions } = hyperparameters;
  const forest = new RandomForestClassifier({
    ...forestOptions,
    // The library treats a null maxDepth as 0 (no split at all); null in the config means unlimited.
    treeOptions: { ...treeOptions, maxDepth: treeOptions.maxDepth ?? Number.POSITIVE_INFINITY },
    noOOB: true,
  });
  // The library trains all trees in one synchronous call, so progress is only its start and end.
  onProgress?.(0, hyperparameters.nEstimators);
  forest.train(
    X.map((row) => [...row]),
    [...y],
  );
  onProgress?.(hyperparameters.nEstimators, hyperparameters.nEstimators);
  return JSON.parse(JSON.stringify(forest.toJSON())) as ForestJson;
};
