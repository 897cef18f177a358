import type { ForestJson, TreeNodeJson } from './types.js';

// A loaded ml-random-forest classifier walks object trees through ml-matrix views for every row. The
// compiled form stores all trees in one flat buffer in preorder (a split's left child is the next
// node), with columns already mapped through each tree's column subset, and walks them in a loop.
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
  /** Share of trees voting each class (count / trees), written into `out` (new array if omitted). */
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

/** Compiles `RandomForestClassifier#toJSON()` output (or its JSON.parse'd form) into a flat predictor. */
export function compileForest(forest: ForestJson, options: CompileOptions = {}): CompiledForest {
  if (forest?.name !== 'RFClassifier' || typeof forest.baseModel !== 'object') {
    throw new TypeError('compileForest expects RandomForestClassifier#toJSON() output (name "RFClassifier")');
  }
  const { estimators, indexes } = forest.baseModel;
  if (!Array.isArray(estimators) || estimators.length === 0 || !Array.isArray(indexes)) {
    throw new TypeError('The forest has no trees');
  }
  const trees = estimators.length;
  let count = 0;
  for (const estimator of estimators) count += countNodes(estimator.root);
  // 16 bytes per node, so a visit touches one cache line: threshold (f64[2i]), column or -1 for a leaf
  // (i32[4i + 2]) and the right child or the leaf's class (i32[4i + 3]).
  const buffer = new ArrayBuffer(count * 16);
  const f64 = new Float64Array(buffer);
  const i32 = new Int32Array(buffer);
  const roots = new Int32Array(trees);
  let classes = 0;
  let features = 0;
  let size = 0;
  estimators.forEach((estimator, t) => {
    const subset = indexes[t];
    if (!Array.isArray(subset)) throw new TypeError(`Tree ${t} has no column subset`);
    roots[t] = size;
    const stack: TreeNodeJson[] = [estimator.root];
    const parents: number[] = [-1];
    while (stack.length > 0) {
      const node = stack.pop() as TreeNodeJson;
      const parent = parents.pop() as number;
      const i = size++;
      if (parent >= 0) i32[4 * parent + 3] = i;
      if (node.distribution !== undefined) {
        const shares = leafShares(node.distribution);
        if (!Array.isArray(shares) || shares.length === 0)
          throw new TypeError(`Tree ${t}: empty leaf distribution`);
        let best = 0;
        for (let c = 1; c < shares.length; c++)
          if ((shares[c] as number) > (shares[best] as number)) best = c;
        i32[4 * i + 2] = -1;
        i32[4 * i + 3] = best;
        if (shares.length > classes) classes = shares.length;
        continue;
      }
      const local = node.splitColumn;
      const mapped = typeof local === 'number' ? subset[local] : undefined;
      if (mapped === undefined || node.left === undefined || node.right === undefined) {
        throw new TypeError(
          `Tree ${t}: a split node needs splitColumn within the tree's columns, left and right`,
        );
      }
      i32[4 * i + 2] = mapped;
      if (mapped + 1 > features) features = mapped + 1;
      // `Number` gives what `<` compares against: null (a non-finite threshold after JSON) is 0.
      f64[2 * i] = Number(node.splitValue);
      // Preorder: left comes right after this node; the right child's index is filled in when reached.
      stack.push(node.right, node.left);
      parents.push(i, -1);
    }
  });
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

  return {
    trees,
    classes,
    features,
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

function countNodes(root: TreeNodeJson): number {
  let count = 0;
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop() as TreeNodeJson;
    count++;
    if (node.distribution === undefined) {
      if (node.left !== undefined) stack.push(node.left);
      if (node.right !== undefined) stack.push(node.right);
    }
  }
  return count;
}

/** A leaf's share row from JSON ([[...]]) or from a live ml-matrix Matrix (the unserialized toJSON() form). */
function leafShares(distribution: unknown): unknown {
  const rows =
    Array.isArray(distribution) || typeof (distribution as { toJSON?: unknown })?.toJSON !== 'function'
      ? distribution
      : (distribution as { toJSON(): unknown }).toJSON();
  return Array.isArray(rows) ? rows[0] : undefined;
}
