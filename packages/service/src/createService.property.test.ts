// Arbitrary JSON at predict: the answer is a 200 or a 4xx problem, never a 5xx.
import { trainFromConfig } from '@forestfn/model';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureNames } from './contract.js';
import { createService, type Service } from './createService.js';

let service: Service;
beforeAll(async () => {
  const { model } = await trainFromConfig();
  service = createService({ model, maxBodyBytes: 64 * 1024 });
});

async function expectClientOutcome(body: string): Promise<void> {
  const response = await service.fetch(
    new Request('http://localhost/api/predict', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    }),
  );
  const type = response.headers.get('content-type');
  if (response.status === 200) {
    expect(type).toBe('application/json');
    JSON.parse(await response.text());
    return;
  }
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(type).toBe('application/problem+json');
  const problem = JSON.parse(await response.text());
  expect(problem.errors.length).toBeGreaterThan(0);
  expect(problem.errors.length).toBeLessThanOrEqual(20);
}

const anyValue = fc.jsonValue({ maxDepth: 4 });
const feature = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(...featureNames),
  anyValue,
);
const nearRow = fc.array(feature, { minLength: 0, maxLength: 6 });
const nearInstance = fc.dictionary(
  fc.oneof(fc.constantFrom(...featureNames, '__proto__', 'constructor'), fc.string()),
  feature,
  {
    maxKeys: 6,
  },
);

describe('predict under arbitrary input', () => {
  it('answers any JSON value with 200 or a 4xx problem', async () => {
    await fc.assert(
      fc.asyncProperty(anyValue, (value) => expectClientOutcome(JSON.stringify(value))),
      { numRuns: 300 },
    );
  });

  it('answers near-valid rows and instances with 200 or a 4xx problem', async () => {
    const body = fc.oneof(
      fc.array(nearRow, { maxLength: 5 }),
      fc.record({ instances: fc.array(nearInstance, { maxLength: 5 }) }),
      fc.record({ instances: anyValue }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(body, (value) => expectClientOutcome(JSON.stringify(value))),
      { numRuns: 300 },
    );
  });

  it('answers arbitrary text with 200 or a 4xx problem', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 200 }), expectClientOutcome), {
      numRuns: 300,
    });
  });
});
