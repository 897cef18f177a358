import type { ModelArtifact } from './artifact.js';
import { type ForestJson, nodeViews, type TreeJson, type TreeNodeJson } from './fast/index.js';

/**
 * ml-random-forest 2.1.0's JSON for an artifact's forest (one forestfn trained; an imported soft-voting
 * forest throws a TypeError), which `RandomForestClassifier.load()` reads and
 * predicts with exactly as the artifact does. The artifact keeps what prediction needs, so the export
 * differs from the trainer's original `toJSON()` in what prediction ignores: a leaf's distribution is
 * one-hot on the class it predicts, splits carry no gain or sample count, an overflowed threshold is 0
 * (what the library reads its null as), and options come from the card's hyperparameters.
 */
export function exportForest({ card, forest }: ModelArtifact): ForestJson {
  if (forest.distributions !== undefined) {
    // ml-random-forest's trees vote for one class each; a soft-voting forest's answers cannot be written so.
    throw new TypeError(
      `${card.name} is a soft-voting forest imported from ${card.trainer.compatibleWith}: ml-random-forest's JSON (one class per leaf, majority vote) cannot predict what it does`,
    );
  }
  const { treeStarts, subsetStarts, subsetColumns } = forest;
  const { f64, i32 } = nodeViews(forest.nodes);
  const hp = card.hyperparameters;
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const treeOptions = {
    minNumSamples: number(hp.minNumSamples) ?? 3,
    maxDepth: number(hp.maxDepth) ?? Number.POSITIVE_INFINITY,
    gainThreshold: number(hp.gainThreshold) ?? 0.01,
  };
  const options = { gainFunction: 'gini', splitFunction: 'mean', ...treeOptions, kind: 'classifier' };
  const trees = treeStarts.length - 1;
  const indexes: number[][] = [];
  const estimators: TreeJson[] = [];
  for (let t = 0; t < trees; t++) {
    const subset = Array.from(subsetColumns.subarray(subsetStarts[t], subsetStarts[t + 1]));
    indexes.push(subset);
    // A split names its tree's column: the first place of its feature in the subset, as the trainer does.
    const local = new Map<number, number>();
    subset.forEach((feature, c) => {
      if (!local.has(feature)) local.set(feature, c);
    });
    const nodeJson = (i: number): TreeNodeJson => {
      const feature = i32[4 * i + 2] as number;
      if (feature < 0) {
        const distribution = new Array<number>((i32[4 * i + 3] as number) + 1).fill(0);
        distribution[distribution.length - 1] = 1;
        return { distribution: [distribution] };
      }
      return { splitValue: f64[2 * i] as number, splitColumn: local.get(feature) as number };
    };
    // Preorder, iteratively: deep trees cannot overflow the stack.
    const start = treeStarts[t] as number;
    const root = nodeJson(start);
    const stack: Array<{ i: number; node: TreeNodeJson }> = [{ i: start, node: root }];
    for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
      const { i, node } = item;
      if (node.distribution !== undefined) continue;
      const right = i32[4 * i + 3] as number;
      node.left = nodeJson(i + 1);
      node.right = nodeJson(right);
      stack.push({ i: right, node: node.right }, { i: i + 1, node: node.left });
    }
    estimators.push({ options, root, name: 'DTClassifier' });
  }
  return {
    baseModel: {
      indexes,
      n: indexes[0]?.length ?? 0,
      replacement: typeof hp.replacement === 'boolean' ? hp.replacement : undefined,
      maxFeatures: number(hp.maxFeatures),
      nEstimators: trees,
      treeOptions,
      isClassifier: true,
      seed: number(hp.seed),
      estimators,
      useSampleBagging: typeof hp.useSampleBagging === 'boolean' ? hp.useSampleBagging : undefined,
    },
    name: 'RFClassifier',
  };
}
