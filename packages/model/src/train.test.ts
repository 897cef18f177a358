import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ConfigError } from './config.js';
import { DataError } from './csv.js';
import { defaultConfigPath, repoRoot } from './paths.js';
import { type TrainResult, trainFromConfig } from './train.js';

let first: TrainResult;
beforeAll(async () => {
  first = await trainFromConfig();
});

/** A temp config like the repo's, with `overrides`, and the path to write a dataset beside it. */
async function tempConfig(overrides: Record<string, unknown>, csv?: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'forestfn-train-'));
  const config = JSON.parse(await readFile(defaultConfigPath, 'utf8')) as Record<string, unknown>;
  const path = join(dir, 'model.config.json');
  if (csv !== undefined) await writeFile(join(dir, 'data.csv'), csv);
  await writeFile(
    path,
    JSON.stringify({
      ...config,
      spec: resolve(repoRoot, 'spec/openapi.yaml'),
      dataset: resolve(repoRoot, 'data/iris.csv'),
      ...overrides,
    }),
  );
  return path;
}

const iris = () => readFile(resolve(repoRoot, 'data/iris.csv'), 'utf8');

describe('trainFromConfig', () => {
  it('gives a byte-identical artifact for the same data and config', async () => {
    const second = await trainFromConfig();
    expect(second.artifactJson).toBe(first.artifactJson);
    expect(second.model.card.version).toBe(first.model.card.version);
  });

  it('gives another version when the config changes', async () => {
    const path = await tempConfig({ holdout: { fraction: 0.2, seed: 7 } });
    const other = await trainFromConfig({ configPath: path });
    expect(other.model.card.version).not.toBe(first.model.card.version);
    expect(other.model.card.dataset.path).toBe('data/iris.csv');
  });

  it('writes a card that validates against the spec ModelCard schema', async () => {
    const spec = parse(await readFile(resolve(repoRoot, 'spec/openapi.yaml'), 'utf8')) as Record<
      string,
      unknown
    >;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema(spec, 'openapi');
    const validate = ajv.compile({ $ref: 'openapi#/components/schemas/ModelCard' });
    expect(validate(first.model.card), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...first.model.card, version: 'v1' })).toBe(false); // the schema really is applied
  });

  it('describes the data, the holdout and the trainer in the card', async () => {
    const { card } = first.model;
    const bytes = await readFile(resolve(repoRoot, 'data/iris.csv'));
    expect(card.dataset).toEqual({
      path: 'data/iris.csv',
      sha256: createHash('sha256').update(bytes).digest('hex'),
      rows: 150,
      trainRows: 120,
    });
    expect(card.trainer).toEqual({ library: 'ml-random-forest', version: '2.1.0' });
    expect(card.labels).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(card.features.map((f) => f.name)).toEqual([
      'sepal_length',
      'sepal_width',
      'petal_length',
      'petal_width',
    ]);
    expect(card.metrics.holdoutRows).toBe(30);
    expect(Object.values(card.metrics.perClass).map((m) => m.support)).toEqual([10, 10, 10]);
    expect(card.metrics.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(30);
    expect(card.metrics.accuracy).toBeGreaterThan(0.9);
    expect(Object.values(card.featureImportance).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    expect(card.hyperparameters).toEqual({
      nEstimators: 50,
      maxFeatures: 1,
      replacement: true,
      useSampleBagging: true,
      seed: 42,
      maxDepth: null,
      minNumSamples: 3,
      gainThreshold: 0.01,
    });
    const forest = JSON.parse(first.artifactJson).forest;
    expect(forest.baseModel.estimators).toHaveLength(50);
  });

  it('reports its stages and the progress of fitting', async () => {
    const stages: string[] = [];
    const progress: [number, number][] = [];
    await trainFromConfig({
      onStage: (s) => stages.push(s),
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(stages).toContain('reading data/iris.csv');
    expect(stages).toContain('fitting 50 trees on 120 rows (30 held out)');
    expect(progress.at(0)).toEqual([0, 50]);
    expect(progress.at(-1)).toEqual([50, 50]);
  });

  it('fails clearly when the CSV and the spec disagree', async () => {
    const text = await iris();
    const extra = text
      .replace('petal_width,species', 'petal_width,colour,species')
      .replace(/,(setosa|versicolor|virginica)/g, ',red,$1');
    await expect(
      trainFromConfig({ configPath: await tempConfig({ dataset: 'data.csv' }, extra) }),
    ).rejects.toThrow(
      /data\.csv:1:51: column "colour" is neither a feature in the API spec nor the target "species"/,
    );
    const missing = text.replace(/^sepal_length,sepal_width/, 'sepal_length,sepal_girth');
    await expect(
      trainFromConfig({ configPath: await tempConfig({ dataset: 'data.csv' }, missing) }),
    ).rejects.toBeInstanceOf(DataError);
    await expect(
      trainFromConfig({ configPath: await tempConfig({ dataset: 'data.csv' }, missing) }),
    ).rejects.toThrow(/data\.csv:1:14: column "sepal_girth" is neither a feature/);
    const noVirginica = text
      .split('\n')
      .filter((line) => !line.endsWith('virginica'))
      .join('\n');
    await expect(
      trainFromConfig({ configPath: await tempConfig({ dataset: 'data.csv' }, noVirginica) }),
    ).rejects.toThrow(/data\.csv: no row has the label "virginica"/);
    const unknownLabel = text.replace(/setosa\n/, 'rosa\n');
    await expect(
      trainFromConfig({ configPath: await tempConfig({ dataset: 'data.csv' }, unknownLabel) }),
    ).rejects.toThrow(/data\.csv:2:17: label "rosa" in column "species" is not one of the API spec's labels/);
    const wrongTarget = await tempConfig({ target: 'kind' });
    await expect(trainFromConfig({ configPath: wrongTarget })).rejects.toThrow(
      /data\/iris\.csv:1:\d+: column "species" is neither/,
    );
  });

  it('names a dataset that cannot be read and a config that is invalid', async () => {
    await expect(trainFromConfig({ configPath: await tempConfig({ dataset: 'nope.csv' }) })).rejects.toThrow(
      /nope\.csv: cannot be read \(ENOENT\)/,
    );
    await expect(trainFromConfig({ configPath: await tempConfig({ name: '' }) })).rejects.toBeInstanceOf(
      ConfigError,
    );
    const hyperparameters = JSON.parse(await readFile(defaultConfigPath, 'utf8')).hyperparameters;
    for (const [maxFeatures, perTree] of [
      [5, 5],
      [0.2, 0],
    ]) {
      const path = await tempConfig({ hyperparameters: { ...hyperparameters, maxFeatures } });
      await expect(trainFromConfig({ configPath: path })).rejects.toThrow(
        `hyperparameters.maxFeatures ${maxFeatures} gives ${perTree} features per tree, but the model has 4`,
      );
    }
  });
});
