import type { ForestJson, TreeNodeJson } from './forest.js';

/**
 * Feature importance as ml-random-forest's `featureImportance()` computes it, but from the forest JSON, so
 * it works for any trainer and after loading (where the library returns NaN). Per tree, each split adds
 * gain x samples minus its children's to its feature, normalised to sum 1; the trees' shares are summed by
 * model column and normalised again. Unlike the library, a tree without any split counts for nothing
 * instead of turning every importance into NaN.
 */
export function featureImportance(forest: ForestJson, featureCount: number): number[] {
  const total = new Array<number>(featureCount).fill(0);
  const { estimators, indexes } = forest.baseModel;
  estimators.forEach((tree, t) => {
    const subset = indexes[t] ?? [];
    const perColumn = new Array<number>(subset.length).fill(0);
    // Pre-order, left before right, as the library recurses, so the sums add up in the same order.
    const stack: (TreeNodeJson | undefined)[] = [tree.root];
    while (stack.length > 0) {
      const node = stack.pop();
      if (node === undefined || node.splitColumn === undefined || !((node.gain ?? 0) > 0)) continue;
      let share = (node.gain as number) * (node.numberSamples ?? 0);
      for (const child of [node.left, node.right]) {
        if (child) share -= (child.gain || 0) * (child.numberSamples || 0);
      }
      perColumn[node.splitColumn] = (perColumn[node.splitColumn] ?? 0) + share;
      stack.push(node.right, node.left);
    }
    const sum = perColumn.reduce((a, b) => a + b, 0);
    if (sum === 0) return;
    perColumn.forEach((value, column) => {
      const feature = subset[column] as number;
      total[feature] = (total[feature] as number) + value / sum;
    });
  });
  const sum = total.reduce((a, b) => a + b, 0);
  return sum === 0 ? total : total.map((value) => value / sum);
}
