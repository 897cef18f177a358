import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readConfig } from './config.js';
import { parseDataset } from './dataset.js';
import { fitForest, fitForestWithLibrary } from './forest.js';
import { defaultConfigPath } from './paths.js';
import { readSpecSchema } from './spec.js';

describe('fitForest', () => {
  it("writes byte for byte the forest ml-random-forest's own trainer writes for the repo's config", async () => {
    const config = await readConfig(defaultConfigPath);
    const schema = await readSpecSchema(config.spec);
    const data = parseDataset(await readFile(config.dataset, 'utf8'), config.dataset, schema, config.target);
    const fast = await fitForest(data.X, data.y, config.hyperparameters);
    const library = await fitForestWithLibrary(data.X, data.y, config.hyperparameters);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(library));
  });

  it('reports progress tree by tree', async () => {
    const X = Array.from({ length: 40 }, (_, i) => [i % 7, (i * 3) % 11]);
    const y = X.map((row) => ((row[0] as number) > 3 ? 1 : 0));
    const seen: number[] = [];
    await fitForest(
      X,
      y,
      {
        nEstimators: 5,
        maxFeatures: 1,
        replacement: true,
        useSampleBagging: true,
        seed: 1,
        treeOptions: { minNumSamples: 3, maxDepth: null, gainThreshold: 0.01 },
      },
      (done) => seen.push(done),
    );
    expect(seen.at(-1)).toBe(5);
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });
});
