import { readFile } from 'node:fs/promises';
import { artifactFormat, artifactVersion, type ModelArtifact } from './artifact.js';
import { checkForest, ForestFormatError } from './checkForest.js';
import { type CompiledForest, compileForest } from './fast/index.js';
import type { Model, ModelCard, Prediction } from './types.js';

/** The artifact is missing, unreadable, not ours, malformed or changed after training; never serve it. */
export class ModelLoadError extends Error {
  override name = 'ModelLoadError';
  constructor(
    readonly path: string,
    problem: string,
    remedy = 'Rebuild it with `pnpm train` (and redeploy).',
  ) {
    super(`Cannot load the model artifact ${path}: ${problem}. ${remedy}`);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isText = (v: unknown): v is string => typeof v === 'string';

/** The first thing wrong with a card's shape (what prediction and serving rely on), if any. */
function cardProblem(card: Record<string, unknown>): string | undefined {
  for (const key of ['name', 'version', 'target'] as const)
    if (!isText(card[key])) return `card.${key} is not a string`;
  const { features, labels, metrics } = card;
  if (!Array.isArray(features) || features.length === 0) return 'card.features is not a non-empty array';
  const badFeature = features.findIndex(
    (f) => !isRecord(f) || !isText(f.name) || !isNumber(f.min) || !isNumber(f.max),
  );
  if (badFeature >= 0) return `card.features[${badFeature}] is not {name, min, max}`;
  if (!Array.isArray(labels) || labels.length === 0 || !labels.every(isText))
    return 'card.labels is not a list of labels';
  if (new Set(labels).size !== labels.length) return 'card.labels lists a label twice';
  if (!isRecord(metrics) || !isNumber(metrics.accuracy) || !isNumber(metrics.macroF1)) {
    return 'card.metrics lacks accuracy and macroF1';
  }
  for (const key of ['featureImportance', 'hyperparameters', 'dataset', 'trainer'] as const) {
    if (!isRecord(card[key])) return `card.${key} is not an object`;
  }
  return undefined;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * Parses and verifies an artifact already in memory (e.g. bundled with a host); `source` names it in errors.
 * Checks the format, the content hash against `card.version`, the card and the forest; throws ModelLoadError.
 */
export function parseModel(json: string, source: string): Model {
  let artifact: unknown;
  try {
    artifact = JSON.parse(json);
  } catch (error) {
    throw new ModelLoadError(source, `it is not valid JSON (${(error as Error).message})`);
  }
  if (!isRecord(artifact)) throw new ModelLoadError(source, 'it is not a JSON object');
  if (artifact.format !== artifactFormat) {
    throw new ModelLoadError(
      source,
      `its format is ${JSON.stringify(artifact.format) ?? 'missing'}, expected "${artifactFormat}" (not a forestfn model, or another version)`,
    );
  }
  const card = artifact.card;
  if (!isRecord(card) || !isText(card.version) || !/^[0-9a-f]{16}$/.test(card.version)) {
    throw new ModelLoadError(source, 'it has no card.version (16 lowercase hex digits)');
  }
  const actual = artifactVersion(artifact as unknown as ModelArtifact);
  if (actual !== card.version) {
    throw new ModelLoadError(
      source,
      `its content hash is ${actual} but card.version says ${card.version}, so it was changed after training`,
    );
  }
  const problem = cardProblem(card);
  if (problem) throw new ModelLoadError(source, problem);
  const verified = artifact as unknown as ModelArtifact;
  const features = verified.card.features.map((f) => f.name);
  const labels = verified.card.labels;
  try {
    checkForest(verified.forest, features.length, labels.length);
  } catch (error) {
    if (error instanceof ForestFormatError)
      throw new ModelLoadError(source, `the forest is malformed at ${error.message}`);
    throw error;
  }
  return createModel(deepFreeze(verified.card), compileForest(verified.forest, { classes: labels.length }));
}

function createModel(card: ModelCard, forest: CompiledForest): Model {
  const width = card.features.length;
  const labels = card.labels;
  return {
    card,
    predict(rows) {
      return rows.map((row, i): Prediction => {
        if (row.length !== width) {
          throw new RangeError(
            `row ${i} has ${row.length} values; the model takes ${width} (${card.features.map((f) => f.name).join(', ')})`,
          );
        }
        for (let f = 0; f < width; f++) {
          if (!isNumber(row[f]))
            throw new TypeError(`row ${i}, value ${f} (${card.features[f]?.name}) is not a finite number`);
        }
        const shares = new Float64Array(labels.length);
        const labelIndex = forest.predictWithShares(row, shares);
        const probabilities: Record<string, number> = {};
        labels.forEach((label, c) => {
          probabilities[label] = shares[c] as number;
        });
        return { label: labels[labelIndex] as string, labelIndex, probabilities };
      });
    },
  };
}

/** The ModelLoadError for an artifact file that could not be read. */
export function unreadable(path: string, error: unknown): ModelLoadError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT')
    return new ModelLoadError(path, 'the file does not exist', 'Create it with `pnpm train`.');
  return new ModelLoadError(path, `the file cannot be read (${code ?? (error as Error).message})`);
}

/** Reads and verifies the artifact file at `path` (see parseModel); throws ModelLoadError. */
export async function loadModel(path: string): Promise<Model> {
  let json: string;
  try {
    json = await readFile(path, 'utf8');
  } catch (error) {
    throw unreadable(path, error);
  }
  return parseModel(json, path);
}
