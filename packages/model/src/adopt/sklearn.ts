import { readFile } from 'node:fs/promises';
import { basename, relative, resolve, sep } from 'node:path';
import { parseDocument } from 'yaml';
import { parseConfig } from '../config.js';
import { DataError } from '../csv.js';
import { compileFlatForest, type FlatForest, nodeViews } from '../fast/index.js';
import { holdoutTarget } from '../holdout.js';
import { artifactFileName } from '../paths.js';
import { parseSklearnDump, type SklearnDump, SklearnDumpError } from '../sklearn/dump.js';
import { buildImportedModel, type ImportResult } from '../sklearn/importModel.js';
import { parseSpecSchema, SpecError } from '../spec.js';
import type { ModelCard } from '../types.js';
import { cardExamples, deriveSpec, setValue, specTextOptions, valueAt } from './derive.js';
import {
  beatMajority,
  type ConfigDefaults,
  formatJson,
  type PlannedFiles,
  readCurrentConfig,
  slug,
  withProvenanceStub,
} from './index.js';
import { writeModelPart } from './specModel.js';
import type { FeatureColumn, TableSummary } from './table.js';

export interface SklearnAdoptOptions {
  /** The repository: its config, spec, `models/`, `data/` and `artifacts/` are written. */
  root: string;
  /** The dump scripts/export_sklearn.py wrote. */
  dump: string;
  /** The model's name; defaults to the current one when re-adopting the same dump, else the dump's file name. */
  name?: string;
  /** A labelled CSV to measure the model on (copied into `data/`; the gate's holdout). */
  holdout?: string;
  /** The label column; defaults to the dump's, else the holdout's one column that is not a feature, else "label". */
  target?: string;
  /** Where a new model's holdout and gate come from (hyperparameters come from the forest). */
  defaults: ConfigDefaults;
}

/** Everything `pnpm adopt --sklearn` would write (also the dump and holdout copies, the artifact and its card). */
export interface SklearnAdoptionPlan extends PlannedFiles {
  artifactPath: string;
  imported: ImportResult;
}

/** A file's bytes, or the error `fail` makes of the reason it cannot be read. */
async function readBytes(path: string, fail: (reason: string) => Error): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (cause) {
    throw fail((cause as NodeJS.ErrnoException).code ?? (cause as Error).message);
  }
}

/**
 * The hyperparameters the config gets for an imported forest: the nearest `perSplit` equivalents of its
 * scikit-learn parameters (n_estimators, max_features, bootstrap, random_state, min_samples_split,
 * max_depth, min_impurity_decrease). They are not used while the config imports the forest; they are a
 * starting point for training natively instead. What has no equivalent (min_samples_leaf, criterion,
 * class_weight, ...) is in the card's hyperparameters.
 */
export function nativeHyperparameters(dump: SklearnDump): Record<string, unknown> {
  const p = dump.params;
  const n = dump.features.length;
  const int = (v: unknown) => (Number.isInteger(v) ? (v as number) : undefined);
  let maxFeatures: string | number = 'sqrt';
  const mf = p.max_features;
  if (mf === 'sqrt' || mf === 'auto') maxFeatures = 'sqrt';
  else if (mf === 'log2') maxFeatures = 'log2';
  else if (mf === null) maxFeatures = 1;
  else if (typeof mf === 'number' && mf > 0) {
    // JSON cannot tell 1 (one feature) from 1.0 (all): the count the trees resolved can.
    const count = int(dump.max_features_) ?? (mf <= 1 ? Math.max(1, Math.floor(mf * n)) : mf);
    maxFeatures = count >= n ? 1 : count > 1 ? count : 1 / (n + 1);
  }
  const split = int(p.min_samples_split);
  const depth = int(p.max_depth);
  const gain = typeof p.min_impurity_decrease === 'number' ? p.min_impurity_decrease : 0;
  const seed = int(p.random_state);
  return {
    nEstimators: Math.min(dump.trees.length, 10_000),
    featureSampling: 'perSplit',
    maxFeatures,
    useSampleBagging: p.bootstrap !== false,
    seed: seed !== undefined && Math.abs(seed) < 2 ** 31 ? seed : 42,
    treeOptions: {
      minNumSamples: split !== undefined && split >= 2 ? split - 1 : 1,
      maxDepth: depth !== undefined && depth >= 1 ? depth : null,
      gainThreshold: gain >= 0 && gain <= 1 ? gain : 0,
    },
  };
}

/** The shortest decimal in [lo, hi), or lo itself. */
function plainValueIn(lo: number, hi: number): number {
  if (lo === Number.NEGATIVE_INFINITY && hi === Number.POSITIVE_INFINITY) return 0;
  const from = lo === Number.NEGATIVE_INFINITY ? hi - Math.max(1, Math.abs(hi)) : lo;
  const to = hi === Number.POSITIVE_INFINITY ? lo + Math.max(1, Math.abs(lo)) : hi;
  if (from <= 0 && 0 < to) return 0;
  for (let digits = 0; digits <= 17; digits++) {
    const scale = 10 ** digits;
    const value = Number((Math.ceil(from * scale) / scale).toFixed(digits));
    if (value >= from && value < to) return value;
  }
  return from;
}

/**
 * Example rows without a table: one point in each leaf region of the first trees (a plain decimal per
 * feature), answered by the whole forest; the first point the forest labels j is example j.
 */
function examplePoints(forest: FlatForest, features: number, wanted: number): number[][] {
  const compiled = compileFlatForest(forest);
  const { f64, i32 } = nodeViews(forest.nodes);
  const found: Array<number[] | undefined> = new Array(wanted).fill(undefined);
  let fallback: number[] | undefined;
  const trees = Math.min(forest.treeStarts.length - 1, 20);
  for (let t = 0; t < trees && found.some((p) => p === undefined); t++) {
    type Item = { i: number; lo: number[]; hi: number[] };
    const stack: Item[] = [
      {
        i: forest.treeStarts[t] as number,
        lo: new Array(features).fill(Number.NEGATIVE_INFINITY),
        hi: new Array(features).fill(Number.POSITIVE_INFINITY),
      },
    ];
    for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
      const { i, lo, hi } = item;
      const f = i32[4 * i + 2] as number;
      if (f >= 0) {
        // Left: x < boundary; right: x >= boundary.
        const boundary = f64[2 * i] as number;
        const leftHi = [...hi];
        leftHi[f] = Math.min(hi[f] as number, boundary);
        const rightLo = [...lo];
        rightLo[f] = Math.max(lo[f] as number, boundary);
        stack.push({ i: i32[4 * i + 3] as number, lo: rightLo, hi }, { i: i + 1, lo, hi: leftHi });
        continue;
      }
      const point = lo.map((l, k) => plainValueIn(l, hi[k] as number));
      fallback ??= point;
      const label = compiled.predict(point);
      if (label < wanted && found[label] === undefined) found[label] = point;
    }
  }
  return found.map((p) => p ?? (fallback as number[]));
}

/**
 * Plans adopting a scikit-learn forest from its dump: builds the artifact (see buildImportedModel),
 * measured on the holdout CSV when given; writes the model's part of the spec from the forest (features
 * as numbers, the classes as labels, examples the model answers as shown), and the config that imports
 * the dump (`import.sklearn`, see ModelImportSource in config.ts). Copies the dump into `models/` and
 * the holdout into `data/`. Nothing is written (see `writeFilesTogether`). Throws SklearnDumpError,
 * DataError, SpecError or ConfigError.
 */
export async function planSklearnAdoption(options: SklearnAdoptOptions): Promise<SklearnAdoptionPlan> {
  const root = resolve(options.root);
  const shown = (path: string) => relative(root, path).split(sep).join('/');
  const dumpSource = resolve(options.dump);
  const dumpBytes = await readBytes(
    dumpSource,
    (reason) => new SklearnDumpError(`${options.dump}: cannot be read (${reason})`),
  );
  const dumpFile = basename(dumpSource);
  const dumpDestination = resolve(root, 'models', dumpFile);
  const dumpPath = shown(dumpDestination);
  // Parsed here for the names; buildImportedModel parses the same bytes again, as `pnpm train` will.
  let dump: SklearnDump;
  try {
    dump = parseSklearnDump(new TextDecoder('utf-8', { fatal: true }).decode(dumpBytes), options.dump);
  } catch (error) {
    if (error instanceof SklearnDumpError) throw error;
    throw new SklearnDumpError(`${options.dump}: is not UTF-8 text`);
  }

  const configPath = resolve(root, 'model.config.json');
  const current = await readCurrentConfig(configPath);
  const currentImport = current.import as { sklearn?: unknown } | undefined;
  const same = currentImport?.sklearn === dumpPath;

  let holdout: { source: string; destination: string; bytes: Buffer } | undefined;
  let target = options.target;
  if (options.holdout !== undefined) {
    const file = options.holdout;
    const source = resolve(file);
    const bytes = await readBytes(
      source,
      (reason) => new DataError(file, undefined, undefined, `cannot be read (${reason})`),
    );
    holdout = { source, destination: resolve(root, 'data', basename(source)), bytes };
    // The dump's target (the training table's) when the holdout has that column, else its one non-feature column.
    target ??= holdoutTarget(bytes.toString('utf8'), file, dump.features, dump.target ?? undefined);
  }
  target ??= dump.target ?? (same && typeof current.target === 'string' ? current.target : 'label');
  const name =
    options.name ??
    (same && typeof current.name === 'string' ? current.name : slug(dumpFile, /[._-]?sklearn$/i));

  const imported = buildImportedModel({
    root,
    name,
    target,
    dump: { path: dumpDestination, bytes: dumpBytes },
    ...(holdout ? { holdout: { path: holdout.destination, bytes: holdout.bytes } } : {}),
  });
  const { card } = imported;

  const from = same ? current : options.defaults;
  const specRelative = typeof current.spec === 'string' ? current.spec : 'spec/openapi.yaml';
  const config = {
    name,
    spec: specRelative,
    dataset: card.dataset.path,
    target,
    import: { sklearn: dumpPath },
    hyperparameters: nativeHyperparameters(dump),
    holdout: (from.holdout ?? options.defaults.holdout) as ConfigDefaults['holdout'],
    gate:
      same && current.gate
        ? current.gate
        : {
            ...options.defaults.gate,
            ...(imported.holdout
              ? { minAccuracy: beatMajority({ y: imported.holdout.y, labels: card.labels }) }
              : {}),
          },
  };
  const configJson = `${formatJson(config)}\n`;
  parseConfig(configJson, configPath);

  const specPath = resolve(root, specRelative);
  const specShown = shown(specPath);
  const specSource = await readFile(specPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new SpecError(specPath, `Cannot read the API spec ${specPath} (${error.code ?? error.message}).`);
  });
  const doc = parseDocument(specSource);
  if (doc.errors.length > 0)
    throw new SpecError(specPath, `${specShown}: is not valid YAML (${doc.errors[0]?.message})`);
  const examples = exampleRows(imported, Math.min(2, card.labels.length));
  const table: TableSummary = {
    features: card.features.map(
      (f, k): FeatureColumn => ({
        name: f.name,
        kind: 'number',
        min: f.min,
        max: f.max,
        examples: examples.map((row) => row[k] as number),
      }),
    ),
    target,
    labels: [...card.labels],
    rows: card.dataset.rows,
    y: imported.holdout?.y ?? [],
    exampleRows: [],
  };
  const specChanges = writeModelPart(doc, specShown, table, {
    name,
    datasetPath: card.dataset.path,
    datasetSha256: card.dataset.sha256,
    trainRows: 0,
    hyperparameters: card.hyperparameters,
  });
  writeProvenanceExample(doc, card, specChanges);
  specChanges.push(...deriveSpec(doc, specShown));
  const specText = specChanges.length > 0 ? doc.toString(specTextOptions) : specSource;
  const schema = parseSpecSchema(specText, specShown);
  if (
    JSON.stringify(schema.features) !== JSON.stringify(dump.features) ||
    JSON.stringify(schema.labels) !== JSON.stringify(card.labels)
  ) {
    throw new SpecError(specPath, `${specShown}: does not read back the forest's features and labels`);
  }

  const artifactPath = resolve(root, 'artifacts', artifactFileName);
  const files = new Map<string, string | Uint8Array>([
    [specPath, specText],
    [configPath, configJson],
    [artifactPath, imported.artifact],
    [artifactPath.replace(/(\.[^./\\]*)?$/, '-card.json'), `${JSON.stringify(card, null, 2)}\n`],
  ]);
  if (dumpDestination !== dumpSource) files.set(dumpDestination, dumpBytes);
  if (holdout) {
    if (holdout.destination !== holdout.source) files.set(holdout.destination, holdout.bytes);
    const readmePath = resolve(root, 'data', 'README.md');
    const readme = (await readFile(readmePath, 'utf8').catch(() => undefined)) ?? '';
    files.set(readmePath, withProvenanceStub(readme, basename(holdout.destination)));
  }
  return { files, specPath, specText, configPath, config, artifactPath, specChanges, imported };
}

/**
 * Example row j (j < wanted): from a holdout, its first row of class j that the model labels j (else its
 * first of class j); without one, a point the model labels j (see examplePoints).
 */
function exampleRows(imported: ImportResult, wanted: number): number[][] {
  const { holdout, forest, card } = imported;
  if (!holdout) return examplePoints(forest, card.features.length, wanted);
  const compiled = compileFlatForest(forest);
  return Array.from({ length: wanted }, (_, j) => {
    const rows = holdout.X.filter((_, r) => holdout.y[r] === j);
    return rows.find((row) => compiled.predict(row) === j) ?? rows[0] ?? (holdout.X[0] as number[]);
  });
}

/** The model card examples say where the model came from, as the served card does. */
function writeProvenanceExample(doc: ReturnType<typeof parseDocument>, card: ModelCard, changed: string[]) {
  const examples = valueAt(doc, cardExamples);
  if (examples === null || typeof examples !== 'object') return;
  for (const key of Object.keys(examples)) {
    const at = [...cardExamples, key, 'value'];
    if (!doc.hasIn(at)) continue;
    setValue(doc, [...at, 'trainer'], card.trainer, changed);
    setValue(doc, [...at, 'importedFrom'], card.importedFrom, changed);
  }
}
