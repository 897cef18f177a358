// Artifacts for tests: a seeded synthetic forest, trained by the fast trainer, with a minimal valid card.
import { encodeArtifact } from './artifact.js';
import { type ForestJson, type ForestOptions, flattenForest, trainForestSync } from './fast/index.js';
import { type Dataset, syntheticDataset, type ValueKind } from './fast/testdata.js';
import type { ModelCard } from './types.js';

/** A card that passes the loader's checks, for a forest over `features` columns and `labels` classes. */
export function testCard(
  features: number,
  labels: number,
  hyperparameters: Record<string, unknown> = {},
): ModelCard {
  return {
    name: 'test-model',
    version: '',
    target: 'label',
    features: Array.from({ length: features }, (_, f) => ({ name: `x${f}`, min: -1, max: 1 })),
    labels: Array.from({ length: labels }, (_, c) => `class${c}`),
    metrics: { accuracy: 1, macroF1: 1, holdoutRows: 0, perClass: {}, confusionMatrix: [] },
    featureImportance: {},
    hyperparameters,
    dataset: { path: 'synthetic', sha256: '', rows: 0, trainRows: 0 },
    trainer: { library: '@forestfn/model', version: '0.0.0', compatibleWith: 'ml-random-forest@2.1.0' },
  };
}

/** A seeded synthetic artifact: the data, the trainer's forest JSON and the artifact bytes. */
export interface TestArtifact {
  data: Dataset;
  json: ForestJson;
  bytes: Uint8Array;
}

/** Trains `options` on a seeded synthetic set and encodes it with a test card. */
export function testArtifact(spec: {
  rows: number;
  columns: number;
  classes: number;
  seed: number;
  values?: ValueKind;
  options: ForestOptions;
}): TestArtifact {
  const data = syntheticDataset(spec);
  const json = JSON.parse(JSON.stringify(trainForestSync(data.X, data.y, spec.options))) as ForestJson;
  const { treeOptions = {}, ...forest } = spec.options;
  const card = testCard(spec.columns, spec.classes, { ...forest, ...treeOptions });
  return { data, json, bytes: encodeArtifact(card, flattenForest(json)) };
}
