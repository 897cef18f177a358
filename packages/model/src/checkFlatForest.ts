import { ForestFormatError } from './checkForest.js';
import { type FlatForest, nodeBytes, nodeViews } from './fast/index.js';

/**
 * Checks that a flat forest (e.g. decoded from an artifact) is over `featureCount` features and
 * `classCount` classes and that each tree is one well-formed preorder tree, so that walking it cannot
 * leave its tree or loop, and exporting it gives JSON the library reads back the same; in a soft-voting
 * forest, that every leaf names a row of its distributions and every share is in [0, 1]. One pass over
 * the nodes. Throws ForestFormatError naming the first bad place.
 */
export function checkFlatForest(forest: FlatForest, featureCount: number, classCount: number): void {
  const { treeStarts, subsetStarts, subsetColumns, nodes, distributions } = forest;
  const trees = treeStarts.length - 1;
  const count = nodes.byteLength / nodeBytes;
  if (trees < 1) throw new ForestFormatError('forest', 'expected at least one tree');
  if (!Number.isInteger(count) || nodes.byteOffset % 8 !== 0)
    throw new ForestFormatError('nodes', `expected ${nodeBytes} bytes per node, 8-byte aligned`);
  if (forest.classes > classCount)
    throw new ForestFormatError('forest', `has ${forest.classes} classes, expected at most ${classCount}`);
  if (treeStarts[0] !== 0 || treeStarts[trees] !== count)
    throw new ForestFormatError('tree starts', `expected to run from node 0 to the node count ${count}`);
  if (
    subsetStarts.length !== trees + 1 ||
    subsetStarts[0] !== 0 ||
    subsetStarts[trees] !== subsetColumns.length
  )
    throw new ForestFormatError(
      'feature subsets',
      'expected one subset per tree, covering every listed column',
    );
  for (const column of subsetColumns) {
    if (!(column >= 0 && column < featureCount))
      throw new ForestFormatError(
        'feature subsets',
        `expected feature indices from 0 to ${featureCount - 1}`,
      );
  }

  // A leaf holds a class, or in a soft-voting forest a row of class distributions.
  let leafLimit = classCount;
  let leafExpected = `a leaf class from 0 to ${classCount - 1}`;
  if (distributions !== undefined) {
    leafLimit = distributions.length / classCount;
    if (!Number.isInteger(leafLimit) || leafLimit < 1)
      throw new ForestFormatError('leaf distributions', `expected rows of ${classCount} classes`);
    for (let k = 0; k < distributions.length; k++) {
      const p = distributions[k] as number;
      if (!(p >= 0 && p <= 1))
        throw new ForestFormatError(
          `leaf distribution ${Math.floor(k / classCount)}`,
          'expected class shares from 0 to 1',
        );
    }
    leafExpected = `a leaf distribution row from 0 to ${leafLimit - 1}`;
  }
  const { f64, i32 } = nodeViews(nodes);
  // Splits whose right subtree has not started yet, innermost last.
  const pending = new Int32Array(count);
  // inSubset[feature] === t when tree t was offered the feature.
  const inSubset = new Int32Array(featureCount).fill(-1);
  for (let t = 0; t < trees; t++) {
    const start = treeStarts[t] as number;
    const end = treeStarts[t + 1] as number;
    const from = subsetStarts[t] as number;
    const to = subsetStarts[t + 1] as number;
    if (end <= start) throw new ForestFormatError(`tree ${t}`, 'expected at least one node');
    if (to <= from) throw new ForestFormatError(`tree ${t}`, 'expected a non-empty feature subset');
    for (let k = from; k < to; k++) inSubset[subsetColumns[k] as number] = t;
    let top = 0;
    for (let i = start; ; ) {
      const feature = i32[4 * i + 2] as number;
      const next = i32[4 * i + 3] as number;
      if (feature >= 0) {
        if (feature >= featureCount || inSubset[feature] !== t)
          throw nodeError(t, i - start, `splits on feature ${feature}, which is not in the tree's subset`);
        if (!Number.isFinite(f64[2 * i])) throw nodeError(t, i - start, 'expected a finite threshold');
        if (next <= i + 1 || next >= end)
          throw nodeError(t, i - start, 'expected its right child after its left child, inside the tree');
        pending[top++] = next;
        i += 1;
        continue;
      }
      if (feature !== -1) throw nodeError(t, i - start, 'expected a feature index or -1 (a leaf)');
      if (!(next >= 0 && next < leafLimit)) throw nodeError(t, i - start, `expected ${leafExpected}`);
      if (top === 0) {
        if (i + 1 !== end) throw nodeError(t, i - start, 'the tree ends here but more nodes follow');
        break;
      }
      const right = pending[--top] as number;
      if (right !== i + 1)
        throw nodeError(t, i - start, 'a right child does not start where its left subtree ends');
      i = right;
    }
  }
}

/** Built only on failure: a message per node would cost more than the whole check. */
const nodeError = (tree: number, node: number, problem: string) =>
  new ForestFormatError(`tree ${tree}, node ${node}`, problem);
