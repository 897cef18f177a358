import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, ModelLoadError } from './load.js';
import { loadModelSync } from './loadModelSync.js';
import { trainFromConfig } from './train.js';

let dir: string;
let artifact: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forestfn-load-sync-'));
  artifact = join(dir, 'model.json');
  await writeFile(artifact, (await trainFromConfig()).artifactJson);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadModelSync', () => {
  it('loads what loadModel loads', async () => {
    const sync = loadModelSync(artifact);
    const async = await loadModel(artifact);
    expect(sync.card).toEqual(async.card);
    expect(sync.predict([[6.7, 3, 5.2, 2.3]])).toEqual(async.predict([[6.7, 3, 5.2, 2.3]]));
  });

  it('names a missing file and says how to make it', () => {
    const missing = join(dir, 'nope.json');
    expect(() => loadModelSync(missing)).toThrow(ModelLoadError);
    expect(() => loadModelSync(missing)).toThrow(/nope\.json.*does not exist.*pnpm train/s);
  });
});
