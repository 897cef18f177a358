// Forest settings shared by the training and predict sections, and small helpers on forest JSON.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  type ForestHyperparameters,
  type ForestJson,
  forestOptions,
  repoRoot,
} from '../../packages/model/src/index.js';
import { benchFeatures } from './context.js';

/** How features are offered to the trees; ml-random-forest draws them per tree, scikit-learn per split. */
export interface Pairing {
  id: 'all' | 'sqrt';
  /** How the pairing reads in tables. */
  name: string;
  /** Ours (ml-random-forest's maxFeatures). */
  maxFeatures: number;
  /** scikit-learn's max_features. */
  sklearn: null | 'sqrt';
}

const sqrtCount = Math.floor(Math.sqrt(benchFeatures));

export const pairings: readonly Pairing[] = [
  {
    id: 'all',
    name: `all ${benchFeatures} features (ours maxFeatures 1.0, sklearn max_features=None)`,
    maxFeatures: 1,
    sklearn: null,
  },
  {
    id: 'sqrt',
    name: `√ features: ${sqrtCount} per tree (ours maxFeatures √${benchFeatures}/${benchFeatures}) vs ${sqrtCount} per split (sklearn 'sqrt')`,
    maxFeatures: Math.sqrt(benchFeatures) / benchFeatures,
    sklearn: 'sqrt',
  },
];

/** ml-cart's leaf size: a node with at most this many rows is a leaf; scikit-learn's min_samples_split is one more. */
export const minNumSamples = 3;

/**
 * Our hyperparameters for a pairing. No gain threshold (the repo's config uses ml-cart's 0.01, which has
 * no scikit-learn equivalent), so both libraries grow trees until nodes are pure or too small.
 */
export function hyperparameters(trees: number, pairing: Pairing): ForestHyperparameters {
  return {
    nEstimators: trees,
    maxFeatures: pairing.maxFeatures,
    replacement: true,
    useSampleBagging: true,
    seed: 42,
    treeOptions: { minNumSamples, maxDepth: null, gainThreshold: 0 },
  };
}

/** ml-random-forest's options (noOOB, unlimited depth) for the fast trainer, exactly as the model package passes them. */
export const libraryOptions = (trees: number, pairing: Pairing) =>
  forestOptions(hyperparameters(trees, pairing));

/**
 * The scale section's forest: fully grown trees (gainThreshold 0, a node of 2 rows or fewer is a leaf),
 * every feature offered to every tree, drawn without replacement, bootstrap rows.
 */
export const scaleOptions = (trees: number) =>
  forestOptions({
    nEstimators: trees,
    maxFeatures: 1,
    replacement: false,
    useSampleBagging: true,
    seed: 42,
    treeOptions: { minNumSamples: 2, maxDepth: null, gainThreshold: 0 },
  });

/** Mean number of nodes (splits and leaves) per tree. */
export function nodesPerTree(forest: ForestJson): number {
  let nodes = 0;
  const stack = forest.baseModel.estimators.map((tree) => tree.root);
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    nodes += 1;
    if (node.left !== undefined) stack.push(node.left);
    if (node.right !== undefined) stack.push(node.right);
  }
  return nodes / forest.baseModel.estimators.length;
}

/** ml-random-forest's classifier as loaded from JSON, the way the library serves a saved model. */
export interface LibraryForest {
  predict(rows: ReadonlyArray<ArrayLike<number>>): number[];
}

/** `RandomForestClassifier.load(json)` of ml-random-forest 2.1.0 (a dependency of the model package, not of the root). */
export function loadLibraryForest(json: ForestJson): LibraryForest {
  const { RandomForestClassifier } = createRequire(join(repoRoot, 'packages', 'model', 'package.json'))(
    'ml-random-forest',
  ) as { RandomForestClassifier: { load(json: unknown): LibraryForest } };
  return RandomForestClassifier.load(JSON.parse(JSON.stringify(json)));
}
