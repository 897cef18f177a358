// Worker thread entry of trainForest: grows the trees the main thread sends, one message per tree.
import { parentPort, workerData } from 'node:worker_threads';
import type { ForestData } from './forestData.js';
import type { TreeDraw } from './sampling.js';
import { type CompactTree, compactTreeBuffers, TreeWorkspace, trainTree } from './tree.js';
import type { TreeOptions } from './types.js';

/** What the main thread passes as `workerData`. */
export interface TreeWorkerData {
  data: ForestData;
  treeOptions: TreeOptions | undefined;
}

/** Main thread -> worker: grow tree `index`. */
export interface TreeRequest {
  index: number;
  draw: TreeDraw;
}

/** Worker -> main thread. */
export type TreeWorkerMessage =
  | { type: 'ready' }
  | { type: 'tree'; index: number; tree: CompactTree }
  | { type: 'error'; index: number; message: string; stack: string | undefined };

const port = parentPort;
if (port !== null) {
  const { data, treeOptions } = workerData as TreeWorkerData;
  const workspace = new TreeWorkspace(data);
  port.on('message', ({ index, draw }: TreeRequest) => {
    let tree: CompactTree;
    try {
      tree = trainTree(workspace, draw, treeOptions);
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      port.postMessage({
        type: 'error',
        index,
        message: e.message,
        stack: e.stack,
      } satisfies TreeWorkerMessage);
      return;
    }
    // The tree's own buffers move to the main thread: no copy, nothing kept here.
    port.postMessage({ type: 'tree', index, tree } satisfies TreeWorkerMessage, compactTreeBuffers(tree));
  });
  port.postMessage({ type: 'ready' } satisfies TreeWorkerMessage);
}
