import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RandomForestClassifier } from 'ml-random-forest';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../test/tempDirs.js';
import { artifactVersion } from './artifact.js';
import { readConfig } from './config.js';
import { parseDataset } from './dataset.js';
import { decodeArtifact } from './decodeArtifact.js';
import { exportForest } from './exportForest.js';
import { nodeViews } from './fast/index.js';
import { loadArtifact, loadModel, ModelLoadError, parseModel } from './load.js';
import { createRandom } from './prng.js';
import { readSpecSchema } from './spec.js';
import { stratifiedSplit } from './split.js';
import { trainFromConfig } from './train.js';
import type { Model } from './types.js';

const tempDir = useTempDirs('load');

let bytes: Uint8Array;
let model: Model;
let library: RandomForestClassifier;
let holdout: number[][];
beforeAll(async () => {
  ({ artifact: bytes, model } = await trainFromConfig());
  // The library's own predictor on `pnpm export`'s JSON (exportForest.test.ts checks that export).
  library = RandomForestClassifier.load(
    JSON.parse(JSON.stringify(exportForest(decodeArtifact(bytes)))) as Parameters<
      typeof RandomForestClassifier.load
    >[0],
  );
  const config = await readConfig();
  const data = parseDataset(
    await readFile(config.dataset, 'utf8'),
    config.dataset,
    await readSpecSchema(config.spec),
    config.target,
  );
  holdout = stratifiedSplit(data.y, config.holdout.fraction, config.holdout.seed).holdout.map(
    (row) => data.X[row] as number[],
  );
});

/** The message of the ModelLoadError `run` throws. */
const loadError = async (run: () => unknown) => {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelLoadError);
    return error as ModelLoadError;
  }
  throw new Error('expected a ModelLoadError');
};

/** Generated rows around and beyond the feature ranges, plus rows sitting exactly on split thresholds. */
function generatedRows(count: number): number[][] {
  const random = createRandom(2024);
  const { f64, i32 } = nodeViews(decodeArtifact(bytes).forest.nodes);
  const thresholds = Array.from(f64.filter((_, i) => i % 2 === 0 && (i32[2 * i + 2] as number) >= 0));
  return Array.from({ length: count }, (_, i) =>
    model.card.features.map(({ min, max }) =>
      i % 2 === 0
        ? min - 1 + random() * (max - min + 2)
        : (thresholds[Math.floor(random() * thresholds.length)] as number),
    ),
  );
}

describe('Model.predict', () => {
  it("gives the library's predict labels on the holdout and on generated rows", () => {
    for (const rows of [holdout, generatedRows(2000)]) {
      expect(model.predict(rows).map((p) => p.labelIndex)).toEqual(library.predict(rows));
    }
    expect(holdout).toHaveLength(model.card.metrics.holdoutRows);
  });

  it('gives as probabilities the share of trees voting each label, in card.labels order', () => {
    const rows = generatedRows(200);
    const perTree = library.predictionValues(rows);
    model.predict(rows).forEach((prediction, i) => {
      const treeVotes = perTree.getRow(i);
      const shares = model.card.labels.map(
        (_, c) => treeVotes.filter((v) => v === c).length / treeVotes.length,
      );
      expect(Object.keys(prediction.probabilities)).toEqual(model.card.labels);
      expect(Object.values(prediction.probabilities)).toEqual(shares);
      expect(prediction.label).toBe(model.card.labels[prediction.labelIndex]);
    });
  });

  it('refuses rows of the wrong width or with non-finite values', () => {
    const names = model.card.features.map((feature) => feature.name);
    const width = names.length;
    const ones = Array<number>(width).fill(1);
    expect(() => model.predict([ones.slice(1)])).toThrow(
      `row 0 has ${width - 1} values; the model takes ${width} (${names.join(', ')})`,
    );
    const last = width - 1;
    expect(() => model.predict([ones, ones.with(last, Number.NaN)])).toThrow(
      `row 1, value ${last} (${names[last]}) is not a finite number`,
    );
  });

  it('serves a card nobody can change', () => {
    expect(Object.isFrozen(model.card)).toBe(true);
    expect(Object.isFrozen(model.card.metrics.perClass)).toBe(true);
  });
});

describe('parseModel', () => {
  it('refuses an artifact where one threshold was changed, naming it and what to do', async () => {
    const { nodes } = decodeArtifact(bytes).forest;
    const { i32 } = nodeViews(nodes);
    const split = (i32.findIndex((v, i) => i % 4 === 2 && v >= 0) - 2) / 4;
    const tampered = bytes.slice();
    const view = new DataView(tampered.buffer);
    const at = nodes.byteOffset - bytes.byteOffset + 16 * split;
    view.setFloat64(at, view.getFloat64(at, true) + 0.1, true);
    const error = await loadError(() => parseModel(tampered, 'artifacts/model.bin'));
    expect(error.path).toBe('artifacts/model.bin');
    expect(error.message).toMatch(
      /^Cannot load the model artifact artifacts\/model\.bin: its content hash is [0-9a-f]{16} but its header says [0-9a-f]{16}, so it was changed after training\. Rebuild it with `pnpm train`/,
    );
  });

  it('refuses a card edited after training', async () => {
    const text = new TextDecoder().decode(bytes);
    const at = text.indexOf('"accuracy":0.') + '"accuracy":0.'.length;
    const edited = bytes.slice();
    edited[at] = edited[at] === 0x39 ? 0x38 : 0x39;
    expect((await loadError(() => parseModel(edited, 'm.bin'))).message).toMatch(/changed after training/);
  });

  it('refuses bytes that are not an artifact, a truncated file, and the old JSON artifact', async () => {
    expect(
      (await loadError(() => parseModel(new TextEncoder().encode('hello, world: not a model'), 'm.bin')))
        .message,
    ).toMatch(/^Cannot load the model artifact m\.bin: it is not a forestfn model artifact/);
    expect(
      (await loadError(() => parseModel(bytes.subarray(0, bytes.byteLength - 1), 'm.bin'))).message,
    ).toMatch(/it is truncated: \d+ bytes, but its header describes \d+\. Rebuild it with `pnpm train`/);
    expect(
      (
        await loadError(() =>
          parseModel(new TextEncoder().encode('{"format":"forestfn.model/v1"}'), 'm.json'),
        )
      ).message,
    ).toMatch(/it is a JSON artifact \(forestfn\.model\/v1\)/);
  });

  it('refuses a malformed forest even when its hash was recomputed', async () => {
    const { forest } = decodeArtifact(bytes);
    const crafted = bytes.slice();
    const offset = forest.nodes.byteOffset - bytes.byteOffset;
    // The root of the first tree is a split; point its right child back at itself.
    new DataView(crafted.buffer).setInt32(offset + 12, 0, true);
    crafted.set(new TextEncoder().encode(artifactVersion(crafted)), 16);
    expect((await loadError(() => parseModel(crafted, 'm.bin'))).message).toMatch(
      /the forest is malformed at tree 0, node 0: expected its right child after its left child/,
    );
  });
});

describe('loadModel', () => {
  it('loads and verifies a written artifact', async () => {
    const dir = await tempDir();
    const path = join(dir, 'model.bin');
    await writeFile(path, bytes);
    const loaded = await loadModel(path);
    expect(loaded.card).toEqual(model.card);
    expect(loaded.predict(holdout)).toEqual(model.predict(holdout));
    expect((await loadArtifact(path)).card).toEqual(model.card);
  });

  it('says how to create a missing file', async () => {
    const error = await loadError(() => loadModel('/nonexistent/model.bin'));
    expect(error.path).toBe('/nonexistent/model.bin');
    expect(error.message).toBe(
      'Cannot load the model artifact /nonexistent/model.bin: the file does not exist. Create it with `pnpm train`.',
    );
  });
});
