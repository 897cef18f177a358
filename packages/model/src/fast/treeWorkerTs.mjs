// Starts treeWorker.ts when this package runs from TypeScript source (tsx, vitest). Node 20 does not
// apply `--import tsx` to worker threads, so the worker imports the TypeScript entry through tsx's API.
import { tsImport } from 'tsx/esm/api';

await tsImport('./treeWorker.ts', import.meta.url);
