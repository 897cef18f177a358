import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RandomForestClassifier } from 'ml-random-forest';
import { beforeAll, describe, expect, it } from 'vitest';
import { artifactVersion, type ModelArtifact, serializeArtifact } from './artifact.js';
import { readConfig } from './config.js';
import { parseDataset } from './dataset.js';
import { loadModel, ModelLoadError, parseModel } from './load.js';
import { createRandom } from './prng.js';
import { readSpecSchema } from './spec.js';
import { stratifiedSplit } from './split.js';
import { trainFromConfig } from './train.js';
import type { Model } from './types.js';

let text: string;
let model: Model;
let library: RandomForestClassifier;
let holdout: number[][];
beforeAll(async () => {
  ({ artifactJson: text, model } = await trainFromConfig());
  library = RandomForestClassifier.load(
    (JSON.parse(text) as { forest: Parameters<typeof RandomForestClassifier.load>[0] }).forest,
  );
  const config = await readConfig();
  const data = parseDataset(
    await readFile(config.dataset, 'utf8'),
    'iris.csv',
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
  const thresholds = JSON.stringify(JSON.parse(text).forest)
    .match(/"splitValue":[-0-9.e]+/g)
    ?.map((m) => Number(m.slice(13))) as number[];
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
    expect(holdout).toHaveLength(30);
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
    expect(() => model.predict([[1, 2, 3]])).toThrow(
      /row 0 has 3 values; the model takes 4 \(sepal_length, sepal_width, petal_length, petal_width\)/,
    );
    expect(() =>
      model.predict([
        [1, 2, 3, 4],
        [1, Number.NaN, 3, 4],
      ]),
    ).toThrow(/row 1, value 1 \(sepal_width\) is not a finite number/);
  });

  it('serves a card nobody can change', () => {
    expect(Object.isFrozen(model.card)).toBe(true);
    expect(Object.isFrozen(model.card.metrics.perClass)).toBe(true);
  });
});

describe('parseModel', () => {
  it('refuses an artifact where one number was changed, naming it and what to do', async () => {
    const tampered = text.replace(
      /"splitValue":([0-9.]+)/,
      (_, value) => `"splitValue":${Number(value) + 0.1}`,
    );
    expect(tampered).not.toBe(text);
    const error = await loadError(() => parseModel(tampered, 'artifacts/model.json'));
    expect(error.path).toBe('artifacts/model.json');
    expect(error.message).toMatch(
      /^Cannot load the model artifact artifacts\/model\.json: its content hash is [0-9a-f]{16} but card\.version says [0-9a-f]{16}, so it was changed after training\. Rebuild it with `pnpm train`/,
    );
    const card = text.replace('"accuracy":0.', '"accuracy":0.1');
    expect((await loadError(() => parseModel(card, 'm.json'))).message).toMatch(/changed after training/);
  });

  it('refuses text that is not JSON, not an object, or another format', async () => {
    expect((await loadError(() => parseModel(text.slice(0, -1), 'm.json'))).message).toMatch(
      /^Cannot load the model artifact m\.json: it is not valid JSON/,
    );
    expect((await loadError(() => parseModel('[]', 'm.json'))).message).toMatch(/it is not a JSON object/);
    expect(
      (await loadError(() => parseModel(text.replace('forestfn.model/v1', 'forestfn.model/v0'), 'm.json')))
        .message,
    ).toMatch(/its format is "forestfn\.model\/v0", expected "forestfn\.model\/v1"/);
    expect(
      (await loadError(() => parseModel(text.replace(/"version":"[0-9a-f]{16}"/, '"version":"x"'), 'm.json')))
        .message,
    ).toMatch(/it has no card\.version/);
  });

  it('refuses a malformed card or forest even when its hash was recomputed', async () => {
    const rehashed = (edit: (artifact: ModelArtifact) => void) => {
      const artifact = JSON.parse(text) as ModelArtifact;
      edit(artifact);
      artifact.card.version = artifactVersion(artifact);
      return serializeArtifact(artifact);
    };
    const badForest = rehashed((a) => {
      (a.forest.baseModel.indexes[3] as number[])[0] = 9;
    });
    expect((await loadError(() => parseModel(badForest, 'm.json'))).message).toMatch(
      /the forest is malformed at forest\.baseModel\.indexes\[3\]: expected feature indices from 0 to 3/,
    );
    const badCard = rehashed((a) => {
      a.card.labels = [];
    });
    expect((await loadError(() => parseModel(badCard, 'm.json'))).message).toMatch(
      /card\.labels is not a list of labels/,
    );
  });
});

describe('loadModel', () => {
  it('loads and verifies a written artifact', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'forestfn-load-')), 'model.json');
    await writeFile(path, text);
    const loaded = await loadModel(path);
    expect(loaded.card).toEqual(model.card);
    expect(loaded.predict(holdout)).toEqual(model.predict(holdout));
  });

  it('says how to create a missing file', async () => {
    const error = await loadError(() => loadModel('/nonexistent/model.json'));
    expect(error.path).toBe('/nonexistent/model.json');
    expect(error.message).toBe(
      'Cannot load the model artifact /nonexistent/model.json: the file does not exist. Create it with `pnpm train`.',
    );
  });
});
