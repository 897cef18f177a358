import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';
import { encodeArtifact } from '../artifact.js';
import { compileFlatForest, type FlatForest } from '../fast/index.js';
import { type Holdout, readHoldout } from '../holdout.js';
import { parseModel } from '../load.js';
import { evaluate, round4 } from '../metrics.js';
import type { FeatureStats, Model, ModelCard } from '../types.js';
import { parseSklearnDump, type SklearnDump, SklearnDumpError } from './dump.js';
import { flattenSklearnForest } from './flatten.js';

/** A file as the import reads it: where it is (absolute) and its bytes. */
export interface ImportFile {
  path: string;
  bytes: Uint8Array;
}

export interface ImportInputs {
  /** The repository: the card records paths relative to it. */
  root: string;
  name: string;
  /** The label column's name (the card's and the spec's `target`). */
  target: string;
  /** The dump written by scripts/export_sklearn.py. */
  dump: ImportFile;
  /** A labelled CSV the card's metrics come from; without it the card has no holdout rows. */
  holdout?: ImportFile;
}

export interface ImportResult {
  dump: SklearnDump;
  card: ModelCard;
  forest: FlatForest;
  /** The artifact's bytes (format version 3, see artifact.ts). */
  artifact: Uint8Array;
  /** The model parsed back from `artifact`: exactly what a host serves. */
  model: Model;
  /** The holdout as read, when there was one. */
  holdout?: Holdout;
}

/** Runtime settings of scikit-learn's forest, which say nothing about the model. */
const runtimeParams = new Set(['n_jobs', 'verbose', 'warm_start']);

/** The forest's `get_params()` as the card records them (scikit-learn's own names), runtime settings left out. */
export function sklearnHyperparameters(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(params)
      .sort()
      .filter((key) => !runtimeParams.has(key))
      .map((key) => [key, params[key]]),
  );
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Reads a file's bytes as UTF-8 text, or throws `error(problem)`. */
function utf8(bytes: Uint8Array, fail: (problem: string) => Error): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw fail('is not UTF-8 text');
  }
}

/** Each feature's smallest and largest split threshold (0 and 0 for a feature no split uses). */
function thresholdRanges(dump: SklearnDump): Array<{ min: number; max: number }> {
  const ranges = dump.features.map(() => ({ min: Number.POSITIVE_INFINITY, max: Number.NEGATIVE_INFINITY }));
  for (const tree of dump.trees) {
    tree.feature.forEach((f, i) => {
      const range = ranges[f];
      if (tree.children_left[i] === -1 || range === undefined) return;
      const t = tree.threshold[i] as number;
      if (t < range.min) range.min = t;
      if (t > range.max) range.max = t;
    });
  }
  return ranges.map((r) =>
    r.min <= r.max ? { min: round4(r.min), max: round4(r.max) } : { min: 0, max: 0 },
  );
}

/** Metrics of a model measured on no rows: the gate refuses them (see checkGate). */
function unmeasured(labels: readonly string[]): ModelCard['metrics'] {
  return {
    accuracy: 0,
    macroF1: 0,
    holdoutRows: 0,
    perClass: Object.fromEntries(
      labels.map((label) => [label, { precision: 0, recall: 0, f1: 0, support: 0 }]),
    ),
    confusionMatrix: labels.map(() => labels.map(() => 0)),
  };
}

/**
 * Builds the artifact of a scikit-learn forest from its dump: the forest as it is (soft voting, leaf
 * distributions, thresholds that decide as scikit-learn's float32 test), and a card that says where it
 * came from, with metrics measured on the holdout CSV when one is given. Deterministic: the same files
 * give the same bytes, so `pnpm adopt --sklearn` and `pnpm train` agree on the model version. Throws
 * SklearnDumpError for the dump and DataError for the holdout.
 */
export function buildImportedModel(inputs: ImportInputs): ImportResult {
  const shown = (path: string) => relative(inputs.root, path).split(sep).join('/');
  const dumpPath = shown(inputs.dump.path);
  const dump = parseSklearnDump(
    utf8(inputs.dump.bytes, (problem) => new SklearnDumpError(`${dumpPath}: ${problem}`)),
    dumpPath,
  );
  const forest = flattenSklearnForest(dump);
  const labels = [...dump.labels];
  const version = dump.versions['scikit-learn'];

  let holdout: Holdout | undefined;
  let metrics = unmeasured(labels);
  let features: FeatureStats[];
  let dataset: ModelCard['dataset'];
  if (inputs.holdout) {
    const holdoutPath = shown(inputs.holdout.path);
    const text = utf8(inputs.holdout.bytes, (problem) => new SklearnDumpError(`${holdoutPath}: ${problem}`));
    holdout = readHoldout(text, holdoutPath, {
      features: dump.features.map((name) => ({ name })),
      labels,
      target: inputs.target,
      classes: dump.classes,
    });
    const compiled = compileFlatForest(forest);
    if (holdout.X.length > 0)
      metrics = evaluate(
        holdout.y,
        holdout.X.map((row) => compiled.predict(row)),
        labels,
      );
    const X = holdout.X;
    features = dump.features.map((name, f) => {
      let min = Number.POSITIVE_INFINITY;
      let max = Number.NEGATIVE_INFINITY;
      for (const row of X) {
        const value = row[f] as number;
        if (value < min) min = value;
        if (value > max) max = value;
      }
      return { name, min, max };
    });
    dataset = { path: holdoutPath, sha256: sha256(inputs.holdout.bytes), rows: X.length, trainRows: 0 };
  } else {
    const ranges = thresholdRanges(dump);
    features = dump.features.map((name, f) => ({ name, ...(ranges[f] as { min: number; max: number }) }));
    dataset = { path: dumpPath, sha256: sha256(inputs.dump.bytes), rows: 0, trainRows: 0 };
  }

  const card: ModelCard = {
    name: inputs.name,
    version: '',
    target: inputs.target,
    features,
    labels,
    metrics,
    featureImportance: Object.fromEntries(
      dump.features.map((name, f) => [name, round4(dump.feature_importances[f] as number)]),
    ),
    hyperparameters: sklearnHyperparameters(dump.params),
    dataset,
    trainer: { library: 'scikit-learn', version, compatibleWith: `scikit-learn@${version}` },
    importedFrom: {
      library: `scikit-learn@${version}`,
      estimator: dump.estimator,
      model: { file: dump.model.file, sha256: dump.model.sha256 },
      dump: { path: dumpPath, sha256: sha256(inputs.dump.bytes) },
      featureNames: dump.featureNamesFrom,
      voting: 'soft',
    },
  };
  const artifact = encodeArtifact(card, forest);
  const model = parseModel(artifact, `the model imported from ${dumpPath}`);
  return { dump, card: model.card, forest, artifact, model, ...(holdout ? { holdout } : {}) };
}
