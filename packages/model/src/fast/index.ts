// Fast training and prediction for ml-random-forest 2.1.0 classifiers, output-identical to the library.
export {
  type CompiledForest,
  type CompileOptions,
  compileFlatForest,
  compileForest,
} from './compileForest.js';
export { type FlatForest, flattenForest, nodeBytes, nodeViews } from './flatForest.js';
export { type TrainOptions, trainForest, trainForestSync } from './trainForest.js';
export type { ForestJson, ForestOptions, TreeJson, TreeNodeJson, TreeOptions } from './types.js';
