import { describe, expect, it } from 'vitest';
import { checkFlatForest } from './checkFlatForest.js';
import { ForestFormatError } from './checkForest.js';
import { type FlatForest, nodeViews } from './fast/index.js';

type Node = { leaf: number } | { feature: number; threshold: number; right: number };

/** A one-tree flat forest over the given subset, nodes written as listed (preorder expected). */
function forestOf(nodes: Node[], subset: number[] = [0, 1]): FlatForest {
  const bytes = new Uint8Array(nodes.length * 16);
  const { f64, i32 } = nodeViews(bytes);
  nodes.forEach((node, i) => {
    if ('leaf' in node) {
      i32[4 * i + 2] = -1;
      i32[4 * i + 3] = node.leaf;
    } else {
      f64[2 * i] = node.threshold;
      i32[4 * i + 2] = node.feature;
      i32[4 * i + 3] = node.right;
    }
  });
  return {
    classes: 2,
    treeStarts: Int32Array.from([0, nodes.length]),
    subsetStarts: Int32Array.from([0, subset.length]),
    subsetColumns: Int32Array.from(subset),
    nodes: bytes,
  };
}

const check = (forest: FlatForest) => () => checkFlatForest(forest, 2, 2);

describe('checkFlatForest', () => {
  it('accepts well-formed preorder trees', () => {
    // split(x0 < 1: leaf 0, split(x1 < 2: leaf 1, leaf 0))
    const tree: Node[] = [
      { feature: 0, threshold: 1, right: 2 },
      { leaf: 0 },
      { feature: 1, threshold: 2, right: 4 },
      { leaf: 1 },
      { leaf: 0 },
    ];
    expect(check(forestOf(tree))).not.toThrow();
    expect(check(forestOf([{ leaf: 1 }]))).not.toThrow();
  });

  it.each<[string, Node[], number[], RegExp]>([
    [
      'a right child that is not where the left subtree ends',
      [{ feature: 0, threshold: 1, right: 3 }, { leaf: 0 }, { leaf: 0 }, { leaf: 1 }],
      [0, 1],
      /^tree 0, node 1: a right child does not start where its left subtree ends/,
    ],
    [
      'nodes after the last leaf',
      [{ leaf: 0 }, { leaf: 1 }],
      [0, 1],
      /^tree 0, node 0: the tree ends here but more nodes follow/,
    ],
    [
      'a right child outside the tree',
      [{ feature: 0, threshold: 1, right: 5 }, { leaf: 0 }, { leaf: 1 }],
      [0, 1],
      /right child after its left child, inside the tree/,
    ],
    [
      'a split on a feature the tree was not offered',
      [{ feature: 1, threshold: 1, right: 2 }, { leaf: 0 }, { leaf: 1 }],
      [0],
      /splits on feature 1, which is not in the tree's subset/,
    ],
    [
      'a NaN threshold',
      [{ feature: 0, threshold: Number.NaN, right: 2 }, { leaf: 0 }, { leaf: 1 }],
      [0, 1],
      /expected a finite threshold/,
    ],
    ['an empty subset', [{ leaf: 0 }], [], /^tree 0: expected a non-empty feature subset/],
  ])('refuses %s, naming where', (_, nodes, subset, message) => {
    expect(check(forestOf(nodes, subset))).toThrow(ForestFormatError);
    expect(check(forestOf(nodes, subset))).toThrow(message);
  });

  it('refuses a forest with more classes than labels, or no trees', () => {
    expect(() => checkFlatForest({ ...forestOf([{ leaf: 0 }]), classes: 3 }, 2, 2)).toThrow(
      /has 3 classes, expected at most 2/,
    );
    const empty = { ...forestOf([]), treeStarts: Int32Array.from([0]), subsetStarts: Int32Array.from([0]) };
    expect(check(empty)).toThrow(/expected at least one tree/);
  });
});
