import type { ForestPlan } from './sampling.js';
import type { ForestJson, TreeJson } from './types.js';

/** Wraps trained trees into `RandomForestClassifier#toJSON()`'s shape, keys in the library's order. */
export function forestJson(plan: ForestPlan, estimators: TreeJson[]): ForestJson {
  const { options } = plan;
  return {
    baseModel: {
      indexes: plan.draws.map((draw) => draw.columns),
      n: plan.n,
      replacement: options.replacement,
      maxFeatures: plan.maxFeatures,
      nEstimators: options.nEstimators,
      treeOptions: options.treeOptions,
      isClassifier: true,
      seed: options.seed,
      estimators,
      useSampleBagging: options.useSampleBagging,
    },
    name: 'RFClassifier',
  };
}
