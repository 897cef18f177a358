import { readFile } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import type { ModelConfig, ModelImportSource } from './config.js';
import { DataError } from './csv.js';
import { SklearnDumpError } from './sklearn/dump.js';
import { buildImportedModel } from './sklearn/importModel.js';
import { SpecError, type SpecSchema } from './spec.js';
import type { Model } from './types.js';

/**
 * `pnpm train` for a config that imports a scikit-learn forest: no training, the artifact built from the
 * dump (byte for byte what `pnpm adopt --sklearn` wrote) and measured on the config's `dataset` (the
 * holdout table; the dump itself when there is none). The spec must still describe the forest's
 * features and labels. Throws SpecError, DataError or SklearnDumpError.
 */
export async function importFromConfig(
  config: ModelConfig,
  source: ModelImportSource,
  schema: SpecSchema,
  stage: (message: string) => void,
): Promise<{ model: Model; artifact: Uint8Array }> {
  const root = dirname(config.path);
  const shown = (path: string) => relative(root, path).split(sep).join('/');
  const read = async (path: string, fail: (reason: string) => Error) =>
    readFile(path).catch((error: NodeJS.ErrnoException) => {
      throw fail(error.code ?? error.message);
    });
  stage(`importing the scikit-learn forest ${shown(source.sklearn)}`);
  const dumpBytes = await read(
    source.sklearn,
    (reason) =>
      new SklearnDumpError(
        `${shown(source.sklearn)}: cannot be read (${reason}); check "import" in ${config.path}`,
      ),
  );
  const holdout =
    config.dataset === source.sklearn
      ? undefined
      : {
          path: config.dataset,
          bytes: await read(
            config.dataset,
            (reason) =>
              new DataError(
                shown(config.dataset),
                undefined,
                undefined,
                `cannot be read (${reason}); check "dataset" in ${config.path}`,
              ),
          ),
        };
  const imported = buildImportedModel({
    root,
    name: config.name,
    target: config.target,
    dump: { path: source.sklearn, bytes: dumpBytes },
    ...(holdout ? { holdout } : {}),
  });
  const { card } = imported;
  if (
    JSON.stringify(schema.features) !== JSON.stringify(card.features.map((f) => f.name)) ||
    JSON.stringify(schema.labels) !== JSON.stringify(card.labels) ||
    (schema.categories !== undefined && Object.keys(schema.categories).length > 0)
  ) {
    throw new SpecError(
      config.spec,
      `${shown(config.spec)} does not describe the imported forest (features ${card.features.map((f) => f.name).join(', ')}; labels ${card.labels.join(', ')}): run \`pnpm adopt --sklearn ${shown(source.sklearn)}\` again`,
    );
  }
  stage(
    holdout
      ? `measured on ${card.metrics.holdoutRows} rows of ${card.dataset.path}`
      : 'no holdout table: the card has no metrics (give `pnpm validate --holdout <csv>` one)',
  );
  stage(`built model ${card.name} ${card.version}`);
  return { model: imported.model, artifact: imported.artifact };
}
