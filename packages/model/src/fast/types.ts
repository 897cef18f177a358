// Options and JSON shapes of ml-random-forest 2.1.0 / ml-cart 2.1.1, as the fast trainer reads and writes them.

/** ml-cart `DecisionTreeClassifier` options (the forest's `treeOptions`). Unknown keys are kept, like the library. */
export interface TreeOptions {
  /** Only 'gini' is supported by ml-cart for classifiers. */
  gainFunction?: 'gini';
  /** Only 'mean' (midpoint between neighbouring values) is supported by ml-cart. */
  splitFunction?: 'mean';
  /** A node with at most this many samples becomes a leaf (default 3). */
  minNumSamples?: number;
  /** Depth limit (default Infinity, written as null in JSON). */
  maxDepth?: number;
  /** A split must gain more than this (default 0.01). */
  gainThreshold?: number;
  [key: string]: unknown;
}

/** `RandomForestClassifier` constructor options of ml-random-forest 2.1.0. */
export interface ForestOptions {
  /** Fraction in (0, 1] of the columns, or an integer count, drawn once per tree (default 1.0). */
  maxFeatures?: number;
  /** Draw tree columns with replacement (default true). */
  replacement?: boolean;
  /** Number of trees (default 50). */
  nEstimators?: number;
  /** Integer seed of the bootstrap and column draws (default 42). */
  seed?: number;
  /** Bootstrap the rows of each tree (default true). */
  useSampleBagging?: boolean;
  /** Ignored here: out-of-bag estimates are not part of `toJSON()`, so they are never computed. */
  noOOB?: boolean;
  /** Train on the first rows only: a fraction in (0, 1) or an integer count. */
  maxSamples?: number;
  treeOptions?: TreeOptions;
  /**
   * Not in ml-random-forest: draw features at each split instead of once per tree, without replacement
   * (Breiman's and scikit-learn's rule): 'sqrt', 'log2', a fraction in (0, 1] or an integer count of
   * all the features. Every tree then sees all features in order; `maxFeatures` must stay unset or 1.
   */
  splitFeatures?: 'sqrt' | 'log2' | number;
}

/** An ml-cart tree node as `JSON.stringify` sees it: a leaf has `distribution`, a split has `left`/`right`. */
export interface TreeNodeJson {
  kind?: unknown;
  gainFunction?: unknown;
  splitFunction?: unknown;
  minNumSamples?: unknown;
  maxDepth?: unknown;
  gainThreshold?: unknown;
  /** Threshold: a row goes left when `row[splitColumn] < splitValue`. */
  splitValue?: number | null | undefined;
  /** Column of the tree's own column subset (`baseModel.indexes[tree]`). */
  splitColumn?: number | undefined;
  /** Gini gain of the best split; -Infinity (null in JSON) when the node had no candidate split. */
  gain?: number | null;
  numberSamples?: number | undefined;
  left?: TreeNodeJson;
  right?: TreeNodeJson;
  /** One row of class shares indexed by label, as long as the largest label in the node plus one. */
  distribution?: number[][];
}

/** `DecisionTreeClassifier#toJSON()`. */
export interface TreeJson {
  options: Record<string, unknown>;
  root: TreeNodeJson;
  name: 'DTClassifier';
}

/** `RandomForestClassifier#toJSON()`. */
export interface ForestJson {
  baseModel: {
    /** Per tree, the dataset columns it sees: tree column `c` is feature `indexes[tree][c]`. */
    indexes: number[][];
    n: number;
    replacement?: boolean | undefined;
    maxFeatures?: number | undefined;
    nEstimators: number;
    treeOptions?: TreeOptions | undefined;
    isClassifier: true;
    seed?: number | undefined;
    estimators: TreeJson[];
    useSampleBagging?: boolean | undefined;
  };
  name: 'RFClassifier';
}
