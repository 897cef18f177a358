// Child process of the bench's scale section, bundled to CommonJS like the function app: loads an
// artifact with loadModelSync (read, hash, check, compile) and predicts one row, as functions.js does
// at start-up. Usage: node scaleLoad.cjs <artifact path>
// Prints one JSON line: { loadMs, firstPredictMs, rssBeforeBytes, rssAfterBytes }.
import { loadModelSync } from '../../packages/model/src/index.js';

const path = process.argv[2];
if (path === undefined) throw new Error('usage: scaleLoad.cjs <artifact path>');
const rssBeforeBytes = process.memoryUsage().rss;
const started = performance.now();
const model = loadModelSync(path);
const loaded = performance.now();
model.predict([model.card.features.map((f) => (f.min + f.max) / 2)]);
const ready = performance.now();
process.stdout.write(
  `${JSON.stringify({
    loadMs: loaded - started,
    firstPredictMs: ready - loaded,
    rssBeforeBytes,
    rssAfterBytes: process.memoryUsage().rss,
  })}\n`,
);
