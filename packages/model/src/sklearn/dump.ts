// The JSON dump scripts/export_sklearn.py writes of a fitted scikit-learn forest, read and checked.

/** The `format` of the dumps this version reads. */
export const sklearnDumpFormat = 'forestfn.sklearn-dump/1';

/** One tree's arrays as scikit-learn's `tree_` holds them, indexed by its node ids. */
export interface SklearnTree {
  node_count: number;
  /** A split's children; -1 for a leaf (both). */
  children_left: number[];
  children_right: number[];
  /** A split's feature (column of the model's input); negative for a leaf. */
  feature: number[];
  /** A row goes left when `float32(row[feature]) <= threshold`. */
  threshold: number[];
  /** What the tree's `predict_proba` answers for a row reaching a leaf; null for a split. */
  leaf_proba: Array<number[] | null>;
}

/** The whole dump (see scripts/export_sklearn.py). */
export interface SklearnDump {
  format: typeof sklearnDumpFormat;
  /** The forest's class, e.g. "sklearn.ensemble._forest.RandomForestClassifier". */
  estimator: string;
  versions: { 'scikit-learn': string; numpy?: string; python?: string };
  /** The pickled model's file name and SHA-256. */
  model: { file: string; sha256: string };
  /** Feature names in the model's column order. */
  features: string[];
  featureNamesFrom: 'feature_names_in_' | 'csv';
  /** The label column, when the export knew it. */
  target: string | null;
  /** `classes_` as JSON values, in scikit-learn's order. */
  classes: Array<string | number | boolean>;
  /** Each class's `str()`: the labels the API answers with. */
  labels: string[];
  /** `get_params()`, as JSON. */
  params: Record<string, unknown>;
  feature_importances: number[];
  /** Features each split drew, as the trees resolved `max_features` (JSON cannot tell 1 from 1.0). */
  max_features_?: number;
  trees: SklearnTree[];
}

/** A dump that cannot be imported; the message names the file and the place. */
export class SklearnDumpError extends Error {
  override name = 'SklearnDumpError';
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string';
const isInteger = (v: unknown): v is number => Number.isInteger(v);

// Names the spec, the generated types and the JSON pointers of errors all need to carry safely.
const reservedNames = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Parses and checks a dump: its format, features, classes and every tree's arrays (children in range,
 * each node reached once from the root, finite thresholds, leaf distributions of one share per class in
 * [0, 1]). `source` names the file in errors. Throws SklearnDumpError.
 */
export function parseSklearnDump(text: string, source: string): SklearnDump {
  const fail = (problem: string): never => {
    throw new SklearnDumpError(`${source}: ${problem}`);
  };
  let dump: unknown;
  try {
    dump = JSON.parse(text);
  } catch (error) {
    return fail(`is not JSON (${(error as Error).message})`);
  }
  if (!isRecord(dump)) return fail('is not a JSON object');
  if (dump.format !== sklearnDumpFormat) {
    return fail(
      `is not a scikit-learn dump of this version (format ${JSON.stringify(dump.format)}, expected "${sklearnDumpFormat}"); write it with scripts/export_sklearn.py`,
    );
  }
  const { features, classes, labels, trees, versions, model } = dump;
  if (!isText(dump.estimator)) fail('has no estimator');
  if (!isRecord(versions) || !isText(versions['scikit-learn'])) fail('has no versions["scikit-learn"]');
  if (!isRecord(model) || !isText(model.file) || !isText(model.sha256)) fail('has no model {file, sha256}');
  if (!Array.isArray(features) || features.length === 0 || !features.every(isText))
    return fail('has no list of feature names');
  const seen = new Set<string>();
  for (const name of features as string[]) {
    if (name.trim() === '' || name !== name.trim())
      fail(`feature name ${JSON.stringify(name)} is empty or has spaces around it`);
    if (reservedNames.has(name)) fail(`"${name}" cannot name a feature; rename it`);
    if (seen.has(name)) fail(`feature "${name}" appears twice`);
    seen.add(name);
  }
  if (dump.featureNamesFrom !== 'feature_names_in_' && dump.featureNamesFrom !== 'csv')
    fail('featureNamesFrom must be "feature_names_in_" or "csv"');
  if (dump.target !== null && !(isText(dump.target) && dump.target.trim() !== ''))
    fail('target must be a name or null');
  if (isText(dump.target) && seen.has(dump.target)) fail(`the target "${dump.target}" is also a feature`);
  if (!Array.isArray(labels) || labels.length < 2 || !labels.every(isText))
    return fail('has no labels (a classifier has at least two classes)');
  if (new Set(labels).size !== labels.length) fail('lists a label twice');
  for (const label of labels as string[]) {
    if (label.trim() === '') fail('has an empty label');
    if (reservedNames.has(label)) fail(`"${label}" cannot be a label`);
  }
  if (
    !Array.isArray(classes) ||
    classes.length !== labels.length ||
    !classes.every(
      (c) => isText(c) || typeof c === 'boolean' || (typeof c === 'number' && Number.isFinite(c)),
    )
  )
    fail('classes must list one string, number or boolean per label');
  if (!isRecord(dump.params)) fail('has no params');
  const importances = dump.feature_importances;
  if (
    !Array.isArray(importances) ||
    importances.length !== features.length ||
    !importances.every((v) => typeof v === 'number' && Number.isFinite(v))
  )
    fail('feature_importances must hold one number per feature');
  if (!Array.isArray(trees) || trees.length === 0) return fail('has no trees');
  trees.forEach((tree, t) => {
    checkTree(tree, t, features.length, labels.length, fail);
  });
  return dump as unknown as SklearnDump;
}

function checkTree(
  tree: unknown,
  t: number,
  featureCount: number,
  classCount: number,
  fail: (problem: string) => never,
): void {
  if (!isRecord(tree)) fail(`tree ${t} is not an object`);
  const {
    node_count: count,
    children_left,
    children_right,
    feature,
    threshold,
    leaf_proba,
  } = tree as Record<string, unknown>;
  if (!isInteger(count) || count < 1) fail(`tree ${t}: node_count must be a positive integer`);
  const n = count as number;
  for (const [name, array] of Object.entries({
    children_left,
    children_right,
    feature,
    threshold,
    leaf_proba,
  })) {
    if (!Array.isArray(array) || array.length !== n) fail(`tree ${t}: ${name} must hold ${n} entries`);
  }
  const left = children_left as unknown[];
  const right = children_right as unknown[];
  const features = feature as unknown[];
  const thresholds = threshold as unknown[];
  const proba = leaf_proba as unknown[];
  // Each node must be reached exactly once from the root: a tree, not a graph.
  const reached = new Uint8Array(n);
  const stack = [0];
  reached[0] = 1;
  let visited = 0;
  while (stack.length > 0) {
    const i = stack.pop() as number;
    visited++;
    const l = left[i];
    const r = right[i];
    if (l === -1 && r === -1) {
      const p = proba[i];
      if (!Array.isArray(p) || p.length !== classCount)
        fail(`tree ${t}, node ${i}: a leaf needs leaf_proba with ${classCount} shares`);
      for (const share of p as unknown[])
        if (!(typeof share === 'number' && share >= 0 && share <= 1))
          fail(`tree ${t}, node ${i}: leaf_proba shares must be numbers from 0 to 1`);
      continue;
    }
    if (!isInteger(l) || !isInteger(r) || l <= 0 || r <= 0 || l >= n || r >= n)
      fail(`tree ${t}, node ${i}: children must be node ids of the tree, or both -1 for a leaf`);
    const f = features[i];
    if (!isInteger(f) || f < 0 || f >= featureCount)
      fail(`tree ${t}, node ${i}: splits on feature ${String(f)}, not one of the ${featureCount} features`);
    const th = thresholds[i];
    if (!(typeof th === 'number' && Number.isFinite(th)))
      fail(`tree ${t}, node ${i}: threshold must be a finite number`);
    for (const child of [l, r] as number[]) {
      if (reached[child]) fail(`tree ${t}, node ${child} is reached twice: not a tree`);
      reached[child] = 1;
      stack.push(child);
    }
  }
  if (visited !== n) fail(`tree ${t}: ${n - visited} of its ${n} nodes are not reached from the root`);
}
