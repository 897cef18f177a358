import { type Document, isMap, isNode, isScalar, isSeq, type Node, parseDocument } from 'yaml';
import { round4 } from '../metrics.js';
import { featureRef, SpecError } from '../spec.js';

// The spec's parts that only repeat `Instance` and `Label` are written from them here, never by hand:
// `pnpm generate` applies this and `pnpm generate:check` fails when it would change anything.

type Path = (string | number)[];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The plain value at `path`, or undefined. */
export function valueAt(doc: Document, path: Path): unknown {
  const node = doc.getIn(path, true);
  return isNode(node) ? node.toJS(doc) : node;
}

// Strings a YAML 1.1 reader (still common in tools) takes for a boolean or a number: quote them.
const yaml11Lookalike = /^(y|n|yes|no|on|off|[-+]?[0-9][0-9_:.]*)$/i;

/** A YAML node for `value`, with lists of plain values on one line as the hand-written parts have them. */
export function yamlNode(doc: Document, value: unknown): Node {
  const node = doc.createNode(value) as Node;
  const flow = (n: unknown): boolean => {
    if (isScalar(n)) {
      if (typeof n.value === 'string' && yaml11Lookalike.test(n.value)) n.type = 'QUOTE_DOUBLE';
      return true;
    }
    if (isMap(n)) {
      for (const pair of n.items) flow(pair.value);
      return false;
    }
    if (!isSeq(n)) return false;
    let all = true;
    for (const item of n.items) all = flow(item) && all;
    n.flow = all;
    return all;
  };
  flow(node);
  return node;
}

/** Sets `path` to `value` unless it already holds an equal value, recording the path when it changes. */
export function setValue(doc: Document, path: Path, value: unknown, changed: string[]): void {
  if (JSON.stringify(valueAt(doc, path)) === JSON.stringify(value)) return;
  doc.setIn(path, yamlNode(doc, value));
  changed.push(path.join('.'));
}

/** A feature as the derived parts need it, read from `Instance.properties`. */
interface FeatureSchema {
  name: string;
  categories: string[] | undefined;
  examples: unknown[];
  min: number | undefined;
  max: number | undefined;
}

const schemas = ['components', 'schemas'];
const predict = ['paths', '/api/predict', 'post'];
const json = ['content', 'application/json', 'examples'];
const requestExamples = [...predict, 'requestBody', ...json];
const responseExamples = [...predict, 'responses', '200', ...json];
/** Where the spec keeps the model card's examples (GET /api/model, 200). */
export const cardExamples = ['paths', '/api/model', 'get', 'responses', '200', ...json];
const badRequestExample = ['components', 'responses', 'BadRequest', 'content', 'application/problem+json'];
// The Open Inference Protocol's examples: an infer request and answer, and the model metadata.
const v2Request = ['components', 'requestBodies', 'V2InferenceRequest', ...json, 'tensor', 'value'];
const v2Response = ['components', 'responses', 'V2InferenceResponse', ...json, 'tensor', 'value'];
const v2Metadata = ['components', 'responses', 'V2ModelMetadata', ...json, 'metadata', 'value'];

function readModelPart(doc: Document, source: string): { features: FeatureSchema[]; labels: string[] } {
  const fail = (problem: string): never => {
    throw new SpecError(source, `${source}: ${problem}`);
  };
  const properties = valueAt(doc, [...schemas, 'Instance', 'properties']);
  if (!isRecord(properties) || Object.keys(properties).length === 0)
    fail('components.schemas.Instance.properties must list the features');
  const labels = valueAt(doc, [...schemas, 'Label', 'enum']);
  if (!Array.isArray(labels) || labels.length === 0 || !labels.every((l) => typeof l === 'string'))
    return fail('components.schemas.Label.enum must list the labels');
  for (const name of ['FeatureRow', 'Probabilities']) {
    if (!isRecord(valueAt(doc, [...schemas, name]))) fail(`has no components.schemas.${name}`);
  }
  const features = Object.entries(properties as Record<string, unknown>).map(([name, value]) => {
    const schema = isRecord(value) ? value : {};
    const number = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
    return {
      name,
      categories: Array.isArray(schema.enum) ? schema.enum.map(String) : undefined,
      examples: Array.isArray(schema.examples) ? schema.examples : [],
      min: number(schema['x-observed-min']),
      max: number(schema['x-observed-max']),
    };
  });
  return { features, labels: labels as string[] };
}

/** Example value `j` of a feature: its `examples[j]`, else its first example, else something valid. */
function exampleValue(feature: FeatureSchema, j: number): unknown {
  return feature.examples[j] ?? feature.examples[0] ?? feature.categories?.[0] ?? feature.min ?? 0;
}

const escapePointer = (name: string) => name.replaceAll('~', '~0').replaceAll('/', '~1');

/**
 * Writes the derived parts into `doc` and returns the paths that changed:
 * - `Instance.required`: every property, in order (every feature is required);
 * - `FeatureRow.prefixItems`, `minItems`, `maxItems`: one `$ref` per `Instance` property, in order;
 * - `Probabilities.properties` and `required`: one share per `Label.enum` entry, in order;
 * - the examples that name features or labels: predict's request and answer, the model card's features,
 *   labels and per-class metrics, the bad-request example's pointer. Example row j takes every feature's
 *   `examples[j]` and is answered with `Label.enum[j]` (adopt picks example j from a row of that class).
 *   Values not tied to features or labels (a card's name, hyperparameters, dataset) are left alone;
 * - the Open Inference Protocol's examples: the infer request's tensor (example row 0, a category as its
 *   index) and answer, and the model metadata's shapes and orders.
 */
export function deriveSpec(doc: Document, source: string): string[] {
  const { features, labels } = readModelPart(doc, source);
  const changed: string[] = [];
  const set = (path: Path, value: unknown) => setValue(doc, path, value, changed);

  set(
    [...schemas, 'Instance', 'required'],
    features.map(({ name }) => name),
  );
  set(
    [...schemas, 'FeatureRow', 'prefixItems'],
    features.map(({ name }) => ({ $ref: featureRef(name) })),
  );
  set([...schemas, 'FeatureRow', 'minItems'], features.length);
  set([...schemas, 'FeatureRow', 'maxItems'], features.length);
  set([...schemas, 'Probabilities', 'required'], labels);
  set(
    [...schemas, 'Probabilities', 'properties'],
    Object.fromEntries(labels.map((label) => [label, { type: 'number', minimum: 0, maximum: 1 }])),
  );

  const rowCount = Math.max(1, Math.min(...features.map((f) => f.examples.length)));
  const rows = Array.from({ length: rowCount }, (_, j) => features.map((f) => exampleValue(f, j)));
  const instance = (row: unknown[]) => Object.fromEntries(features.map((f, i) => [f.name, row[i]]));
  const labelOf = (j: number) => labels[j % labels.length] as string;
  const probabilities = (label: string) => Object.fromEntries(labels.map((l) => [l, l === label ? 1 : 0]));
  const exists = (path: Path) => doc.hasIn(path);

  if (exists([...requestExamples, 'typed']))
    set([...requestExamples, 'typed', 'value', 'instances'], rows.slice(0, 1).map(instance));
  if (exists([...requestExamples, 'rows'])) set([...requestExamples, 'rows', 'value'], rows);
  if (exists([...responseExamples, 'typed'])) {
    set(
      [...responseExamples, 'typed', 'value', 'predictions'],
      [{ label: labelOf(0), probabilities: probabilities(labelOf(0)) }],
    );
  }
  if (exists([...responseExamples, 'rows']))
    set(
      [...responseExamples, 'rows', 'value'],
      rows.map((_, j) => labelOf(j)),
    );

  const cards = valueAt(doc, cardExamples);
  for (const key of isRecord(cards) ? Object.keys(cards) : []) {
    const at = [...cardExamples, key, 'value'];
    const card = valueAt(doc, at);
    if (!isRecord(card)) continue;
    const previous = Array.isArray(card.features) ? card.features.filter(isRecord) : [];
    set(
      [...at, 'features'],
      features.map((f) => {
        if (f.categories)
          return { name: f.name, min: 0, max: f.categories.length - 1, categories: f.categories };
        const before = previous.find((p) => p.name === f.name) ?? {};
        const seen = f.examples.filter((v): v is number => typeof v === 'number');
        const pick = (own: number | undefined, old: unknown, fallback: number) =>
          own ?? (typeof old === 'number' ? old : fallback);
        return {
          name: f.name,
          min: pick(f.min, before.min, seen.length > 0 ? Math.min(...seen) : 0),
          max: pick(f.max, before.max, seen.length > 0 ? Math.max(...seen) : 0),
        };
      }),
    );
    set([...at, 'labels'], labels);
    const metrics = isRecord(card.metrics) ? card.metrics : {};
    const perClass = isRecord(metrics.perClass) ? metrics.perClass : {};
    const matrix = metrics.confusionMatrix;
    const fits =
      JSON.stringify(Object.keys(perClass)) === JSON.stringify(labels) &&
      Array.isArray(matrix) &&
      matrix.length === labels.length &&
      matrix.every((row) => Array.isArray(row) && row.length === labels.length);
    if (!fits) {
      // Another set of classes: an illustrative perfect score, as many holdout rows per class as before.
      const rowsBefore = typeof metrics.holdoutRows === 'number' ? metrics.holdoutRows : 10 * labels.length;
      const support = Math.max(1, Math.round(rowsBefore / labels.length));
      set([...at, 'metrics'], {
        ...metrics,
        accuracy: 1,
        macroF1: 1,
        holdoutRows: support * labels.length,
        perClass: Object.fromEntries(labels.map((l) => [l, { precision: 1, recall: 1, f1: 1, support }])),
        confusionMatrix: labels.map((_, i) => labels.map((__, j) => (i === j ? support : 0))),
      });
    }
    const importance = isRecord(card.featureImportance) ? card.featureImportance : {};
    if (JSON.stringify(Object.keys(importance)) !== JSON.stringify(features.map((f) => f.name))) {
      const share = round4(1 / features.length);
      set([...at, 'featureImportance'], Object.fromEntries(features.map((f) => [f.name, share])));
    }
  }

  const first = rows[0] ?? [];
  if (exists(v2Request)) {
    set([...v2Request, 'inputs', 0, 'shape'], [1, features.length]);
    set(
      [...v2Request, 'inputs', 0, 'data'],
      features.map((f, i) => (f.categories ? f.categories.indexOf(String(first[i])) : first[i])),
    );
  }
  if (exists(v2Response)) {
    set([...v2Response, 'outputs', 0, 'data'], [labelOf(0)]);
    set([...v2Response, 'outputs', 1, 'shape'], [1, labels.length]);
    set([...v2Response, 'outputs', 1, 'data'], Object.values(probabilities(labelOf(0))));
  }
  if (exists(v2Metadata)) {
    set([...v2Metadata, 'inputs', 0, 'shape'], [-1, features.length]);
    set([...v2Metadata, 'outputs', 1, 'shape'], [-1, labels.length]);
    set([...v2Metadata, 'properties'], {
      features: JSON.stringify(features.map((f) => f.name)),
      labels: JSON.stringify(labels),
      categories: JSON.stringify(
        Object.fromEntries(features.flatMap((f) => (f.categories ? [[f.name, f.categories]] : []))),
      ),
    });
  }

  const missing = features.at(-1)?.name as string;
  const problem = [...badRequestExample, 'examples', 'missingFeature', 'value', 'errors'];
  if (exists(problem)) {
    set(problem, [
      {
        pointer: `/instances/0/${escapePointer(missing)}`,
        code: 'required',
        detail: `${missing} is required.`,
      },
    ]);
  }
  return changed;
}

/** Options for writing a spec document back as text. */
export const specTextOptions = { lineWidth: 0, flowCollectionPadding: false } as const;

/**
 * The spec text with its derived parts written from `Instance` and `Label`, and the paths that changed;
 * the text comes back unchanged (comments, layout) when nothing did.
 */
export function deriveSpecText(text: string, source: string): { text: string; changed: string[] } {
  const doc = parseDocument(text);
  if (doc.errors.length > 0)
    throw new SpecError(source, `${source}: is not valid YAML (${doc.errors[0]?.message})`);
  const changed = deriveSpec(doc, source);
  return { text: changed.length > 0 ? doc.toString(specTextOptions) : text, changed };
}
