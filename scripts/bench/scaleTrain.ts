// Child process of the bench's scale section: trains one forest on the seeded synthetic set, so that its
// peak RSS is training's own, and writes the compact artifact. Usage (with tsx):
//   node --import tsx scripts/bench/scaleTrain.ts <rows> <trees> <artifact path>
// Prints one JSON line: { trainMs, peakRssBytes, nodes, artifactBytes, oldJsonBytes }.
import { writeFile } from 'node:fs/promises';
import {
  encodeArtifact,
  flattenForest,
  type ModelCard,
  nodeBytes,
  trainForest,
} from '../../packages/model/src/index.js';
import { benchData } from './context.js';
import { scaleOptions } from './forests.js';

const [rows, trees, artifactPath] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
if (!Number.isInteger(rows) || !Number.isInteger(trees) || artifactPath === undefined) {
  throw new Error('usage: scaleTrain.ts <rows> <trees> <artifact path>');
}
const { train } = benchData(rows);
const options = scaleOptions(trees);

const started = performance.now();
// One thread, as scikit-learn runs with n_jobs=1.
const forest = await trainForest(train.X, train.y, options, { threads: 1 });
const trainMs = performance.now() - started;
// maxRSS is the high-water mark so far (KiB): training's peak, before anything below allocates.
const peakRssBytes = process.resourceUsage().maxRSS * 1024;

const features = train.X[0]?.length ?? 0;
const card: ModelCard = {
  name: `bench-scale-${rows}`,
  version: '',
  target: 'label',
  features: Array.from({ length: features }, (_, f) => ({
    name: `x${f}`,
    min: Math.min(...train.X.map((row) => row[f] as number)),
    max: Math.max(...train.X.map((row) => row[f] as number)),
  })),
  labels: ['0', '1'],
  metrics: { accuracy: 0, macroF1: 0, holdoutRows: 0, perClass: {}, confusionMatrix: [] },
  featureImportance: {},
  hyperparameters: { ...options, ...options.treeOptions },
  dataset: { path: 'synthetic', sha256: '', rows, trainRows: train.X.length },
  trainer: { library: '@forestfn/model', version: '0.0.0', compatibleWith: 'ml-random-forest@2.1.0' },
};
const flat = flattenForest(forest);
const artifact = encodeArtifact(card, flat);
await writeFile(artifactPath, artifact);
// What the artifact used to be: the card and the forest as ml-random-forest's toJSON(), one JSON text.
const oldJsonBytes = Buffer.byteLength(JSON.stringify({ format: 'forestfn.model/v1', card, forest }));
process.stdout.write(
  `${JSON.stringify({
    trainMs,
    peakRssBytes,
    nodes: flat.nodes.byteLength / nodeBytes,
    artifactBytes: artifact.byteLength,
    oldJsonBytes,
  })}\n`,
);
