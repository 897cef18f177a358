import { type FlatForest, flattenForest, nodeViews } from './flatForest.js';
import type { ForestJson } from './types.js';

// A loaded ml-random-forest classifier walks object trees through ml-matrix views for every row. The
// compiled form walks a flat forest (flatForest.ts: all trees in one buffer, 16 bytes a node, in
// preorder, columns already mapped through each tree's column subset) in a loop.
// Decisions match the library exactly: a row goes left when `row[column] < splitValue` (so NaN goes
// right), a leaf predicts the first largest share of its distribution, and the forest predicts the
// label whose vote count first reached the maximum in tree order (ml-array-mode), so split votes
// break the same way.

/** A forest compiled for fast prediction. Rows are feature values in dataset column order. */
export interface CompiledForest {
  /** Number of trees (votes per row). */
  readonly trees: number;
  /** Number of classes: length of `voteShares` results. */
  readonly classes: number;
  /** Row length the forest reads: largest column used plus one. */
  readonly features: number;
  /** Label index the forest predicts for one row, identical to `RandomForestClassifier#predict`. */
  predict(row: ArrayLike<number>): number;
  /**
   * Share of trees voting each class (count / trees), written into `out` (new array if omitted). For a
   * soft-voting forest: the mean of the trees' leaf distributions, scikit-learn's `predict_proba`.
   */
  voteShares(row: ArrayLike<number>, out?: Float64Array): Float64Array;
  /** Label and vote shares in one pass: fills `shares` and returns the label. */
  predictWithShares(row: ArrayLike<number>, shares: Float64Array): number;
  /** Labels for many rows, written into `out` (new array if omitted). */
  predictBatch(rows: ReadonlyArray<ArrayLike<number>>, out?: Int32Array): Int32Array;
}

/** Options of `compileForest`. */
export interface CompileOptions {
  /** Class count (e.g. the model's label count); default: the widest leaf distribution. */
  classes?: number;
}

/**
 * The number of features the nodes split on (largest column + 1), scanned on first use: serving a
 * loaded model never needs it.
 */
function featureCount(i32: Int32Array): () => number {
  let features: number | undefined;
  return () => {
    if (features === undefined) {
      features = 0;
      for (let i = 2; i < i32.length; i += 4) features = Math.max(features, (i32[i] as number) + 1);
    }
    return features;
  };
}

/** Compiles `RandomForestClassifier#toJSON()` output (or its JSON.parse'd form) into a flat predictor. */
export function compileForest(forest: ForestJson, options: CompileOptions = {}): CompiledForest {
  return compileFlatForest(flattenForest(forest), options);
}

/**
 * A predictor over a flat forest's own arrays (no copy): what a loaded artifact serves. The forest must be
 * well formed (see checkFlatForest); `options.classes` may widen the class count, never narrow it.
 */
export function compileFlatForest(flat: FlatForest, options: CompileOptions = {}): CompiledForest {
  if (flat.distributions !== undefined) return compileSoftVoting(flat, flat.distributions, options);
  const trees = flat.treeStarts.length - 1;
  if (trees < 1) throw new TypeError('The forest has no trees');
  const roots = flat.treeStarts.subarray(0, trees);
  const { f64, i32 } = nodeViews(flat.nodes);
  let classes = flat.classes;
  if (options.classes !== undefined) {
    if (!Number.isInteger(options.classes) || options.classes < classes) {
      throw new RangeError(`classes must be an integer >= ${classes} (the widest leaf distribution)`);
    }
    classes = options.classes;
  }

  const votes = new Int32Array(classes);
  const leafOf = (row: ArrayLike<number>, root: number): number => {
    let i = root;
    let c = i32[4 * i + 2] as number;
    while (c >= 0) {
      i = (row[c] as number) < (f64[2 * i] as number) ? i + 1 : (i32[4 * i + 3] as number);
      c = i32[4 * i + 2] as number;
    }
    return i32[4 * i + 3] as number;
  };
  // ml-array-mode: the label whose count first exceeds the running maximum, in tree order.
  const vote = (row: ArrayLike<number>): number => {
    votes.fill(0);
    let label = 0;
    let max = 0;
    for (let t = 0; t < trees; t++) {
      const c = leafOf(row, roots[t] as number);
      const n = (votes[c] as number) + 1;
      votes[c] = n;
      if (n > max) {
        max = n;
        label = c;
      }
    }
    return label;
  };
  const fillShares = (out: Float64Array): Float64Array => {
    for (let c = 0; c < classes; c++) out[c] = (votes[c] as number) / trees;
    return out;
  };

  const features = featureCount(i32);
  return {
    trees,
    classes,
    get features() {
      return features();
    },
    predict: vote,
    voteShares(row, out = new Float64Array(classes)) {
      vote(row);
      return fillShares(out);
    },
    predictWithShares(row, shares) {
      const label = vote(row);
      fillShares(shares);
      return label;
    },
    predictBatch(rows, out = new Int32Array(rows.length)) {
      // Tree by tree rather than row by row, so one tree's nodes stay in cache across all rows. Votes are
      // still counted in tree order per row, so the running maximum breaks split votes like `vote`.
      const n = rows.length;
      const counts = new Int32Array(n * classes);
      const most = new Int32Array(n);
      out.fill(0, 0, n);
      for (let t = 0; t < trees; t++) {
        const root = roots[t] as number;
        for (let r = 0; r < n; r++) {
          const c = leafOf(rows[r] as ArrayLike<number>, root);
          const k = r * classes + c;
          const count = (counts[k] as number) + 1;
          counts[k] = count;
          if (count > (most[r] as number)) {
            most[r] = count;
            out[r] = c;
          }
        }
      }
      return out;
    },
  };
}

/**
 * The predictor of a soft-voting forest (imported from scikit-learn), as `RandomForestClassifier` of
 * scikit-learn computes it: the trees' leaf distributions added in tree order into zeros, divided by the
 * tree count (`predict_proba`, the same float64 operations in the same order, so the same bits), and the
 * first most probable class (`predict`: `classes_[argmax]`). The walk is the native one: the thresholds
 * already decide as scikit-learn's float32 test does.
 */
function compileSoftVoting(
  flat: FlatForest,
  distributions: Float64Array,
  options: CompileOptions,
): CompiledForest {
  const trees = flat.treeStarts.length - 1;
  if (trees < 1) throw new TypeError('The forest has no trees');
  const classes = flat.classes;
  if (options.classes !== undefined && options.classes !== classes) {
    throw new RangeError(`classes must be ${classes}: the width of the forest's leaf distributions`);
  }
  const roots = flat.treeStarts.subarray(0, trees);
  const { f64, i32 } = nodeViews(flat.nodes);
  const leafOf = (row: ArrayLike<number>, root: number): number => {
    let i = root;
    let c = i32[4 * i + 2] as number;
    while (c >= 0) {
      i = (row[c] as number) < (f64[2 * i] as number) ? i + 1 : (i32[4 * i + 3] as number);
      c = i32[4 * i + 2] as number;
    }
    return i32[4 * i + 3] as number;
  };
  /** Fills `out` with the mean distribution for `row` and returns the first most probable class. */
  const mean = (row: ArrayLike<number>, out: Float64Array): number => {
    out.fill(0, 0, classes);
    for (let t = 0; t < trees; t++) {
      const base = leafOf(row, roots[t] as number) * classes;
      for (let c = 0; c < classes; c++) out[c] = (out[c] as number) + (distributions[base + c] as number);
    }
    let label = 0;
    for (let c = 0; c < classes; c++) {
      const p = (out[c] as number) / trees;
      out[c] = p;
      if (p > (out[label] as number)) label = c;
    }
    return label;
  };
  const scratch = new Float64Array(classes);
  const features = featureCount(i32);
  return {
    trees,
    classes,
    get features() {
      return features();
    },
    predict: (row) => mean(row, scratch),
    voteShares(row, out = new Float64Array(classes)) {
      mean(row, out);
      return out;
    },
    predictWithShares: mean,
    predictBatch(rows, out = new Int32Array(rows.length)) {
      // Tree by tree, as the native batch: each row's sums still add the trees in order.
      const n = rows.length;
      const sums = new Float64Array(n * classes);
      for (let t = 0; t < trees; t++) {
        const root = roots[t] as number;
        for (let r = 0; r < n; r++) {
          const base = leafOf(rows[r] as ArrayLike<number>, root) * classes;
          const at = r * classes;
          for (let c = 0; c < classes; c++)
            sums[at + c] = (sums[at + c] as number) + (distributions[base + c] as number);
        }
      }
      for (let r = 0; r < n; r++) {
        const at = r * classes;
        let label = 0;
        for (let c = 1; c < classes; c++) {
          if ((sums[at + c] as number) / trees > (sums[at + label] as number) / trees) label = c;
        }
        out[r] = label;
      }
      return out;
    },
  };
}
