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
  artifact = join(dir, 'model.bin');
  await writeFile(artifact, (await trainFromConfig()).artifact);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadModelSync', () => {
  it('loads what loadModel loads', async () => {
    const sync = loadModelSync(artifact);
    const async = await loadModel(artifact);
    expect(sync.card).toEqual(async.card);
    // Rows at the low end, the middle and the high end of what the model saw in training.
    const rows = [0, 0.5, 1].map((at) => async.card.features.map(({ min, max }) => min + at * (max - min)));
    expect(sync.predict(rows)).toEqual(async.predict(rows));
  });

  it('names a missing file and says how to make it', () => {
    const missing = join(dir, 'nope.bin');
    expect(() => loadModelSync(missing)).toThrow(ModelLoadError);
    expect(() => loadModelSync(missing)).toThrow(/nope\.bin.*does not exist.*pnpm train/s);
  });
});
