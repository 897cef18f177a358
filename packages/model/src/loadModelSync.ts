// Its own module, so that bundles which never read files (the mock) leave node:fs out.
import { readFileSync } from 'node:fs';
import { parseModel, unreadable } from './load.js';
import type { Model } from './types.js';

/**
 * loadModel for a CommonJS entry point (the Azure function app), which cannot await at load time but must
 * have its model before it registers functions. Throws ModelLoadError, naming the file and what to do.
 */
export function loadModelSync(path: string): Model {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw unreadable(path, error);
  }
  return parseModel(bytes, path);
}
