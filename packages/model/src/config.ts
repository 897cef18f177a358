import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { defaultConfigPath } from './paths.js';

/** ml-cart tree options. `maxDepth: null` means unlimited (JSON has no Infinity). */
export interface TreeOptions {
  minNumSamples: number;
  maxDepth: number | null;
  gainThreshold: number;
}

/** What both ways of drawing features share. */
interface CommonHyperparameters {
  nEstimators: number;
  useSampleBagging: boolean;
  seed: number;
  treeOptions: TreeOptions;
}

/** ml-random-forest's own options: each tree draws its features once; training always adds `noOOB: true`. */
export interface PerTreeHyperparameters extends CommonHyperparameters {
  /** Absent in older configs, where it is the only way. */
  featureSampling?: 'perTree';
  /** In (0, 1]: a fraction of the features (1 = all); an integer > 1: that many features per tree. */
  maxFeatures: number;
  /** Draw a tree's features with replacement (a tree can get the same feature twice). */
  replacement: boolean;
}

/**
 * Breiman's and scikit-learn's way: every tree sees all features, each split draws `maxFeatures` of them
 * without replacement (see fast/tree.ts). ml-random-forest cannot train this, but loads and predicts it.
 */
export interface PerSplitHyperparameters extends CommonHyperparameters {
  featureSampling: 'perSplit';
  /** 'sqrt' or 'log2' of the features (rounded down), a fraction in (0, 1], or an integer count; at least 1. */
  maxFeatures: 'sqrt' | 'log2' | number;
  replacement?: never;
}

/** The forest's options in `model.config.json`. */
export type ForestHyperparameters = PerTreeHyperparameters | PerSplitHyperparameters;

/** The quality gate `pnpm validate` applies. */
export interface GateThresholds {
  minAccuracy: number;
  minMacroF1: number;
  minPerClassRecall: number;
  /** Largest drop of accuracy or macro F1 allowed against a baseline card. */
  maxRegression: number;
}

/**
 * Where an imported model's forest comes from (an absolute path once read), written by
 * `pnpm adopt --sklearn` as `"import": { "sklearn": "models/forest.sklearn.json" }`. `pnpm train` then
 * builds the artifact from that dump (no training), measuring it on `dataset`, the holdout table;
 * `hyperparameters` are the nearest native equivalents, used only if the import is removed.
 */
export interface ModelImportSource {
  sklearn: string;
}

/** `model.config.json`, validated, with paths made absolute (relative ones are against the config's folder). */
export interface ModelConfig {
  path: string;
  name: string;
  spec: string;
  dataset: string;
  target: string;
  hyperparameters: ForestHyperparameters;
  holdout: { fraction: number; seed: number };
  gate: GateThresholds;
  /** Present when the model is imported rather than trained. */
  import?: ModelImportSource;
}

/** `model.config.json` is missing, not JSON, or does not have the expected shape. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

type Problems = string[];
type Check<T> = (value: unknown, at: string, problems: Problems) => T;

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `${typeof value} ${JSON.stringify(value)}`;

function check<T>(ok: (value: unknown) => value is T, expected: string, fallback: T): Check<T> {
  return (value, at, problems) => {
    if (ok(value)) return value;
    problems.push(`${at}: expected ${expected}, got ${value === undefined ? 'nothing' : describe(value)}`);
    return fallback;
  };
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const text = check((v): v is string => typeof v === 'string' && v.trim() !== '', 'a non-empty string', '');
const bool = check((v): v is boolean => typeof v === 'boolean', 'true or false', false);
const int = (min: number, max: number) =>
  check(
    (v): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max,
    `an integer from ${min} to ${max}`,
    min,
  );
const within = (min: number, max: number, open = false) =>
  check(
    (v): v is number => isNumber(v) && (open ? v > min && v < max : v >= min && v <= max),
    `a number ${open ? 'strictly ' : ''}between ${min} and ${max}`,
    min,
  );
const isFeatureCount = (v: unknown): v is number =>
  isNumber(v) && ((v > 0 && v <= 1) || (Number.isInteger(v) && v > 1));
const maxFeatures = check(
  isFeatureCount,
  "a fraction in (0, 1] (1 = all features) or an integer count of features ('sqrt' and 'log2' need featureSampling \"perSplit\")",
  1,
);
const splitMaxFeatures = check(
  (v): v is 'sqrt' | 'log2' | number => v === 'sqrt' || v === 'log2' || isFeatureCount(v),
  "'sqrt', 'log2', a fraction in (0, 1] (1 = all features) or an integer count of features",
  'sqrt',
);
const featureSampling = <T extends 'perTree' | 'perSplit'>(expected: T) =>
  check(
    (v): v is T => v === expected,
    '"perTree" (features drawn once per tree, as ml-random-forest does) or "perSplit" (drawn at each split, as scikit-learn does)',
    expected,
  );
/** An optional key: absent stays absent. */
const optional =
  <T>(inner: Check<T>): Check<T | undefined> =>
  (value, at, problems) =>
    value === undefined ? undefined : inner(value, at, problems);
const maxDepth = check(
  (v): v is number | null => v === null || (Number.isInteger(v) && (v as number) >= 1),
  'null (unlimited) or an integer >= 1',
  null,
);

// Keys with a reason they are not configurable, so the message says why rather than just "unknown".
const refused: Record<string, string> = {
  noOOB:
    "training always uses noOOB: true (the library's out-of-bag estimate fails on small data; quality is measured on the holdout)",
  isClassifier: 'the model is always a classifier',
};

function object<T>(
  shape: { [K in keyof T]-?: Check<T[K]> },
  refusedHere: Record<string, string> = {},
): Check<T> {
  return (value, at, problems) => {
    const out = {} as T;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${at}: expected an object, got ${value === undefined ? 'nothing' : describe(value)}`);
      return out;
    }
    const known = Object.keys(shape);
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const why = refusedHere[key] ?? refused[key];
      problems.push(
        why
          ? `${at}.${key}: not configurable: ${why}`
          : `${at}.${key}: unknown key (expected one of: ${known.join(', ')})`,
      );
    }
    for (const key of known as (keyof T & string)[]) {
      const checked = shape[key]((value as Record<string, unknown>)[key], `${at}.${key}`, problems);
      // Optional keys that are absent stay absent.
      if (checked !== undefined) out[key] = checked;
    }
    return out;
  };
}

const treeOptions = object<TreeOptions>({
  minNumSamples: int(1, 1_000_000),
  maxDepth,
  gainThreshold: within(0, 1),
});
const perTree = object<PerTreeHyperparameters>({
  featureSampling: optional(featureSampling('perTree')),
  nEstimators: int(1, 10_000),
  maxFeatures,
  replacement: bool,
  useSampleBagging: bool,
  seed: int(-(2 ** 31), 2 ** 31 - 1),
  treeOptions,
});
const perSplit = object<Omit<PerSplitHyperparameters, 'replacement'>>(
  {
    featureSampling: featureSampling('perSplit'),
    nEstimators: int(1, 10_000),
    maxFeatures: splitMaxFeatures,
    useSampleBagging: bool,
    seed: int(-(2 ** 31), 2 ** 31 - 1),
    treeOptions,
  },
  {
    replacement:
      'with featureSampling "perSplit" every tree sees all features and each split draws its own without replacement; remove replacement',
  },
);
/** The shape follows `featureSampling`: per tree (the default, as in older configs) or per split. */
const hyperparameters: Check<ForestHyperparameters> = (value, at, problems) => {
  const sampling = (value as { featureSampling?: unknown } | null | undefined)?.featureSampling;
  return sampling === 'perSplit' ? perSplit(value, at, problems) : perTree(value, at, problems);
};

const configShape = object({
  name: text,
  spec: text,
  dataset: text,
  target: text,
  hyperparameters,
  holdout: object({ fraction: within(0, 1, true), seed: int(-(2 ** 31), 2 ** 31 - 1) }),
  gate: object<GateThresholds>({
    minAccuracy: within(0, 1),
    minMacroF1: within(0, 1),
    minPerClassRecall: within(0, 1),
    maxRegression: within(0, 1),
  }),
  // The path of the dump `pnpm adopt --sklearn` copied.
  import: optional(object<ModelImportSource>({ sklearn: text })),
});

/**
 * Why `hyperparameters.maxFeatures` cannot work for a model of `featureCount` features, or undefined
 * when it can: per tree it must give 1 to all features, per split at most all of them.
 */
export function maxFeaturesProblem(
  hyperparameters: ForestHyperparameters,
  featureCount: number,
): string | undefined {
  const { maxFeatures } = hyperparameters;
  if (typeof maxFeatures === 'string') return undefined;
  const count = maxFeatures <= 1 ? Math.floor(featureCount * maxFeatures) : maxFeatures;
  const range = `use a fraction in (0, 1] or a count from 1 to ${featureCount}`;
  if (hyperparameters.featureSampling === 'perSplit') {
    return count > featureCount
      ? `hyperparameters.maxFeatures ${maxFeatures} is more features per split than the model's ${featureCount}; ${range}, 'sqrt' or 'log2'`
      : undefined;
  }
  return count < 1 || count > featureCount
    ? `hyperparameters.maxFeatures ${maxFeatures} gives ${count} features per tree, but the model has ${featureCount}; ${range}`
    : undefined;
}

/** Validates the text of a config file; `path` names it in errors and anchors its relative paths. */
export function parseConfig(json: string, path: string): ModelConfig {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new ConfigError(
      path,
      `${path} is not valid JSON (${(error as Error).message}). Fix the file and retry.`,
    );
  }
  const problems: Problems = [];
  const config = configShape(value, 'config', problems);
  if (problems.length > 0) {
    throw new ConfigError(path, `${path} is invalid:\n  - ${problems.join('\n  - ')}`);
  }
  const base = dirname(path);
  const { import: source, ...rest } = config;
  return {
    path,
    ...rest,
    spec: resolve(base, config.spec),
    dataset: resolve(base, config.dataset),
    ...(source ? { import: { sklearn: resolve(base, source.sklearn) } } : {}),
  };
}

/** Reads and validates `model.config.json` (or the file given). */
export async function readConfig(path: string = defaultConfigPath): Promise<ModelConfig> {
  const absolute = resolve(path);
  let json: string;
  try {
    json = await readFile(absolute, 'utf8');
  } catch (error) {
    throw new ConfigError(
      absolute,
      `Cannot read ${absolute} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): the model config is needed to train and validate.`,
    );
  }
  return parseConfig(json, absolute);
}
