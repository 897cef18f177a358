import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError, type ModelConfig, parseConfig } from './config.js';
import { defaultConfigPath } from './paths.js';

// `model.config.json` of a model imported rather than trained carries one more key, written by
// `pnpm adopt --sklearn`:
//   "import": { "sklearn": "models/forest.sklearn.json" }
// `pnpm train` then builds the artifact from that dump (no training), measuring it on `dataset`, the
// holdout table (or, with no holdout, `dataset` is the dump itself and the card has no metrics). The rest
// of the config is the usual shape: `hyperparameters` are the nearest native equivalents of the forest's,
// used only if the import is removed to train natively.

/** Where an imported model's forest comes from (absolute path). */
export interface ModelImportSource {
  sklearn: string;
}

/** A config, and the model it imports when it does. */
export type ModelConfigWithImport = ModelConfig & { import?: ModelImportSource };

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validates a config's text like `parseConfig`, and its `import` key when there is one. */
export function parseModelConfig(json: string, path: string): ModelConfigWithImport {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return parseConfig(json, path); // its message names the JSON error
  }
  if (!isRecord(value) || !('import' in value)) return parseConfig(json, path);
  const { import: source, ...rest } = value;
  const config = parseConfig(JSON.stringify(rest), path);
  const dump = isRecord(source) ? source.sklearn : undefined;
  if (
    !isRecord(source) ||
    Object.keys(source).length !== 1 ||
    typeof dump !== 'string' ||
    dump.trim() === ''
  ) {
    throw new ConfigError(
      path,
      `${path} is invalid:\n  - config.import: expected { "sklearn": "<path of the dump pnpm adopt --sklearn copied>" }`,
    );
  }
  return { ...config, import: { sklearn: resolve(dirname(path), dump) } };
}

/** Reads and validates `model.config.json` (or the file given), with its `import`; see `readConfig`. */
export async function readModelConfig(path: string = defaultConfigPath): Promise<ModelConfigWithImport> {
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
  return parseModelConfig(json, absolute);
}
