// Differential test: generated inputs (in range and far out of it, integers and decimals) must give the
// same labels and probabilities from the mock, the local host and the model package called directly.
import fc from 'fast-check';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers } from '../../packages/mock/src/index.js';
import { defaultArtifactPath, loadModel, type Model } from '../../packages/model/src/index.js';
import { predictRows } from '../../packages/service/test/samples.js';
import { startLocalServer } from '../../server/src/local.js';
import { featureNames, maxInstances } from './schemas.js';

const mockUrl = 'http://forestfn-differential.test';
const batches = 4;
const batchSize = 150;

let model: Model;
let localUrl: string;
let closeLocal: () => Promise<void>;
const mswServer = setupServer(...createHandlers({ baseUrl: mockUrl }).handlers);

beforeAll(async () => {
  model = await loadModel(defaultArtifactPath);
  const local = await startLocalServer({ port: 0, host: '127.0.0.1', log: false });
  localUrl = local.url;
  closeLocal = local.close;
  // The local host is real HTTP; only requests to neither host are a mistake.
  mswServer.listen({
    onUnhandledRequest(request, print) {
      if (new URL(request.url).origin !== new URL(localUrl).origin) print.error();
    },
  });
});
afterAll(async () => {
  mswServer.close();
  await closeLocal?.();
});

/** One feature value: mostly within the training range, often far outside it, integers and decimals. */
function featureValue(min: number, max: number): fc.Arbitrary<number> {
  const span = max - min;
  return fc.oneof(
    { weight: 4, arbitrary: fc.double({ min, max, noNaN: true }) },
    { weight: 2, arbitrary: fc.integer({ min: Math.floor(min), max: Math.ceil(max) }) },
    // Values at the decimal precision of the data, where the trees' split thresholds sit.
    {
      weight: 2,
      arbitrary: fc.integer({ min: Math.round(min * 10), max: Math.round(max * 10) }).map((v) => v / 10),
    },
    { weight: 1, arbitrary: fc.double({ min: min - 10 * span, max: max + 10 * span, noNaN: true }) },
    { weight: 1, arbitrary: fc.double({ min: -1e300, max: 1e300, noNaN: true, noDefaultInfinity: true }) },
    { weight: 1, arbitrary: fc.integer({ min: -1e9, max: 1e9 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(0, min, max, -Number.MAX_VALUE, Number.MAX_VALUE, Number.MIN_VALUE),
    },
  );
}

async function postJson(url: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${url}/api/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  return JSON.parse(text);
}

describe('differential: mock, local host and model package', () => {
  it(`agree on ${batches * batchSize} generated inputs, in the typed and the rows form`, async () => {
    expect(batchSize).toBeLessThanOrEqual(maxInstances);
    const ranges = featureNames.map((name) => {
      const stats = model.card.features.find((feature) => feature.name === name);
      if (!stats) throw new Error(`the model has no feature ${name}`);
      return stats;
    });
    // A categorical feature takes one of its categories (anything else is a 400, not a prediction).
    const row = fc.tuple(
      ...ranges.map(
        ({ min, max, categories }): fc.Arbitrary<number | string> =>
          categories ? fc.constantFrom(...categories) : featureValue(min, max),
      ),
    );
    let checked = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: batchSize, maxLength: batchSize }), async (rows) => {
        // JSON has no -0: the services see 0, so the model is given 0 too (the trees cannot tell them apart anyway).
        const sent = rows.map((values) => values.map((value) => (Object.is(value, -0) ? 0 : value)));
        const direct = predictRows(model, sent);
        const expectedTyped = {
          model: { name: model.card.name, version: model.card.version },
          predictions: direct.map(({ label, probabilities }) => ({ label, probabilities })),
        };
        const expectedLabels = direct.map((prediction) => prediction.label);
        const instances = sent.map((values) =>
          Object.fromEntries(featureNames.map((name, i) => [name, values[i]])),
        );
        for (const url of [mockUrl, localUrl]) {
          expect(await postJson(url, { instances })).toEqual(expectedTyped);
          expect(await postJson(url, sent)).toEqual(expectedLabels);
        }
        checked += rows.length;
      }),
      { numRuns: batches, endOnFailure: true },
    );
    expect(checked).toBe(batches * batchSize);
  });
});
