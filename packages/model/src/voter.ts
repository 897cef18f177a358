/** A forest compiled for prediction: flat arrays per tree, features mapped to model columns. */
export interface ForestVoter {
  readonly trees: number;
  /**
   * Counts one vote per tree for `row` (features in model order) into `counts` (zeroed by the caller, one
   * slot per label) and returns the winner exactly as ml-random-forest's `predict` picks it: the majority,
   * and on a split vote the class that reached the maximum first, in tree order.
   */
  vote(row: ArrayLike<number>, counts: number[]): number;
}

/** The forest JSON does not have the shape ml-random-forest writes; `at` is a path into it. */
export class ForestFormatError extends Error {
  override name = 'ForestFormatError';
  constructor(
    readonly at: string,
    problem: string,
  ) {
    super(`${at}: ${problem}`);
  }
}

interface CompiledTree {
  /** Model column tested at each node, or -1 at a leaf. */
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** The class a leaf votes for (argmax of its distribution, first maximum wins like ml-matrix's maxRowIndex). */
  leafClass: Int32Array;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function compileTree(
  root: unknown,
  indexes: readonly number[],
  labelCount: number,
  at: string,
): CompiledTree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const leafClass: number[] = [];
  // Iterative, so deep trees cannot overflow the stack.
  const stack: { node: unknown; slot: number; at: string }[] = [{ node: root, slot: 0, at }];
  const allocate = () => {
    feature.push(-1);
    threshold.push(0);
    left.push(-1);
    right.push(-1);
    leafClass.push(-1);
    return feature.length - 1;
  };
  allocate();
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, slot } = item;
    if (!isRecord(node)) throw new ForestFormatError(item.at, 'expected a tree node object');
    if (node.distribution !== undefined) {
      const row =
        Array.isArray(node.distribution) && node.distribution.length === 1 ? node.distribution[0] : undefined;
      if (!Array.isArray(row) || row.length === 0 || row.length > labelCount || !row.every(isNumber)) {
        throw new ForestFormatError(
          `${item.at}.distribution`,
          `expected [[share, ...]] with 1 to ${labelCount} numbers`,
        );
      }
      let best = 0;
      for (let c = 1; c < row.length; c++) if ((row[c] as number) > (row[best] as number)) best = c;
      leafClass[slot] = best;
      continue;
    }
    const column = node.splitColumn;
    if (!Number.isInteger(column) || (column as number) < 0 || (column as number) >= indexes.length) {
      throw new ForestFormatError(
        `${item.at}.splitColumn`,
        `expected an integer from 0 to ${indexes.length - 1}`,
      );
    }
    if (!isNumber(node.splitValue)) throw new ForestFormatError(`${item.at}.splitValue`, 'expected a number');
    feature[slot] = indexes[column as number] as number;
    threshold[slot] = node.splitValue;
    const l = allocate();
    const r = allocate();
    left[slot] = l;
    right[slot] = r;
    stack.push(
      { node: node.right, slot: r, at: `${item.at}.right` },
      { node: node.left, slot: l, at: `${item.at}.left` },
    );
  }
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    leafClass: Int32Array.from(leafClass),
  };
}

/**
 * Checks that `forest` is an ml-random-forest classifier JSON over `featureCount` features and at most
 * `labelCount` classes, and compiles it. Throws ForestFormatError naming the first bad place.
 */
export function compileForest(forest: unknown, featureCount: number, labelCount: number): ForestVoter {
  if (!isRecord(forest) || forest.name !== 'RFClassifier') {
    throw new ForestFormatError('forest', 'expected a random forest classifier (name "RFClassifier")');
  }
  const base = forest.baseModel;
  if (!isRecord(base)) throw new ForestFormatError('forest.baseModel', 'expected an object');
  const { estimators, indexes, nEstimators } = base;
  if (!Array.isArray(estimators) || estimators.length === 0) {
    throw new ForestFormatError('forest.baseModel.estimators', 'expected a non-empty array of trees');
  }
  if (nEstimators !== estimators.length) {
    throw new ForestFormatError(
      'forest.baseModel.nEstimators',
      `expected ${estimators.length}, the number of trees`,
    );
  }
  if (!Array.isArray(indexes) || indexes.length !== estimators.length) {
    throw new ForestFormatError('forest.baseModel.indexes', 'expected one feature subset per tree');
  }
  const trees = estimators.map((tree, t) => {
    const subset: unknown = indexes[t];
    if (
      !Array.isArray(subset) ||
      subset.length === 0 ||
      !subset.every((c) => Number.isInteger(c) && c >= 0 && c < featureCount)
    ) {
      throw new ForestFormatError(
        `forest.baseModel.indexes[${t}]`,
        `expected feature indices from 0 to ${featureCount - 1}`,
      );
    }
    if (!isRecord(tree) || tree.name !== 'DTClassifier') {
      throw new ForestFormatError(
        `forest.baseModel.estimators[${t}]`,
        'expected a decision tree classifier (name "DTClassifier")',
      );
    }
    return compileTree(tree.root, subset as number[], labelCount, `forest.baseModel.estimators[${t}].root`);
  });

  return {
    trees: trees.length,
    vote(row, counts) {
      let winner = -1;
      let most = 0;
      for (const tree of trees) {
        let node = 0;
        let column = tree.feature[0] as number;
        while (column >= 0) {
          // Same test as ml-cart: strictly less goes left.
          node = (
            (row[column] as number) < (tree.threshold[node] as number) ? tree.left[node] : tree.right[node]
          ) as number;
          column = tree.feature[node] as number;
        }
        const label = tree.leafClass[node] as number;
        const count = (counts[label] ?? 0) + 1;
        counts[label] = count;
        if (count > most) {
          most = count;
          winner = label;
        }
      }
      return winner;
    },
  };
}
