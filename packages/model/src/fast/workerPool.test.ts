import { describe, expect, it } from 'vitest';
import { toForestData } from './forestData.js';
import { planForest } from './sampling.js';
import { loadIris } from './testdata.js';
import { type CompactTree, jsonTemplate, TreeWorkspace, trainTree, treeJson } from './tree.js';
import { type GrowOptions, growTrees } from './workerPool.js';

// The pool must never hang: a worker that fails while growing a tree rejects the run, and a worker
// that cannot start at all makes the pool resolve undefined so the caller trains on its own thread.

const iris = loadIris();
const plan = planForest(iris.X.length, 4, { nEstimators: 4, seed: 1 });
const data = toForestData(iris.X, iris.y, plan.rows);
/** Keeps the compact trees as they come. */
const keep = { convert: (tree: CompactTree) => tree } satisfies Pick<GrowOptions<CompactTree>, 'convert'>;

/** A stand-in tree worker (an inline module) that fails the way `mode` says. */
function fixture(mode: 'throw' | 'exit' | 'report' | 'crash-on-load'): () => URL {
  const code = `
    import { parentPort } from 'node:worker_threads';
    const mode = ${JSON.stringify(mode)};
    if (mode === 'crash-on-load') throw new Error('cannot load');
    parentPort.on('message', ({ index }) => {
      if (mode === 'throw') throw new Error('boom on tree ' + index);
      if (mode === 'exit') process.exit(3);
      parentPort.postMessage({ type: 'error', index, message: 'bad tree', stack: undefined });
    });
    parentPort.postMessage({ type: 'ready' });
  `;
  return () => new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

describe('growTrees', () => {
  it('grows every tree with the real worker', async () => {
    const seen: number[] = [];
    const trees = await growTrees(plan, data, {
      ...keep,
      workers: 2,
      mainThread: false,
      onTree: (done) => seen.push(done),
    });
    expect(seen).toEqual([1, 2, 3, 4]);
    // Moving trees back from the worker must not change a byte of any tree.
    const workspace = new TreeWorkspace(data);
    const here = plan.draws.map((draw) => trainTree(workspace, draw, plan.options.treeOptions));
    expect(trees).toEqual(here);
    const template = jsonTemplate(plan.options.treeOptions);
    const json = (list: CompactTree[]) => JSON.stringify(list.map((tree) => treeJson(tree, template)));
    expect(json(trees as CompactTree[])).toBe(json(here));
  });

  it('converts each tree as it arrives, with its index', async () => {
    const order: number[] = [];
    const trees = await growTrees(plan, data, {
      workers: 1,
      mainThread: true,
      convert: (tree, index) => {
        order.push(index);
        return tree.type.length;
      },
    });
    expect([...order].sort()).toEqual([0, 1, 2, 3]);
    expect(trees?.every((nodes) => nodes > 0)).toBe(true);
  });

  it.each([
    ['throw', 'boom on tree'],
    ['exit', 'exited early with code 3'],
    ['report', 'bad tree'],
  ] as const)('rejects when a worker fails on a tree (%s)', async (mode, message) => {
    await expect(
      growTrees(plan, data, { ...keep, workers: 2, mainThread: false, workerUrl: fixture(mode) }),
    ).rejects.toThrow(message);
  });

  it('resolves undefined when no worker can start', async () => {
    await expect(
      growTrees(plan, data, { ...keep, workers: 2, mainThread: false, workerUrl: fixture('crash-on-load') }),
    ).resolves.toBeUndefined();
    const missing = () => new URL('./no-such-worker.js', import.meta.url);
    await expect(
      growTrees(plan, data, { ...keep, workers: 2, mainThread: false, workerUrl: missing }),
    ).resolves.toBeUndefined();
    const unresolvable = (): URL => {
      throw new Error('no worker file in this bundle');
    };
    await expect(
      growTrees(plan, data, { ...keep, workers: 2, mainThread: false, workerUrl: unresolvable }),
    ).resolves.toBeUndefined();
  });

  it('rejects when progress reporting throws', async () => {
    const failing = () => {
      throw new Error('listener failed');
    };
    await expect(
      growTrees(plan, data, { ...keep, workers: 2, mainThread: false, onTree: failing }),
    ).rejects.toThrow('listener failed');
  });

  it('grows every tree on this thread when its workers cannot start', async () => {
    const trees = await growTrees(plan, data, {
      ...keep,
      workers: 2,
      mainThread: true,
      workerUrl: fixture('crash-on-load'),
    });
    expect(trees).toHaveLength(4);
    expect(trees?.every((tree) => tree.type.length > 0)).toBe(true);
  });

  it('rejects when growing a tree fails on this thread', async () => {
    const bad = planForest(iris.X.length, 4, {
      nEstimators: 2,
      treeOptions: { gainFunction: 'entropy' as 'gini' },
    });
    await expect(growTrees(bad, data, { ...keep, workers: 0, mainThread: true })).rejects.toThrow(
      'gainFunction',
    );
  });
});
