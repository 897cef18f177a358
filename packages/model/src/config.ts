import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { defaultConfigPath } from './paths.js';

/** ml-cart tree options. `maxDepth: null` means unlimited (JSON has no Infinity). */
export interface TreeOptions {
  minNumSamples: number;
  maxDepth: number | null;
  gainThreshold: number;
}

/** ml-random-forest options; training always adds `noOOB: true`. */
export interface ForestHyperparameters {
  nEstimators: number;
  /** In (0, 1]: a fraction of the features (1 = all); an integer > 1: that many features per tree. */
  maxFeatures: number;
  replacement: boolean;
  useSampleBagging: boolean;
  seed: number;
  treeOptions: TreeOptions;
}

/** The quality gate `pnpm validate` applies. */
export interface GateThresholds {
  minAccuracy: number;
  minMacroF1: number;
  minPerClassRecall: number;
  /** Largest drop of accuracy or macro F1 allowed against a baseline card. */
  maxRegression: number;
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
const maxFeatures = check(
  (v): v is number => isNumber(v) && ((v > 0 && v <= 1) || (Number.isInteger(v) && v > 1)),
  'a fraction in (0, 1] (1 = all features) or an integer count of features',
  1,
);
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

function object<T>(shape: { [K in keyof T]: Check<T[K]> }): Check<T> {
  return (value, at, problems) => {
    const out = {} as T;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${at}: expected an object, got ${value === undefined ? 'nothing' : describe(value)}`);
      return out;
    }
    const known = Object.keys(shape);
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const why = refused[key];
      problems.push(
        why
          ? `${at}.${key}: not configurable: ${why}`
          : `${at}.${key}: unknown key (expected one of: ${known.join(', ')})`,
      );
    }
    for (const key of known as (keyof T & string)[]) {
      out[key] = shape[key]((value as Record<string, unknown>)[key], `${at}.${key}`, problems);
    }
    return out;
  };
}

const configShape = object({
  name: text,
  spec: text,
  dataset: text,
  target: text,
  hyperparameters: object<ForestHyperparameters>({
    nEstimators: int(1, 10_000),
    maxFeatures,
    replacement: bool,
    useSampleBagging: bool,
    seed: int(-(2 ** 31), 2 ** 31 - 1),
    treeOptions: object<TreeOptions>({
      minNumSamples: int(1, 1_000_000),
      maxDepth,
      gainThreshold: within(0, 1),
    }),
  }),
  holdout: object({ fraction: within(0, 1, true), seed: int(-(2 ** 31), 2 ** 31 - 1) }),
  gate: object<GateThresholds>({
    minAccuracy: within(0, 1),
    minMacroF1: within(0, 1),
    minPerClassRecall: within(0, 1),
    maxRegression: within(0, 1),
  }),
});

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
  return { path, ...config, spec: resolve(base, config.spec), dataset: resolve(base, config.dataset) };
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
