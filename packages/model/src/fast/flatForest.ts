import type { ForestJson, TreeNodeJson } from './types.js';

// The forest as a few typed arrays: what the compact artifact stores byte for byte and what the compiled
// predictor walks, so loading needs no per-node objects. Nodes are 16 bytes, one per cache-line quarter:
//   f64[2i]      threshold: a row goes left when row[feature] < threshold (0 for a leaf)
//   i32[4i + 2]  dataset feature of a split, or -1 for a leaf
//   i32[4i + 3]  a split's right child (global node index), or a leaf's class
// Each tree is stored in preorder, so a split's left child is the next node. Thresholds are the doubles
// ml-random-forest compares against after loading its JSON (a null threshold reads back as 0), so the
// walk decides exactly as the library does.
// A forest imported from scikit-learn (sklearn/) votes softly: its leaves hold a row of `distributions`
// in place of a class, and its thresholds are the doubles that make `<` decide as scikit-learn's
// `float32(x) <= threshold` does (sklearn/threshold.ts), so both kinds walk the same nodes.

/** Bytes per node. */
export const nodeBytes = 16;

/** A forest flattened into typed arrays (see the layout above). */
export interface FlatForest {
  /** Classes the leaves vote for: every leaf class is below this. */
  classes: number;
  /** Node index where each tree starts, then the node count: `trees + 1` entries. */
  treeStarts: Int32Array;
  /** Tree t was offered the dataset columns `subsetColumns[subsetStarts[t] .. subsetStarts[t + 1])` (the library's `indexes`). */
  subsetStarts: Int32Array;
  subsetColumns: Int32Array;
  /** `nodeBytes` per node; its byte offset is a multiple of 8, so Float64Array views can be laid over it. */
  nodes: Uint8Array;
  /**
   * Only in a soft-voting forest (imported from scikit-learn): class distributions, `classes` values a
   * row, and a leaf's `i32[4i + 3]` is its row, not a class. The forest predicts the mean of its trees'
   * rows and the first most probable class. Absent: each leaf votes for the class it holds.
   */
  distributions?: Float64Array;
}

/** Float64 and Int32 views over a flat forest's nodes (the byte offset must be a multiple of 8). */
export function nodeViews(nodes: Uint8Array): { f64: Float64Array; i32: Int32Array } {
  const count = nodes.byteLength / nodeBytes;
  return {
    f64: new Float64Array(nodes.buffer, nodes.byteOffset, count * 2),
    i32: new Int32Array(nodes.buffer, nodes.byteOffset, count * 4),
  };
}

/**
 * Flattens `RandomForestClassifier#toJSON()` output (or its JSON.parse'd form). `classes` is the widest
 * leaf distribution; leaves keep the class they predict (the first largest share), not their shares.
 */
export function flattenForest(forest: ForestJson): FlatForest {
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
  const nodes = new Uint8Array(count * nodeBytes);
  const { f64, i32 } = nodeViews(nodes);
  const treeStarts = new Int32Array(trees + 1);
  const subsetStarts = new Int32Array(trees + 1);
  const subsetColumns: number[] = [];
  let classes = 0;
  let size = 0;
  estimators.forEach((estimator, t) => {
    const subset = indexes[t];
    if (!Array.isArray(subset)) throw new TypeError(`Tree ${t} has no column subset`);
    subsetColumns.push(...subset);
    subsetStarts[t + 1] = subsetColumns.length;
    treeStarts[t] = size;
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
      // `Number` gives what `<` compares against: null (a non-finite threshold after JSON) is 0.
      f64[2 * i] = Number(node.splitValue);
      // Preorder: left comes right after this node; the right child's index is filled in when reached.
      stack.push(node.right, node.left);
      parents.push(i, -1);
    }
  });
  treeStarts[trees] = size;
  return { classes, treeStarts, subsetStarts, subsetColumns: Int32Array.from(subsetColumns), nodes };
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
