// Sample inputs for tests, read from the spec (the module `pnpm generate` makes of spec/openapi.yaml) and
// from the model itself, never written for one table: whatever table `pnpm adopt` made the served one,
// these are valid requests, and what the model answers them is asked of the model.
import { readFile } from 'node:fs/promises';
import {
  defaultArtifactPath,
  loadModel,
  type Model,
  parseDataset,
  readConfig,
  readSpecSchema,
} from '@forestfn/model';
import { categoriesOf, featureNames, labels } from '../src/contract.js';
import { spec } from '../src/generated/spec.js';

export type { Model };
export { featureNames, labels };

/** The model `pnpm train` wrote (artifacts/), the one the local host serves by default. */
export const loadTrainedModel = (): Promise<Model> => loadModel(defaultArtifactPath);

/** A feature value as a request carries it: a number, or a categorical feature's category. */
export type Value = number | string;
/** A seed-compatible row: the feature values in the order of `Instance`'s properties. */
export type Row = Value[];
/** A typed-form instance: feature name -> value. */
export type Instance = Record<string, Value>;

interface FeatureSchema {
  enum?: readonly string[];
  examples?: readonly unknown[];
  'x-observed-min'?: number;
  'x-observed-max'?: number;
}
const schemas = spec.components.schemas.Instance.properties as Record<string, FeatureSchema>;
const schemaOf = (name: string): FeatureSchema => schemas[name] ?? {};

/** The features that take a number, in model order. */
export const numericFeatures: readonly string[] = featureNames.filter((name) => !categoriesOf(name));
/** The features that take one of their `enum` categories, in model order. */
export const categoricalFeatures: readonly string[] = featureNames.filter((name) => !!categoriesOf(name));

/** The typed-form instance of a row. */
export const toInstance = (row: readonly Value[]): Instance =>
  Object.fromEntries(featureNames.map((name, i) => [name, row[i] as Value]));

/** A row as the model takes it: a category becomes its index in the feature's `enum`. */
export function encodeRow(row: readonly Value[]): number[] {
  return featureNames.map((name, i) => {
    const value = row[i];
    const categories = categoriesOf(name);
    if (!categories) {
      if (typeof value !== 'number') throw new Error(`sample: ${name} needs a number, not ${String(value)}`);
      return value;
    }
    const index = categories.indexOf(value as string);
    if (index < 0) throw new Error(`sample: ${String(value)} is not a category of ${name}`);
    return index;
  });
}

/** The model's answers to request rows, encoded as the service encodes them. */
export const predictRows = (model: Model, rows: readonly (readonly Value[])[]) =>
  model.predict(rows.map(encodeRow));

/** The labels the model answers for request rows, in order. */
export const labelsFor = (model: Model, rows: readonly (readonly Value[])[]) =>
  predictRows(model, rows).map((prediction) => prediction.label);

/**
 * The spec's example rows: row j takes every feature's `examples[j]` (as `pnpm generate` derives the
 * predict examples); at least one row, and each value valid for its feature.
 */
export const exampleRows: Row[] = (() => {
  const perFeature = featureNames.map((name) => schemaOf(name).examples ?? []);
  const count = Math.max(1, Math.min(...perFeature.map((examples) => examples.length)));
  return Array.from({ length: count }, (_, j) =>
    featureNames.map((name, i) => {
      const schema = schemaOf(name);
      const value = perFeature[i]?.[j] ?? perFeature[i]?.[0] ?? schema.enum?.[0] ?? schema['x-observed-min'];
      return typeof value === 'number' || typeof value === 'string' ? value : 0;
    }),
  );
})();

/**
 * Rows spread over what the spec says the data holds: each number from its observed minimum to its
 * observed maximum, each categorical feature through its categories. With the example rows, they are
 * varied valid inputs for a table nobody wrote the tests for.
 */
export const spreadRows: Row[] = (() => {
  const steps = 4;
  return Array.from({ length: steps }, (_, k) =>
    featureNames.map((name, i) => {
      const schema = schemaOf(name);
      const categories = categoriesOf(name);
      if (categories) return categories[(k + i) % categories.length] as string;
      const examples = (schema.examples ?? []).filter((v): v is number => typeof v === 'number');
      const min = schema['x-observed-min'] ?? (examples.length > 0 ? Math.min(...examples) : 0);
      const max = schema['x-observed-max'] ?? (examples.length > 0 ? Math.max(...examples) : 1);
      // Round to the data's usual precision so a row reads like one of the table's.
      return Math.round((min + ((max - min) * ((k + i) % steps)) / (steps - 1)) * 100) / 100;
    }),
  );
})();

/** The example rows, then the spread rows. */
export const sampleRows: Row[] = [...exampleRows, ...spreadRows];

/** A row with `value` in place of feature `index`: a bad row from a valid one. */
export const rowWith = (index: number, value: unknown, row: readonly Value[] = exampleRows[0] ?? []) =>
  row.map((v, i) => (i === index ? value : v));

/**
 * A value of the wrong JSON type for the feature, which the service refuses with `invalid_type`: a string
 * for a number, a number for a categorical feature. `text` is the string used (e.g. a canary).
 */
export const wrongTypeFor = (name: string, text = 'x'): string | number =>
  categoriesOf(name) ? 12345 : text;

/** A string that is no category of the feature (the service refuses it with `invalid_value`). */
export function unknownCategoryOf(name: string, text = 'not-a-category'): string {
  const categories = categoriesOf(name) ?? [];
  let candidate = text;
  while (categories.includes(candidate)) candidate = `${candidate}_`;
  return candidate;
}

/** A row the model answers with `label`. */
export interface LabelledRow {
  label: string;
  row: Row;
}

/**
 * A row the model answers with each label it answers for any row tried, in `labels` order: the first of
 * the example and spread rows, then of the training table's rows (read as `pnpm train` reads them), that
 * gets the label. A model that recalls every class on its holdout (as a gate with `minPerClassRecall`
 * above 0 demands) answers every label here.
 */
export async function rowsPerLabel(model: Model): Promise<LabelledRow[]> {
  const config = await readConfig();
  const data = parseDataset(
    await readFile(config.dataset, 'utf8'),
    config.dataset,
    await readSpecSchema(config.spec),
    config.target,
  );
  // The table's rows as requests carry them: a category by name, not by its index.
  const tableRows = data.X.map((x) =>
    x.map((value, i) => model.card.features[i]?.categories?.[value] ?? value),
  );
  const found = new Map<string, Row>();
  for (const rows of [sampleRows, tableRows]) {
    predictRows(model, rows).forEach(({ label }, i) => {
      if (!found.has(label)) found.set(label, rows[i] as Row);
    });
  }
  return model.card.labels.flatMap((label) => {
    const row = found.get(label);
    return row ? [{ label, row }] : [];
  });
}

/** Two rows the model answers with different labels, and the labels: for tests of the order of answers. */
export async function twoLabelledRows(model: Model): Promise<[LabelledRow, LabelledRow]> {
  const [a, b] = await rowsPerLabel(model);
  if (!a || !b)
    throw new Error('the model answers one label to every row of its table: nothing tells answers apart');
  return [a, b];
}

/** An Open Inference Protocol V2 infer body for rows: one FP64 tensor, a category as its index. */
export const inferBody = (rows: readonly (readonly Value[])[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({
    inputs: [
      {
        name: 'features',
        shape: [rows.length, featureNames.length],
        datatype: 'FP64',
        data: rows.map(encodeRow),
      },
    ],
    ...extra,
  });

/** The JSON pointer (RFC 6901) to a feature of typed-form instance `index`: `~` and `/` escaped in the name. */
export const instancePointer = (name: string, index = 0): string =>
  `/instances/${index}/${name.replaceAll('~', '~0').replaceAll('/', '~1')}`;
