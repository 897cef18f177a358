import { Worker } from 'node:worker_threads';
import type { ForestData } from './forestData.js';
import type { ForestPlan, TreeDraw } from './sampling.js';
import { type CompactTree, TreeWorkspace, trainTree } from './tree.js';
import type { TreeRequest, TreeWorkerData, TreeWorkerMessage } from './treeWorker.js';

/** A worker that has not loaded its modules by then is treated as unable to start. */
const STARTUP_TIMEOUT_MS = 30_000;
/** Trees queued per worker, so it never waits for this thread between trees. */
const PREFETCH = 2;

/**
 * Where the tree worker is: next to this module. From TypeScript source (tsx, vitest) that is a small
 * .mjs that loads treeWorker.ts through tsx; from compiled JavaScript, treeWorker.js itself.
 */
export function treeWorkerUrl(): URL {
  const here = import.meta.url;
  return new URL(here.endsWith('.ts') ? './treeWorkerTs.mjs' : './treeWorker.js', here);
}

/** How `growTrees` spreads the work, and what it keeps of each tree. */
export interface GrowOptions<T> {
  /** Turns each tree into what is kept, as it arrives (so only one compact tree waits at a time). */
  convert: (tree: CompactTree, index: number) => T;
  /** Worker threads to start. */
  workers: number;
  /** Also grow trees on this thread, between worker messages (it yields after each tree). */
  mainThread: boolean;
  onTree?: ((done: number, total: number) => void) | undefined;
  /** The worker script (tests substitute failing ones). */
  workerUrl?: () => URL;
}

/**
 * Grows the planned trees on worker threads (and this thread when `mainThread`), handing out one
 * tree at a time. Workers that cannot start are dropped: with `mainThread` this thread then grows
 * the rest; without it and with no worker at all, the promise resolves undefined. Any failure while
 * a tree is being grown rejects, and all workers are stopped when the promise settles.
 */
export function growTrees<T>(
  plan: ForestPlan,
  data: ForestData,
  options: GrowOptions<T>,
): Promise<T[] | undefined> {
  const { workers: workerCount, mainThread, onTree, convert, workerUrl = treeWorkerUrl } = options;
  return new Promise((resolve, reject) => {
    const total = plan.draws.length;
    const trees = new Array<T>(total);
    const workers = new Set<Worker>();
    let next = 0;
    let done = 0;
    let settled = false;
    const finish = (result: T[] | undefined, error?: unknown) => {
      if (settled) return;
      settled = true;
      for (const worker of workers) void worker.terminate();
      workers.clear();
      if (error !== undefined) reject(error instanceof Error ? error : new Error(String(error)));
      else resolve(result);
    };
    const record = (index: number, tree: CompactTree) => {
      try {
        trees[index] = convert(tree, index);
        done++;
        onTree?.(done, total);
      } catch (error) {
        finish(undefined, error);
        return;
      }
      if (done === total) finish(trees);
    };
    const send = (worker: Worker) => {
      if (settled || next >= total) return;
      const index = next++;
      worker.postMessage({ index, draw: plan.draws[index] as TreeDraw } satisfies TreeRequest);
    };
    // A worker that dies while it may hold trees fails the run. One that never got ready is dropped;
    // when nothing is left to grow trees, the caller is told (undefined) and can grow them itself.
    const drop = (worker: Worker, ready: boolean, error: Error) => {
      if (settled || !workers.delete(worker)) return;
      void worker.terminate();
      if (ready) finish(undefined, error);
      else if (workers.size === 0 && !mainThread) finish(undefined);
    };

    let url: URL | undefined;
    try {
      url = workerUrl();
    } catch {
      url = undefined;
    }
    const workerData: TreeWorkerData = { data, treeOptions: plan.options.treeOptions };
    for (let i = 0; url !== undefined && i < workerCount; i++) {
      let worker: Worker;
      try {
        // A worker keeps little on its heap (its buffers are typed arrays), so a small young
        // generation saves memory per thread at no measurable cost in time.
        worker = new Worker(url, { workerData, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
      } catch {
        continue;
      }
      workers.add(worker);
      let ready = false;
      const timer = setTimeout(() => {
        if (!ready) drop(worker, false, new Error('Tree worker did not start'));
      }, STARTUP_TIMEOUT_MS).unref();
      worker.on('message', (message: TreeWorkerMessage) => {
        if (settled) return;
        if (message.type === 'ready') {
          ready = true;
          clearTimeout(timer);
          for (let k = 0; k < PREFETCH; k++) send(worker);
        } else if (message.type === 'tree') {
          record(message.index, message.tree);
          send(worker);
        } else {
          const error = new Error(`Training tree ${message.index} failed in a worker: ${message.message}`);
          if (message.stack !== undefined) error.stack = message.stack;
          finish(undefined, error);
        }
      });
      worker.on('error', (error) => {
        clearTimeout(timer);
        drop(worker, ready, error);
      });
      worker.on('exit', (code) => {
        clearTimeout(timer);
        drop(worker, ready, new Error(`Tree worker exited early with code ${code}`));
      });
    }

    if (mainThread) {
      let workspace: TreeWorkspace | undefined;
      // One tree per turn of the event loop, so worker messages are handled in between.
      const step = () => {
        if (settled || next >= total) return;
        const index = next++;
        try {
          workspace ??= new TreeWorkspace(data);
          record(index, trainTree(workspace, plan.draws[index] as TreeDraw, plan.options.treeOptions));
        } catch (error) {
          finish(undefined, error);
          return;
        }
        setImmediate(step);
      };
      setImmediate(step);
    } else if (workers.size === 0) {
      finish(undefined);
    }
  });
}
