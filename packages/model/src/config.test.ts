import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test/tempDirs.js';
import {
  ConfigError,
  type ForestHyperparameters,
  maxFeaturesProblem,
  parseConfig,
  readConfig,
} from './config.js';
import { adoptDefaults } from './defaults.js';
import { defaultConfigPath, repoRoot } from './paths.js';

const tempDir = useTempDirs('config');

const repoFile = async () => JSON.parse(await readFile(defaultConfigPath, 'utf8')) as Record<string, unknown>;
/**
 * A valid config for the tests to edit: the repo's, with features drawn once per tree (as ml-random-forest
 * does) whatever the repo's own settings are, since `pnpm adopt` may have written per-split ones.
 */
const valid = async (): Promise<Record<string, unknown>> => ({
  ...(await repoFile()),
  hyperparameters: {
    nEstimators: 50,
    maxFeatures: 1,
    replacement: true,
    useSampleBagging: true,
    seed: 42,
    treeOptions: { minNumSamples: 3, maxDepth: null, gainThreshold: 0.01 },
  },
});

describe('readConfig', () => {
  it("reads the repo's model.config.json with paths made absolute", async () => {
    const config = await readConfig();
    const file = (await repoFile()) as { spec: string; dataset: string } & Record<string, unknown>;
    expect(config).toMatchObject({
      path: defaultConfigPath,
      name: file.name,
      spec: resolve(repoRoot, file.spec),
      dataset: resolve(repoRoot, file.dataset),
      target: file.target,
      hyperparameters: file.hyperparameters,
      holdout: file.holdout,
      gate: file.gate,
    });
    expect(isAbsolute(config.spec) && isAbsolute(config.dataset)).toBe(true);
    expect(config.gate.maxRegression).toBeGreaterThan(0);
  });

  it('resolves relative paths against the folder of the config file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'c.json'), JSON.stringify({ ...(await valid()), dataset: 'mine.csv' }));
    expect((await readConfig(join(dir, 'c.json'))).dataset).toBe(join(dir, 'mine.csv'));
  });

  it('names a file that cannot be read', async () => {
    await expect(readConfig('/nonexistent/model.config.json')).rejects.toThrow(
      /Cannot read \/nonexistent\/model\.config\.json \(ENOENT\)/,
    );
  });
});

describe('parseConfig', () => {
  const problems = (value: unknown) => {
    try {
      parseConfig(JSON.stringify(value), '/x/c.json');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as ConfigError).message;
    }
    throw new Error('expected a ConfigError');
  };

  it("reads an imported model's dump path against the config's folder, and refuses another shape", async () => {
    const config = parseConfig(
      JSON.stringify({ ...(await valid()), import: { sklearn: 'models/f.json' } }),
      '/x/c.json',
    );
    expect(config.import).toEqual({ sklearn: '/x/models/f.json' });
    expect(parseConfig(JSON.stringify(await valid()), '/x/c.json')).not.toHaveProperty('import');
    expect(problems({ ...(await valid()), import: { onnx: 'm.onnx' } })).toMatch(
      /config\.import\.onnx: unknown key[\s\S]*config\.import\.sklearn: expected a non-empty string/,
    );
    expect(problems({ ...(await valid()), import: 'f.json' })).toMatch(/config\.import: expected an object/);
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseConfig('{', '/x/c.json')).toThrow(/^\/x\/c\.json is not valid JSON/);
  });

  it('lists every unknown key and wrong type at once, with where it is', async () => {
    const config = await valid();
    const message = problems({
      ...config,
      name: 7,
      colour: 'red',
      hyperparameters: {
        ...(config.hyperparameters as object),
        nEstimators: 0,
        replacement: 'yes',
        nEstimator: 5,
      },
      gate: { ...(config.gate as object), minAccuracy: 1.5 },
    });
    expect(message).toMatch(/^\/x\/c\.json is invalid:/);
    expect(message).toContain(
      'config.colour: unknown key (expected one of: name, spec, dataset, target, hyperparameters, holdout, gate, import)',
    );
    expect(message).toContain('config.name: expected a non-empty string, got number 7');
    expect(message).toContain(
      'config.hyperparameters.nEstimators: expected an integer from 1 to 10000, got number 0',
    );
    expect(message).toContain('config.hyperparameters.replacement: expected true or false, got string "yes"');
    expect(message).toContain('config.hyperparameters.nEstimator: unknown key');
    expect(message).toContain('config.gate.minAccuracy: expected a number between 0 and 1, got number 1.5');
  });

  it('explains why noOOB cannot be set', async () => {
    const config = await valid();
    expect(
      problems({ ...config, hyperparameters: { ...(config.hyperparameters as object), noOOB: false } }),
    ).toContain('config.hyperparameters.noOOB: not configurable: training always uses noOOB: true');
  });

  it('reports missing sections and keys', async () => {
    const { holdout: _, ...config } = await valid();
    const treeless = {
      ...config,
      hyperparameters: { ...(config.hyperparameters as object), treeOptions: { maxDepth: 0 } },
    };
    const message = problems(treeless);
    expect(message).toContain('config.holdout: expected an object, got nothing');
    expect(message).toContain(
      'config.hyperparameters.treeOptions.minNumSamples: expected an integer from 1 to 1000000, got nothing',
    );
    expect(message).toContain(
      'config.hyperparameters.treeOptions.maxDepth: expected null (unlimited) or an integer >= 1, got number 0',
    );
  });

  it('accepts maxFeatures as a fraction or a whole count, not other numbers', async () => {
    const config = await valid();
    const withMaxFeatures = (maxFeatures: number) => ({
      ...config,
      hyperparameters: { ...(config.hyperparameters as object), maxFeatures },
    });
    expect(parseConfig(JSON.stringify(withMaxFeatures(0.5)), '/x/c.json').hyperparameters.maxFeatures).toBe(
      0.5,
    );
    expect(parseConfig(JSON.stringify(withMaxFeatures(3)), '/x/c.json').hyperparameters.maxFeatures).toBe(3);
    expect(problems(withMaxFeatures(2.5))).toContain(
      'config.hyperparameters.maxFeatures: expected a fraction in (0, 1]',
    );
    expect(problems({ ...config, holdout: { fraction: 1, seed: 1 } })).toContain(
      'config.holdout.fraction: expected a number strictly between 0 and 1',
    );
  });

  describe('featureSampling', () => {
    const withHyperparameters = async (hyperparameters: Record<string, unknown>) => {
      const config = await valid();
      return { ...config, hyperparameters };
    };
    const perSplit = {
      nEstimators: 100,
      featureSampling: 'perSplit',
      maxFeatures: 'sqrt',
      useSampleBagging: true,
      seed: 42,
      treeOptions: { minNumSamples: 1, maxDepth: null, gainThreshold: 0 },
    };

    it('keeps configs without it per tree, as they were', async () => {
      const { hyperparameters } = parseConfig(JSON.stringify(await valid()), '/x/c.json');
      expect(hyperparameters.featureSampling).toBeUndefined();
      expect('featureSampling' in hyperparameters).toBe(false);
      expect(hyperparameters).toMatchObject({ maxFeatures: 1, replacement: true });
      const explicit = { ...((await valid()).hyperparameters as object), featureSampling: 'perTree' };
      expect(
        parseConfig(JSON.stringify(await withHyperparameters(explicit)), '/x/c.json').hyperparameters,
      ).toMatchObject({ featureSampling: 'perTree', maxFeatures: 1 });
    });

    it("reads per-split sampling with 'sqrt', 'log2', a fraction or a count", async () => {
      for (const maxFeatures of ['sqrt', 'log2', 0.3, 1, 4]) {
        const config = await withHyperparameters({ ...perSplit, maxFeatures });
        expect(parseConfig(JSON.stringify(config), '/x/c.json').hyperparameters).toEqual({
          ...perSplit,
          maxFeatures,
        });
      }
    });

    it('says what is wrong with per-split settings', async () => {
      expect(problems(await withHyperparameters({ ...perSplit, replacement: false }))).toContain(
        'config.hyperparameters.replacement: not configurable: with featureSampling "perSplit" every tree sees all features and each split draws its own without replacement; remove replacement',
      );
      expect(problems(await withHyperparameters({ ...perSplit, maxFeatures: 'cube' }))).toContain(
        "config.hyperparameters.maxFeatures: expected 'sqrt', 'log2', a fraction in (0, 1] (1 = all features) or an integer count of features, got string \"cube\"",
      );
      const { replacement: _, ...perTree } = (await valid()).hyperparameters as Record<string, unknown>;
      expect(
        problems(await withHyperparameters({ ...perTree, replacement: true, maxFeatures: 'sqrt' })),
      ).toContain(
        "config.hyperparameters.maxFeatures: expected a fraction in (0, 1] (1 = all features) or an integer count of features ('sqrt' and 'log2' need featureSampling \"perSplit\")",
      );
      expect(problems(await withHyperparameters({ ...perSplit, featureSampling: 'perNode' }))).toContain(
        'config.hyperparameters.featureSampling: expected "perTree" (features drawn once per tree, as ml-random-forest does) or "perSplit" (drawn at each split, as scikit-learn does), got string "perNode"',
      );
    });

    it('accepts what adopt writes', async () => {
      const config = await withHyperparameters(JSON.parse(JSON.stringify(adoptDefaults)));
      expect(parseConfig(JSON.stringify(config), '/x/c.json').hyperparameters).toEqual(adoptDefaults);
    });
  });
});

describe('maxFeaturesProblem', () => {
  const perTree = (maxFeatures: number): ForestHyperparameters => ({
    nEstimators: 10,
    maxFeatures,
    replacement: true,
    useSampleBagging: true,
    seed: 1,
    treeOptions: { minNumSamples: 3, maxDepth: null, gainThreshold: 0.01 },
  });
  const perSplit = (maxFeatures: 'sqrt' | 'log2' | number): ForestHyperparameters => ({
    nEstimators: 10,
    featureSampling: 'perSplit',
    maxFeatures,
    useSampleBagging: true,
    seed: 1,
    treeOptions: { minNumSamples: 1, maxDepth: null, gainThreshold: 0 },
  });

  it('needs 1 to all features per tree', () => {
    expect(maxFeaturesProblem(perTree(1), 4)).toBeUndefined();
    expect(maxFeaturesProblem(perTree(4), 4)).toBeUndefined();
    expect(maxFeaturesProblem(perTree(5), 4)).toBe(
      'hyperparameters.maxFeatures 5 gives 5 features per tree, but the model has 4; use a fraction in (0, 1] or a count from 1 to 4',
    );
    expect(maxFeaturesProblem(perTree(0.2), 4)).toContain('gives 0 features per tree');
  });

  it('needs at most all features per split, where a small fraction still draws one', () => {
    expect(maxFeaturesProblem(perSplit('sqrt'), 1)).toBeUndefined();
    expect(maxFeaturesProblem(perSplit('log2'), 2)).toBeUndefined();
    expect(maxFeaturesProblem(perSplit(0.01), 4)).toBeUndefined();
    expect(maxFeaturesProblem(perSplit(5), 4)).toBe(
      "hyperparameters.maxFeatures 5 is more features per split than the model's 4; use a fraction in (0, 1] or a count from 1 to 4, 'sqrt' or 'log2'",
    );
  });
});
