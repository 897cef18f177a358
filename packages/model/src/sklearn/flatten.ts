import { type FlatForest, nodeBytes, nodeViews } from '../fast/index.js';
import type { SklearnDump } from './dump.js';
import { float32Boundary } from './threshold.js';

/**
 * A checked dump's forest as a soft-voting flat forest (fast/flatForest.ts): each tree in preorder, every
 * tree offered all features, each split's threshold made the double that `<` compares against exactly as
 * scikit-learn's `float32(x) <= threshold` (threshold.ts), and each leaf a row of one table of class
 * distributions, identical rows stored once (a fully grown tree's pure leaves share a handful of rows).
 * Deterministic: rows are numbered in the order leaves are first met.
 */
export function flattenSklearnForest(dump: SklearnDump): FlatForest {
  const classes = dump.labels.length;
  const features = dump.features.length;
  const trees = dump.trees.length;
  let count = 0;
  for (const tree of dump.trees) count += tree.node_count;
  const nodes = new Uint8Array(count * nodeBytes);
  const { f64, i32 } = nodeViews(nodes);
  const treeStarts = new Int32Array(trees + 1);
  const subsetStarts = new Int32Array(trees + 1);
  const subsetColumns = new Int32Array(trees * features);
  const rows = new Map<string, number>();
  const table: number[] = [];
  let size = 0;
  dump.trees.forEach((tree, t) => {
    treeStarts[t] = size;
    for (let f = 0; f < features; f++) subsetColumns[t * features + f] = f;
    subsetStarts[t + 1] = (t + 1) * features;
    // Preorder: a split's left child comes right after it; its right child's index is filled in when reached.
    const stack = [0];
    const parents = [-1];
    while (stack.length > 0) {
      const id = stack.pop() as number;
      const parent = parents.pop() as number;
      const i = size++;
      if (parent >= 0) i32[4 * parent + 3] = i;
      const proba = tree.leaf_proba[id];
      if (tree.children_left[id] === -1 && proba) {
        const key = proba.join(',');
        let row = rows.get(key);
        if (row === undefined) {
          row = rows.size;
          rows.set(key, row);
          table.push(...proba);
        }
        i32[4 * i + 2] = -1;
        i32[4 * i + 3] = row;
        continue;
      }
      i32[4 * i + 2] = tree.feature[id] as number;
      f64[2 * i] = float32Boundary(tree.threshold[id] as number);
      stack.push(tree.children_right[id] as number, tree.children_left[id] as number);
      parents.push(i, -1);
    }
  });
  treeStarts[trees] = size;
  if (size !== count) throw new RangeError(`expected ${count} nodes, laid out ${size}`);
  return { classes, treeStarts, subsetStarts, subsetColumns, nodes, distributions: Float64Array.from(table) };
}
