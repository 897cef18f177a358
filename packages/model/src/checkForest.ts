import type { ForestJson } from './forest.js';

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

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkTree(root: unknown, indexes: readonly number[], labelCount: number, at: string): void {
  // Iterative, so deep trees cannot overflow the stack.
  const stack: { node: unknown; at: string }[] = [{ node: root, at }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node } = item;
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
      continue;
    }
    const column = node.splitColumn;
    if (!Number.isInteger(column) || (column as number) < 0 || (column as number) >= indexes.length) {
      throw new ForestFormatError(
        `${item.at}.splitColumn`,
        `expected an integer from 0 to ${indexes.length - 1}`,
      );
    }
    // ml-random-forest writes a threshold that overflowed to Infinity as null (and reads it back as 0).
    if (!isNumber(node.splitValue) && node.splitValue !== null)
      throw new ForestFormatError(`${item.at}.splitValue`, 'expected a number');
    stack.push({ node: node.right, at: `${item.at}.right` }, { node: node.left, at: `${item.at}.left` });
  }
}

/**
 * Checks that `forest` is an ml-random-forest classifier JSON over `featureCount` features and at most
 * `labelCount` classes, so that compiling and walking it cannot fail. Throws ForestFormatError naming
 * the first bad place.
 */
export function checkForest(
  forest: unknown,
  featureCount: number,
  labelCount: number,
): asserts forest is ForestJson {
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
  estimators.forEach((tree, t) => {
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
    checkTree(tree.root, subset as number[], labelCount, `forest.baseModel.estimators[${t}].root`);
  });
}
