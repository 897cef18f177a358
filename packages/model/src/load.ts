import { readFile } from 'node:fs/promises';
import type { ModelArtifact } from './artifact.js';
import { ArtifactFormatError, decodeArtifact } from './decodeArtifact.js';
import { type CompiledForest, compileFlatForest } from './fast/index.js';
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

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Decodes and verifies artifact bytes (see decodeArtifact); `source` names them in the ModelLoadError it throws. */
export function parseArtifact(bytes: Uint8Array, source: string): ModelArtifact {
  try {
    return decodeArtifact(bytes);
  } catch (error) {
    if (error instanceof ArtifactFormatError) throw new ModelLoadError(source, error.message);
    throw error;
  }
}

/**
 * Verifies an artifact already in memory (e.g. bundled with a host) and makes the model that serves it;
 * `source` names it in errors. The predictor walks the artifact's own bytes. Throws ModelLoadError.
 */
export function parseModel(bytes: Uint8Array, source: string): Model {
  const { card, forest } = parseArtifact(bytes, source);
  return createModel(deepFreeze(card), compileFlatForest(forest, { classes: card.labels.length }));
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

/** Reads the artifact file at `path`, throwing ModelLoadError when it cannot. */
export async function readArtifactFile(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw unreadable(path, error);
  }
}

/** Reads and verifies the artifact file at `path` (see parseModel); throws ModelLoadError. */
export async function loadModel(path: string): Promise<Model> {
  return parseModel(await readArtifactFile(path), path);
}

/** Reads and verifies the artifact file at `path` without compiling it (for tools such as `pnpm export`). */
export async function loadArtifact(path: string): Promise<ModelArtifact> {
  return parseArtifact(await readArtifactFile(path), path);
}
