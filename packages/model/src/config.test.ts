import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, readConfig } from './config.js';
import { defaultConfigPath, repoRoot } from './paths.js';

const valid = async () => JSON.parse(await readFile(defaultConfigPath, 'utf8')) as Record<string, unknown>;

describe('readConfig', () => {
  it("reads the repo's model.config.json with paths made absolute", async () => {
    const config = await readConfig();
    expect(config).toMatchObject({
      path: defaultConfigPath,
      name: 'iris-species',
      spec: resolve(repoRoot, 'spec/openapi.yaml'),
      dataset: resolve(repoRoot, 'data/iris.csv'),
      target: 'species',
      hyperparameters: { nEstimators: 50, maxFeatures: 1, seed: 42, treeOptions: { maxDepth: null } },
      holdout: { fraction: 0.2 },
    });
    expect(config.gate.maxRegression).toBeGreaterThan(0);
  });

  it('resolves relative paths against the folder of the config file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'forestfn-config-'));
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
      'config.colour: unknown key (expected one of: name, spec, dataset, target, hyperparameters, holdout, gate)',
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
});
