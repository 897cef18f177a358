import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { ForestHyperparameters } from './config.js';
import { readConfig } from './config.js';
import { parseDataset } from './dataset.js';
import { adoptDefaults } from './defaults.js';
import { fitForest, fitForestWithLibrary, forestOptions } from './forest.js';
import { defaultConfigPath } from './paths.js';
import { readSpecSchema } from './spec.js';

describe('fitForest', () => {
  it("writes byte for byte the forest ml-random-forest's own trainer writes for the repo's config", async () => {
    const config = await readConfig(defaultConfigPath);
    const schema = await readSpecSchema(config.spec);
    const table = parseDataset(await readFile(config.dataset, 'utf8'), config.dataset, schema, config.target);
    // The library's trainer grows faster than the square of the rows: an adopted table of thousands of
    // rows would take minutes, so its first 300 rows and at most 20 trees, with the config's settings.
    const data = { X: table.X.slice(0, 300), y: table.y.slice(0, 300) };
    // The library draws features once per tree: settings that draw them per split (as `pnpm adopt`
    // writes) are compared in their per-tree form, every feature for every tree.
    const hp = config.hyperparameters;
    const comparable: ForestHyperparameters =
      hp.featureSampling === 'perSplit'
        ? {
            nEstimators: Math.min(hp.nEstimators, 20),
            maxFeatures: 1,
            replacement: false,
            useSampleBagging: hp.useSampleBagging,
            seed: hp.seed,
            treeOptions: hp.treeOptions,
          }
        : { ...hp, nEstimators: Math.min(hp.nEstimators, 20) };
    const fast = await fitForest(data.X, data.y, comparable);
    const library = await fitForestWithLibrary(data.X, data.y, comparable);
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

  it('gives the forest as it reads back from JSON, so no round trip is needed', async () => {
    const config = await readConfig(defaultConfigPath);
    const schema = await readSpecSchema(config.spec);
    const data = parseDataset(await readFile(config.dataset, 'utf8'), config.dataset, schema, config.target);
    const forest = await fitForest(data.X, data.y, { ...config.hyperparameters, nEstimators: 5 });
    expect(forest).toStrictEqual(JSON.parse(JSON.stringify(forest)));
  });
});

describe('forestOptions', () => {
  it('passes per-tree settings as ml-random-forest options', () => {
    const hp: ForestHyperparameters = {
      nEstimators: 7,
      maxFeatures: 0.5,
      replacement: false,
      useSampleBagging: true,
      seed: 3,
      treeOptions: { minNumSamples: 2, maxDepth: null, gainThreshold: 0 },
    };
    expect(forestOptions(hp)).toEqual({
      nEstimators: 7,
      maxFeatures: 0.5,
      replacement: false,
      useSampleBagging: true,
      seed: 3,
      treeOptions: { minNumSamples: 2, maxDepth: Number.POSITIVE_INFINITY, gainThreshold: 0 },
      noOOB: true,
    });
  });

  it("passes per-split sampling as the fast trainer's splitFeatures", () => {
    expect(forestOptions(adoptDefaults)).toEqual({
      nEstimators: adoptDefaults.nEstimators,
      splitFeatures: adoptDefaults.maxFeatures,
      useSampleBagging: adoptDefaults.useSampleBagging,
      seed: adoptDefaults.seed,
      treeOptions: { ...adoptDefaults.treeOptions, maxDepth: Number.POSITIVE_INFINITY },
      noOOB: true,
    });
  });
});

describe('fitForestWithLibrary', () => {
  it('refuses per-split sampling, which the library cannot train', async () => {
    await expect(fitForestWithLibrary([[1], [2]], [0, 1], adoptDefaults)).rejects.toThrow(
      'featureSampling "perSplit" needs the fast trainer',
    );
  });
});
