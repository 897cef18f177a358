import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, relative, resolve, sep } from 'node:path';
import libraryPackage from 'ml-random-forest/package.json' with { type: 'json' };
import { type Document, isMap, isScalar, parseDocument } from 'yaml';
import modelPackage from '../../package.json' with { type: 'json' };
import { ConfigError, parseConfig } from '../config.js';
import { DataError } from '../csv.js';
import { parseDataset } from '../dataset.js';
import { parseSpecSchema, SpecError } from '../spec.js';
import { stratifiedSplit } from '../split.js';
import { cardExamples, deriveSpec, setValue, specTextOptions } from './derive.js';
import { writeModelPart } from './specModel.js';
import { summarizeTable, type TableSummary } from './table.js';

export { deriveSpec, deriveSpecText, specTextOptions } from './derive.js';
export { writeFilesTogether } from './files.js';
export {
  nativeHyperparameters,
  planSklearnAdoption,
  type SklearnAdoptionPlan,
  type SklearnAdoptOptions,
} from './sklearn.js';
export { canonicalOrder, type FeatureColumn, summarizeTable, type TableSummary } from './table.js';

/** The parts of `model.config.json` a new dataset starts from (they are tuned per dataset afterwards). */
export interface ConfigDefaults {
  hyperparameters: Record<string, unknown>;
  holdout: { fraction: number; seed: number };
  gate: Record<string, number>;
}

export interface AdoptOptions {
  /** The repository: `model.config.json` is read and written here, the CSV copied into its `data/`. */
  root: string;
  /** The CSV to adopt. */
  csv: string;
  /** The column the model predicts; every other column is a feature. */
  target: string;
  /** The model's name; defaults to the current one when re-adopting the same dataset, else the file's name. */
  name?: string;
  /** Where a new dataset's hyperparameters, holdout and gate come from. */
  defaults: ConfigDefaults;
}

/** What either way of adopting would write: the spec and the config, validated, among `files`. */
export interface PlannedFiles {
  /** Absolute path -> new content, written all together or not at all (`writeFilesTogether`). */
  files: Map<string, string | Uint8Array>;
  specPath: string;
  specText: string;
  configPath: string;
  config: Record<string, unknown>;
  /** The spec paths adopt changed (empty when the spec already described the model). */
  specChanges: string[];
}

/** Everything adopt would write (the spec, model.config.json, the CSV in data/ and data/README.md). */
export interface AdoptionPlan extends PlannedFiles {
  table: TableSummary;
}

/** The card's trainer for a forest forestfn grows (as train.ts writes it). */
const forestfnTrainer = {
  library: modelPackage.name,
  version: modelPackage.version,
  compatibleWith: `${libraryPackage.name}@${libraryPackage.version}`,
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A model name from a file's name: its stem (less `drop`), lower case, other characters as `-`. */
export function slug(file: string, drop?: RegExp): string {
  const stem = file.replace(/\.[^.]*$/, '');
  return (
    (drop ? stem.replace(drop, '') : stem)
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'model'
  );
}

/** The config adopt replaces, as plain JSON ({} when there is none yet); a ConfigError when it is not JSON. */
export async function readCurrentConfig(configPath: string): Promise<Record<string, unknown>> {
  const configText = await readFile(configPath, 'utf8').catch(() => undefined);
  if (configText === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(configText);
  } catch (error) {
    throw new ConfigError(
      configPath,
      `${configPath} is not valid JSON (${(error as Error).message}); fix it first.`,
    );
  }
  return isRecord(parsed) ? parsed : {};
}

async function readText(path: string, shown: string): Promise<{ bytes: Buffer; text: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new DataError(shown, undefined, undefined, `cannot be read (${reason})`);
  }
  try {
    return { bytes, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    throw new DataError(shown, undefined, undefined, 'is not UTF-8 text');
  }
}

/**
 * JSON as the repository's formatter (biome) leaves it: two-space indents, and an object or list of plain
 * values on one line when it fits in 110 columns, like the hand-written model.config.json.
 */
export function formatJson(value: unknown, indent = '', lead = 0): string {
  const inner = `${indent}  `;
  if (Array.isArray(value) || isRecord(value)) {
    const entries = Array.isArray(value)
      ? value.map((item) => ['', item] as const)
      : Object.entries(value).map(([key, item]) => [`${JSON.stringify(key)}: `, item] as const);
    if (entries.length === 0) return Array.isArray(value) ? '[]' : '{}';
    const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{ ', ' }'];
    const flat = entries.every(([, item]) => item === null || typeof item !== 'object');
    const line = `${open}${entries.map(([key, item]) => `${key}${JSON.stringify(item)}`).join(', ')}${close}`;
    if (flat && indent.length + lead + line.length + 1 <= 110) return line;
    const lines = entries.map(([key, item]) => `${inner}${key}${formatJson(item, inner, key.length)}`);
    return `${open.trim()}\n${lines.join(',\n')}\n${indent}${close.trim()}`;
  }
  return JSON.stringify(value);
}

/** data/README.md with a provenance stub for `file` when it has no section (`## \`file\``) yet. */
export function withProvenanceStub(readme: string, file: string): string {
  if (readme.split('\n').some((line) => line.startsWith(`## \`${file}\``))) return readme;
  const stub = [
    `## \`${file}\``,
    '',
    'TODO (added by `pnpm adopt`): where this data comes from (source, citation), how this copy was',
    'made, and the licence it is used under.',
    '',
    '',
  ].join('\n');
  const next = readme.search(/^## Using your own dataset/m);
  if (next >= 0) return `${readme.slice(0, next)}${stub}${readme.slice(next)}`;
  return `${readme.trim() === '' ? '# Training data' : readme.trimEnd()}\n\n${stub.trimEnd()}\n`;
}

/** The accuracy of always answering the table's most common class, plus a point, rounded up. */
export function beatMajority(table: Pick<TableSummary, 'y' | 'labels'>): number {
  const counts = new Array<number>(table.labels.length).fill(0);
  for (const label of table.y) counts[label] = (counts[label] ?? 0) + 1;
  const majority = Math.max(...counts) / Math.max(1, table.y.length);
  return Math.min(0.99, Math.ceil((majority + 0.01) * 100) / 100);
}

/**
 * Plans adopting a CSV: reads and checks it, writes the model's part of the spec from it (keeping what a
 * person wrote), derives the parts that repeat it, and makes the config, the data copy and its provenance
 * stub. Everything is checked as the trainer will check it before anything is returned; nothing is
 * written (see `writeFilesTogether`). Throws DataError (file:line:column), SpecError or ConfigError.
 */
export async function planAdoption(options: AdoptOptions): Promise<AdoptionPlan> {
  const root = resolve(options.root);
  const source = resolve(options.csv);
  const { bytes, text } = await readText(source, options.csv);
  const table = summarizeTable(text, options.csv, options.target);

  const file = basename(source);
  const datasetPath = `data/${file}`;
  const destination = resolve(root, 'data', file);
  const configPath = resolve(root, 'model.config.json');
  const current = await readCurrentConfig(configPath);
  // Re-adopting the same dataset keeps what a person tuned; a new one starts from the defaults.
  const same = current.dataset === datasetPath;
  const from = same ? current : options.defaults;
  const pick = <T>(key: keyof ConfigDefaults): T => (from[key] ?? options.defaults[key]) as T;
  const name = options.name ?? (same && typeof current.name === 'string' ? current.name : slug(file));
  const specRelative = typeof current.spec === 'string' ? current.spec : 'spec/openapi.yaml';
  const config = {
    name,
    spec: specRelative,
    dataset: datasetPath,
    target: table.target,
    hyperparameters: pick<Record<string, unknown>>('hyperparameters'),
    holdout: pick<ConfigDefaults['holdout']>('holdout'),
    // A new table's gate starts at "beat always answering the most common class"; a person tightens it.
    gate: same
      ? pick<Record<string, number>>('gate')
      : { ...options.defaults.gate, minAccuracy: beatMajority(table) },
  };
  const configJson = `${formatJson(config)}\n`;
  const parsedConfig = parseConfig(configJson, configPath);

  const specPath = resolve(root, specRelative);
  const specShown = relative(root, specPath).split(sep).join('/');
  const specSource = await readFile(specPath, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new SpecError(specPath, `Cannot read the API spec ${specPath} (${error.code ?? error.message}).`);
  });
  const doc = parseDocument(specSource);
  if (doc.errors.length > 0)
    throw new SpecError(specPath, `${specShown}: is not valid YAML (${doc.errors[0]?.message})`);
  const { treeOptions, ...forest } = parsedConfig.hyperparameters;
  const { maxDepth, minNumSamples, gainThreshold, ...otherTreeOptions } = treeOptions;
  const specChanges = writeModelPart(doc, specShown, table, {
    name,
    datasetPath,
    datasetSha256: createHash('sha256').update(bytes).digest('hex'),
    trainRows: stratifiedSplit(table.y, parsedConfig.holdout.fraction, parsedConfig.holdout.seed).train
      .length,
    // As the model card records them (train.ts): the tree options beside the forest's.
    hyperparameters: { ...forest, maxDepth, minNumSamples, gainThreshold, ...otherTreeOptions },
  });
  dropImportExample(doc, specChanges);
  specChanges.push(...deriveSpec(doc, specShown));
  const specText = specChanges.length > 0 ? doc.toString(specTextOptions) : specSource;

  // What the trainer will do next must work: the spec reads back and the data parses against it.
  parseDataset(text, options.csv, parseSpecSchema(specText, specShown), table.target);

  const files = new Map<string, string | Uint8Array>([
    [specPath, specText],
    [configPath, configJson],
  ]);
  if (destination !== source) files.set(destination, bytes);
  const readmePath = resolve(root, 'data', 'README.md');
  const readme = (await readFile(readmePath, 'utf8').catch(() => undefined)) ?? '';
  files.set(readmePath, withProvenanceStub(readme, file));
  return { files, specPath, specText, configPath, config, table, specChanges };
}

/** A table replaces an imported model: the model card examples no longer say it was imported. */
function dropImportExample(doc: Document, changed: string[]): void {
  const examples = doc.getIn(cardExamples, true);
  if (!isMap(examples)) return;
  for (const pair of examples.items) {
    const key = String(isScalar(pair.key) ? pair.key.value : pair.key);
    const at = [...cardExamples, key, 'value'];
    if (!doc.hasIn([...at, 'importedFrom'])) continue;
    doc.deleteIn([...at, 'importedFrom']);
    changed.push(`${at.join('.')}.importedFrom`);
    setValue(doc, [...at, 'trainer'], forestfnTrainer, changed);
  }
}
