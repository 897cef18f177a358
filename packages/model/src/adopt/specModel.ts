import { type Document, isMap, isNode, isScalar, Pair, Scalar, YAMLMap } from 'yaml';
import { SpecError } from '../spec.js';
import { setValue, valueAt, yamlNode } from './derive.js';
import type { FeatureColumn, TableSummary } from './table.js';

/** What adopt records about the model beside the table: its name and training set-up, for the examples. */
export interface ModelIdentity {
  name: string;
  /** The dataset's path relative to the repository, with `/`. */
  datasetPath: string;
  datasetSha256: string;
  /** Rows the trainer will fit on (the rest are held out). */
  trainRows: number;
  hyperparameters: Record<string, unknown>;
}

const instancePath = ['components', 'schemas', 'Instance'];

// The keys adopt owns in a feature's schema; everything else (description, title, format, ...) is a person's.
function writeFeature(doc: Document, map: YAMLMap, feature: FeatureColumn, changed: string[], at: string) {
  const set = (key: string, value: unknown) => {
    const before = map.get(key, true);
    if (JSON.stringify(isNode(before) ? before.toJS(doc) : before) === JSON.stringify(value)) return;
    map.set(key, yamlNode(doc, value));
    changed.push(`${at}.${key}`);
  };
  const drop = (key: string) => {
    if (map.delete(key)) changed.push(`${at}.${key}`);
  };
  if (feature.kind === 'number') {
    set('type', 'number');
    drop('enum');
    set('examples', feature.examples);
    // The observed range is information, not a constraint: a value outside it is still a valid request.
    set('x-observed-min', feature.min);
    set('x-observed-max', feature.max);
  } else {
    set('type', 'string');
    set('enum', feature.categories);
    set('examples', feature.examples);
    drop('x-observed-min');
    drop('x-observed-max');
  }
}

/**
 * Writes the table into the spec's model part: `Instance`'s properties (in column order, keeping the
 * schema of a feature that was already there with its description and any keys adopt does not own, and
 * dropping features the table no longer has), `required`, `Label.enum`, and the examples' model identity.
 * Returns the paths that changed. The derived parts are left to `deriveSpec`.
 */
export function writeModelPart(
  doc: Document,
  source: string,
  table: TableSummary,
  identity: ModelIdentity,
): string[] {
  const changed: string[] = [];
  const instance = doc.getIn(instancePath, true);
  if (!isMap(instance)) throw new SpecError(source, `${source}: has no components.schemas.Instance`);
  const before = instance.get('properties', true);
  const old = new Map<string, Pair>();
  if (isMap(before)) {
    for (const pair of before.items)
      old.set(String(isScalar(pair.key) ? pair.key.value : pair.key), pair as Pair);
  }
  const properties = new YAMLMap();
  for (const feature of table.features) {
    const kept = old.get(feature.name);
    const at = `components.schemas.Instance.properties.${feature.name}`;
    let pair: Pair;
    if (kept && isMap(kept.value)) pair = kept;
    else {
      // A stub for a person to replace; adopt never rewrites a description once it is there.
      const description = `The \`${feature.name}\` column of ${identity.datasetPath}.`;
      pair = new Pair(new Scalar(feature.name), yamlNode(doc, { description }));
      changed.push(at);
    }
    writeFeature(doc, pair.value as YAMLMap, feature, changed, at);
    properties.items.push(pair);
  }
  const order = (map: unknown) =>
    isMap(map) ? map.items.map((p) => String(isScalar(p.key) ? p.key.value : p.key)) : [];
  if (JSON.stringify(order(before)) !== JSON.stringify(table.features.map((f) => f.name)))
    changed.push('components.schemas.Instance.properties');
  if (isMap(before)) before.items = properties.items;
  else instance.set('properties', properties);

  const set = (path: (string | number)[], value: unknown) => setValue(doc, path, value, changed);
  set(
    [...instancePath, 'required'],
    table.features.map((f) => f.name),
  );
  set(['components', 'schemas', 'Label', 'enum'], table.labels);

  // The examples' identity of the model; what names features or labels is derived (deriveSpec).
  const examples = (path: string[]) => {
    const value = valueAt(doc, path);
    return value !== null && typeof value === 'object' ? Object.keys(value) : [];
  };
  const answer = [
    'paths',
    '/api/predict',
    'post',
    'responses',
    '200',
    'content',
    'application/json',
    'examples',
  ];
  if (doc.hasIn([...answer, 'typed', 'value', 'model']))
    set([...answer, 'typed', 'value', 'model', 'name'], identity.name);
  const cards = ['paths', '/api/model', 'get', 'responses', '200', 'content', 'application/json', 'examples'];
  for (const key of examples(cards)) {
    const at = [...cards, key, 'value'];
    if (!doc.hasIn(at)) continue;
    set([...at, 'name'], identity.name);
    set([...at, 'target'], table.target);
    set([...at, 'hyperparameters'], identity.hyperparameters);
    set([...at, 'dataset'], {
      path: identity.datasetPath,
      sha256: identity.datasetSha256,
      rows: table.rows,
      trainRows: identity.trainRows,
    });
  }
  return changed;
}
