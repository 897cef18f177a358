import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { useTempDirs } from '../test/tempDirs.js';
import { ConfigError } from './config.js';
import { DataError, parseCsv } from './csv.js';
import { decodeArtifact } from './decodeArtifact.js';
import { defaultConfigPath, repoRoot } from './paths.js';
import { readSpecSchema } from './spec.js';
import { stratifiedSplit } from './split.js';
import { type TrainResult, trainFromConfig } from './train.js';

let first: TrainResult;
beforeAll(async () => {
  first = await trainFromConfig();
});

const tempDir = useTempDirs('train');

// The repo's config, spec and table, whatever table was adopted: the expectations are read from them.
const repoConfig = JSON.parse(await readFile(defaultConfigPath, 'utf8')) as {
  spec: string;
  dataset: string;
  target: string;
  hyperparameters: { nEstimators: number; treeOptions: Record<string, unknown> } & Record<string, unknown>;
  holdout: { fraction: number; seed: number };
  gate: { minAccuracy: number };
};
const datasetPath = resolve(repoRoot, repoConfig.dataset);
const schema = await readSpecSchema(resolve(repoRoot, repoConfig.spec));
const { target } = repoConfig;
const table = parseCsv(await readFile(datasetPath, 'utf8'), repoConfig.dataset);
const header = table.header.cells.map((cell) => cell.value);
const records = table.records.map((record) => record.cells.map((cell) => cell.value));
const targetColumn = header.indexOf(target);
const split = stratifiedSplit(
  records.map((cells) => schema.labels.indexOf(cells[targetColumn] as string)),
  repoConfig.holdout.fraction,
  repoConfig.holdout.seed,
);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A CSV line, quoting a cell that needs it. */
const csvLine = (cells: readonly string[]) =>
  cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(',');
const csvText = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  `${[head, ...rows].map(csvLine).join('\n')}\n`;
/** The 1-based column where cell `index` of `cells` starts in its CSV line. */
const columnOf = (cells: readonly string[], index: number) =>
  index === 0 ? 1 : csvLine(cells.slice(0, index)).length + 2;
/** A name that is not a column of the table. */
const newColumnName = (name: string) => {
  let candidate = name;
  while (header.includes(candidate)) candidate = `${candidate}_`;
  return candidate;
};

/** A temp config like the repo's, with `overrides`, and the path to write a dataset beside it. */
async function tempConfig(overrides: Record<string, unknown>, csv?: string): Promise<string> {
  const dir = await tempDir();
  const config = JSON.parse(await readFile(defaultConfigPath, 'utf8')) as Record<string, unknown>;
  const path = join(dir, 'model.config.json');
  if (csv !== undefined) await writeFile(join(dir, 'data.csv'), csv);
  await writeFile(
    path,
    JSON.stringify({
      ...config,
      spec: resolve(repoRoot, repoConfig.spec),
      dataset: datasetPath,
      ...overrides,
    }),
  );
  return path;
}

describe('trainFromConfig', () => {
  it('gives a byte-identical artifact for the same data and config', async () => {
    const second = await trainFromConfig();
    expect(Buffer.from(second.artifact).equals(Buffer.from(first.artifact))).toBe(true);
    expect(second.model.card.version).toBe(first.model.card.version);
  });

  it('gives another version when the config changes', async () => {
    const path = await tempConfig({ holdout: { fraction: 0.2, seed: 7 } });
    const other = await trainFromConfig({ configPath: path });
    expect(other.model.card.version).not.toBe(first.model.card.version);
    expect(other.model.card.dataset.path).toBe(repoConfig.dataset);
  });

  it('writes a card that validates against the spec ModelCard schema', async () => {
    const spec = parse(await readFile(resolve(repoRoot, repoConfig.spec), 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    ajv.addSchema(spec, 'openapi');
    const validate = ajv.compile({ $ref: 'openapi#/components/schemas/ModelCard' });
    expect(validate(first.model.card), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...first.model.card, version: 'v1' })).toBe(false); // the schema really is applied
  });

  it('describes the data, the holdout and the trainer in the card', async () => {
    const { card } = first.model;
    const bytes = await readFile(datasetPath);
    const holdoutRows = split.holdout.length;
    expect(card.dataset).toEqual({
      path: repoConfig.dataset,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      rows: records.length,
      trainRows: records.length - holdoutRows,
    });
    expect(card.trainer).toEqual({
      library: '@forestfn/model',
      version: expect.any(String),
      compatibleWith: 'ml-random-forest@2.1.0',
    });
    expect(card.labels).toEqual(schema.labels);
    expect(card.features.map((f) => f.name)).toEqual(schema.features);
    expect(card.metrics.holdoutRows).toBe(holdoutRows);
    // Stratified: each class's support is its count among the held-out rows.
    const support = schema.labels.map(
      (label) => split.holdout.filter((row) => records[row]?.[targetColumn] === label).length,
    );
    expect(Object.values(card.metrics.perClass).map((m) => m.support)).toEqual(support);
    expect(card.metrics.confusionMatrix.flat().reduce((a, b) => a + b, 0)).toBe(holdoutRows);
    expect(card.metrics.accuracy).toBeGreaterThanOrEqual(repoConfig.gate.minAccuracy);
    expect(Object.values(card.featureImportance).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
    // The forest's options beside the trees' (a card records them flat).
    const { treeOptions, ...forestOptions } = repoConfig.hyperparameters;
    expect(card.hyperparameters).toMatchObject({ ...forestOptions, ...treeOptions });
    expect(Object.keys(card.hyperparameters)).not.toContain('treeOptions');
    const { forest } = decodeArtifact(first.artifact);
    expect(forest.treeStarts).toHaveLength(repoConfig.hyperparameters.nEstimators + 1);
  });

  it('reports its stages and the progress of fitting', async () => {
    const stages: string[] = [];
    const progress: [number, number][] = [];
    await trainFromConfig({
      onStage: (s) => stages.push(s),
      onProgress: (done, total) => progress.push([done, total]),
    });
    const trees = repoConfig.hyperparameters.nEstimators;
    const holdoutRows = split.holdout.length;
    expect(stages).toContain(`reading ${repoConfig.dataset}`);
    expect(stages).toContain(
      `fitting ${trees} trees on ${records.length - holdoutRows} rows (${holdoutRows} held out)`,
    );
    expect(progress.at(0)).toEqual([0, trees]);
    expect(progress.at(-1)).toEqual([trees, trees]);
  });

  it('fails clearly when the CSV and the spec disagree', async () => {
    const withData = async (csv: string) => tempConfig({ dataset: 'data.csv' }, csv);
    // A column the spec does not have, before the target.
    const colour = newColumnName('colour');
    const extraHeader = header.toSpliced(targetColumn, 0, colour);
    const extra = csvText(
      extraHeader,
      records.map((cells) => cells.toSpliced(targetColumn, 0, 'red')),
    );
    await expect(trainFromConfig({ configPath: await withData(extra) })).rejects.toThrow(
      `data.csv:1:${columnOf(extraHeader, targetColumn)}: column "${colour}" is neither a feature in the API spec nor the target "${target}"`,
    );
    // A feature's column renamed.
    const renamedAt = header.findIndex((name) => name !== target);
    const renamed = newColumnName(`${header[renamedAt]}_girth`);
    const renamedHeader = header.with(renamedAt, renamed);
    const missing = csvText(renamedHeader, records);
    await expect(trainFromConfig({ configPath: await withData(missing) })).rejects.toBeInstanceOf(DataError);
    await expect(trainFromConfig({ configPath: await withData(missing) })).rejects.toThrow(
      `data.csv:1:${columnOf(renamedHeader, renamedAt)}: column "${renamed}" is neither a feature`,
    );
    // No row of a label the spec has.
    const lastLabel = schema.labels.at(-1) as string;
    const noLastLabel = csvText(
      header,
      records.filter((cells) => cells[targetColumn] !== lastLabel),
    );
    await expect(trainFromConfig({ configPath: await withData(noLastLabel) })).rejects.toThrow(
      `data.csv: no row has the label "${lastLabel}"`,
    );
    // A label the spec does not have, in the first row.
    let rosa = 'rosa';
    while (schema.labels.includes(rosa)) rosa = `${rosa}_`;
    const firstRecord = (records[0] as string[]).with(targetColumn, rosa);
    const unknownLabel = csvText(header, [firstRecord, ...records.slice(1)]);
    await expect(trainFromConfig({ configPath: await withData(unknownLabel) })).rejects.toThrow(
      `data.csv:2:${columnOf(firstRecord, targetColumn)}: label "${rosa}" in column "${target}" is not one of the API spec's labels`,
    );
    // A target the table has no column for: the real target is then a column too many.
    const wrongTarget = await tempConfig({ target: newColumnName('kind') });
    await expect(trainFromConfig({ configPath: wrongTarget })).rejects.toThrow(
      new RegExp(`${escapeRegExp(repoConfig.dataset)}:1:\\d+: column "${escapeRegExp(target)}" is neither`),
    );
  });

  it('names a dataset that cannot be read and a config that is invalid', async () => {
    await expect(trainFromConfig({ configPath: await tempConfig({ dataset: 'nope.csv' }) })).rejects.toThrow(
      /nope\.csv: cannot be read \(ENOENT\)/,
    );
    await expect(trainFromConfig({ configPath: await tempConfig({ name: '' }) })).rejects.toBeInstanceOf(
      ConfigError,
    );
    // The repo's settings with features drawn per tree (whatever the repo draws them by): more features
    // per tree than the model has, and a fraction that gives none.
    const { featureSampling: _, ...hyperparameters } = repoConfig.hyperparameters;
    hyperparameters.replacement ??= true;
    const count = schema.features.length;
    for (const [maxFeatures, perTree] of [
      [count + 1, count + 1],
      [1 / (2 * count), 0],
    ]) {
      const path = await tempConfig({ hyperparameters: { ...hyperparameters, maxFeatures } });
      await expect(trainFromConfig({ configPath: path })).rejects.toThrow(
        `hyperparameters.maxFeatures ${maxFeatures} gives ${perTree} features per tree, but the model has ${count}`,
      );
    }
  });
});
