import { availableParallelism } from 'node:os';
import { type ForestData, toForestData } from './forestData.js';
import { forestJson } from './forestJson.js';
import { type ForestPlan, planForest } from './sampling.js';
import { cartOptions, jsonTemplate, plainValue, TreeWorkspace, trainTree, treeJson } from './tree.js';
import type { ForestJson, ForestOptions, TreeJson } from './types.js';
import { growTrees } from './workerPool.js';

/** Options of the fast trainer itself (not of the forest). */
export interface TrainOptions {
  /** Threads growing trees, this one included (1 = no workers); default: the cores, 1 for small jobs. */
  threads?: number;
  /** Called after each finished tree with (finished trees, total trees). */
  onTree?: (done: number, total: number) => void;
}

/**
 * Below this many cells (rows x columns per tree x trees), about 2 s of work, workers cost more than
 * they save: starting one (0.4-1 s under tsx), its cold JIT and cloning trees back add ~1 s of CPU.
 */
const PARALLEL_MIN_WORK = 10_000_000;

/**
 * Trains like `new RandomForestClassifier(options).train(X, y)` of ml-random-forest 2.1.0 on this
 * thread and returns what its `toJSON()` returns, identical after JSON.stringify, in the form JSON.parse
 * gives back (nulls for non-finite numbers, no undefined keys). X: rows of finite numbers; y: integer
 * labels 0..k-1. Out-of-bag estimates (`noOOB`) are not part of that JSON and are never computed.
 * `splitFeatures` (not in the library) draws features at each split; see tree.ts.
 */
export function trainForestSync(
  X: ReadonlyArray<ArrayLike<number>>,
  y: ArrayLike<number>,
  options?: ForestOptions,
  opts?: Pick<TrainOptions, 'onTree'>,
): ForestJson {
  const { plan, data } = prepare(X, y, options);
  const workspace = new TreeWorkspace(data);
  const template = jsonTemplate(plan.options.treeOptions);
  const trees: TreeJson[] = [];
  for (const draw of plan.draws) {
    trees.push(treeJson(trainTree(workspace, draw, plan.options.treeOptions), template));
    opts?.onTree?.(trees.length, plan.draws.length);
  }
  return plainForestJson(plan, trees);
}

/**
 * `trainForestSync` on several threads: this one plus `threads - 1` workers. Every random draw is made
 * up front in the library's order and threads only grow trees, so the JSON is identical for any
 * thread count. Where workers cannot start (e.g. a bundle without the worker file) this thread grows
 * every tree; a failure while growing a tree rejects.
 */
export async function trainForest(
  X: ReadonlyArray<ArrayLike<number>>,
  y: ArrayLike<number>,
  options?: ForestOptions,
  opts?: TrainOptions,
): Promise<ForestJson> {
  const { plan, data } = prepare(X, y, options);
  const requested = opts?.threads;
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 1)) {
    throw new RangeError(`threads must be a positive integer, got ${requested}`);
  }
  const total = plan.draws.length;
  const threads = Math.min(
    requested ?? (data.rows * plan.n * total < PARALLEL_MIN_WORK ? 1 : availableParallelism()),
    total,
  );
  const template = jsonTemplate(plan.options.treeOptions);
  const trees = await growTrees(plan, data, {
    workers: threads - 1,
    mainThread: true,
    onTree: opts?.onTree,
    convert: (tree) => treeJson(tree, template),
  });
  return plainForestJson(plan, trees as TreeJson[]);
}

/**
 * The forest's JSON as it reads back from JSON, around trees already in that form (they are not
 * copied). Per-split sampling is recorded as `splitFeatures`, which `RandomForestClassifier.load()`
 * ignores; the per-tree JSON is the library's.
 */
function plainForestJson(plan: ForestPlan, trees: TreeJson[]): ForestJson {
  const forest = plainValue(forestJson(plan, [])) as ForestJson;
  forest.baseModel.estimators = trees;
  if (plan.splitCount > 0) {
    (forest.baseModel as Record<string, unknown>).splitFeatures = plainValue(plan.options.splitFeatures);
  }
  return forest;
}

function prepare(
  X: ReadonlyArray<ArrayLike<number>>,
  y: ArrayLike<number>,
  options: ForestOptions | undefined,
): { plan: ForestPlan; data: ForestData } {
  const plan = planForest(X.length, X[0]?.length ?? 0, options);
  const data = toForestData(X, y, plan.rows);
  // Option errors surface here, before any tree or worker.
  cartOptions(plan.options.treeOptions);
  return { plan, data };
}
