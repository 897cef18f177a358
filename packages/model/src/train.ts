import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative, sep } from 'node:path';
import libraryPackage from 'ml-random-forest/package.json' with { type: 'json' };
import modelPackage from '../package.json' with { type: 'json' };
import { encodeArtifact } from './artifact.js';
import { ConfigError, maxFeaturesProblem, readConfig } from './config.js';
import { DataError } from './csv.js';
import { parseDataset } from './dataset.js';
import { compileFlatForest, flattenForest } from './fast/index.js';
import { fitForest, type ProgressCallback } from './forest.js';
import { featureImportance } from './importance.js';
import { importFromConfig } from './importFromConfig.js';
import { parseModel } from './load.js';
import { evaluate, round4 } from './metrics.js';
import { repoRoot } from './paths.js';
import { readSpecSchema } from './spec.js';
import { stratifiedSplit } from './split.js';
import type { FeatureStats, Model, ModelCard } from './types.js';

export interface TrainOptions {
  /** Defaults to `<repo>/model.config.json`. */
  configPath?: string;
  /** Trees fitted so far; called at least at the start and the end of fitting. */
  onProgress?: ProgressCallback;
  /** One line per stage ("reading data/iris.csv", ...), for a CLI to show. */
  onStage?: (message: string) => void;
}

export interface TrainResult {
  /** The model parsed back from `artifact`, i.e. exactly what a host will serve. */
  model: Model;
  /** The artifact file's bytes (see `encodeArtifact`). */
  artifact: Uint8Array;
}

/** A path relative to the repository, with `/`, as the card records it. */
const repoPath = (path: string) => relative(repoRoot, path).split(sep).join('/');

/**
 * Trains the model `model.config.json` describes: reads the spec's features and labels, loads and checks
 * the CSV, holds out a stratified seeded share, fits the forest on the rest, evaluates on the holdout and
 * builds the artifact. Same data and config give a byte-identical artifact. Writes nothing. A config
 * that imports a forest (`import.sklearn`, written by `pnpm adopt --sklearn`) builds it from its dump
 * instead, measured on `dataset` (see importFromConfig.ts).
 */
export async function trainFromConfig(options: TrainOptions = {}): Promise<TrainResult> {
  const stage = options.onStage ?? (() => {});
  const config = await readConfig(options.configPath);
  stage(`reading the API spec ${repoPath(config.spec)}`);
  const schema = await readSpecSchema(config.spec);
  if (config.import) return importFromConfig(config, config.import, schema, stage);
  const featuresProblem = maxFeaturesProblem(config.hyperparameters, schema.features.length);
  if (featuresProblem !== undefined) throw new ConfigError(config.path, `${config.path}: ${featuresProblem}`);

  const datasetPath = repoPath(config.dataset);
  stage(`reading ${datasetPath}`);
  let bytes: Buffer;
  try {
    bytes = await readFile(config.dataset);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DataError(
      datasetPath,
      undefined,
      undefined,
      `cannot be read (${reason}); check "dataset" in ${config.path}`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DataError(datasetPath, undefined, undefined, 'is not UTF-8 text');
  }
  const data = parseDataset(text, datasetPath, schema, config.target);

  const split = stratifiedSplit(data.y, config.holdout.fraction, config.holdout.seed);
  if (split.holdout.length === 0) {
    throw new DataError(
      datasetPath,
      undefined,
      undefined,
      'too few rows to hold any out for evaluation (each label needs two or more)',
    );
  }
  const pick = <T>(values: readonly T[], rows: readonly number[]) => rows.map((row) => values[row] as T);
  const trainX = pick(data.X, split.train);
  const trainY = pick(data.y, split.train);

  const hp = config.hyperparameters;
  stage(`fitting ${hp.nEstimators} trees on ${trainX.length} rows (${split.holdout.length} held out)`);
  const forest = await fitForest(trainX, trainY, hp, options.onProgress);

  stage(`evaluating on ${split.holdout.length} holdout rows`);
  const flat = flattenForest(forest);
  const compiled = compileFlatForest(flat, { classes: data.labels.length });
  const predicted = pick(data.X, split.holdout).map((row) => compiled.predict(row));
  const metrics = evaluate(pick(data.y, split.holdout), predicted, data.labels);
  const importance = featureImportance(forest, data.features.length);

  const features: FeatureStats[] = data.features.map((name, f) => {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const row of trainX) {
      const value = row[f] as number;
      if (value < min) min = value;
      if (value > max) max = value;
    }
    // A categorical feature's values are its category indexes (see parseDataset); the card keeps the names.
    const categories = schema.categories?.[name];
    return categories ? { name, min, max, categories: [...categories] } : { name, min, max };
  });
  const card: ModelCard = {
    name: config.name,
    version: '',
    target: config.target,
    features,
    labels: data.labels,
    metrics,
    featureImportance: Object.fromEntries(
      data.features.map((name, f) => [name, round4(importance[f] as number)]),
    ),
    hyperparameters: {
      nEstimators: hp.nEstimators,
      // Only where the config says it, so per-tree cards stay as they were.
      ...(hp.featureSampling === undefined ? {} : { featureSampling: hp.featureSampling }),
      maxFeatures: hp.maxFeatures,
      replacement: hp.replacement,
      useSampleBagging: hp.useSampleBagging,
      seed: hp.seed,
      maxDepth: hp.treeOptions.maxDepth,
      minNumSamples: hp.treeOptions.minNumSamples,
      gainThreshold: hp.treeOptions.gainThreshold,
    },
    dataset: {
      path: datasetPath,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      rows: data.X.length,
      trainRows: trainX.length,
    },
    // forestfn's own trainer (fast/) grew the forest; it writes what ml-random-forest's would.
    trainer: {
      library: modelPackage.name,
      version: modelPackage.version,
      compatibleWith: `${libraryPackage.name}@${libraryPackage.version}`,
    },
  };
  const artifact = encodeArtifact(card, flat);
  // Parse it back so the caller gets exactly what a host will load, verified the same way.
  const model = parseModel(artifact, `the model just trained from ${config.path}`);
  stage(`built model ${card.name} ${model.card.version}`);
  return { model, artifact };
}
