import { createClient, type Instance, TimeoutError } from '@forestfn/client';
import { createHandlers, modelCard, modelVersion } from '@forestfn/mock';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ClassifierUnavailableError,
  type Destinations,
  InvalidMeasurementsError,
  minConfidence,
  routeOrder,
} from './routeOrder.js';

const baseUrl = 'https://forestfn.example.test';
const apiKey = 'test-key';
const mock = createHandlers({ baseUrl, apiKey });
const server = setupServer(...mock.handlers);

// Any request the mock does not answer fails the test. msw 3 renamed onUnhandledRequest to
// onUnhandledFrame and ignores the old key, so both are set: this works with msw 2 and msw 3.
const strict = { onUnhandledRequest: 'error', onUnhandledFrame: 'error' } as const;
beforeAll(() => server.listen(strict));
afterEach(() => mock.reset());
afterAll(() => server.close());

const client = createClient({ baseUrl, apiKey, timeoutMs: 200, maxRetries: 2 });

// Measurements for whatever table the API serves, from the model card the mock exports: every feature at
// the low or the high end of what the model saw in training (a categorical one: its first or last category).
function measurementsAt(end: 'low' | 'high'): Instance {
  const values = modelCard.features.map(({ name, min, max, categories }) => {
    const at = end === 'low' ? min : max;
    return [name, categories ? categories[at] : at];
  });
  return Object.fromEntries(values) as Instance;
}
const low = measurementsAt('low');
const high = measurementsAt('high');
// One destination per class the API answers.
const destinations = Object.fromEntries(
  modelCard.labels.map((label, i) => [label, `bay-${i + 1}`]),
) as Destinations;

describe('routeOrder', () => {
  it('sends each item to the destination of its predicted class', async () => {
    for (const [ticket, measurements] of [
      ['T-1', low],
      ['T-2', high],
    ] as const) {
      const [prediction] = (await client.predict([measurements])).predictions;
      if (!prediction) throw new Error('no prediction');
      const { label, probabilities } = prediction;
      await expect(routeOrder(client, { ticket, measurements }, destinations)).resolves.toEqual({
        ticket,
        label,
        destination: destinations[label],
        confidence: probabilities[label],
        manualReview: probabilities[label] < minConfidence,
      });
      expect(Math.max(...Object.values(probabilities))).toBe(probabilities[label]);
    }
  });

  it('is tested against the model the deployment serves, with a destination for each of its classes', async () => {
    const card = await client.getModel();
    expect(card.version).toBe(modelVersion);
    expect(Object.keys(destinations).sort()).toEqual([...card.labels].sort());
  });

  it('turns a validation error into a domain error naming the field to fix', async () => {
    const field = modelCard.features.at(-1)?.name as string;
    const { [field]: _, ...blank } = low as Record<string, unknown>;
    const failure = routeOrder(client, { ticket: 'T-3', measurements: blank as Instance }, destinations);
    await expect(failure).rejects.toThrow(InvalidMeasurementsError);
    await expect(failure).rejects.toMatchObject({ ticket: 'T-3', fields: [field] });
    expect(mock.requestCount('predict')).toBe(1); // a 400 is not retried
  });

  it('rides out a 503: the client retries and the item is routed', async () => {
    mock.failNext(1, { status: 503, retryAfterSeconds: 0 });
    const routing = await routeOrder(client, { ticket: 'T-4', measurements: low }, destinations);
    expect(routing.ticket).toBe('T-4');
    expect(modelCard.labels).toContain(routing.label);
    expect(mock.requestCount('predict')).toBe(2);
  });

  it('parks the item when the classifier keeps failing', async () => {
    mock.failNext(3, { status: 503, retryAfterSeconds: 0 });
    await expect(routeOrder(client, { ticket: 'T-5', measurements: low }, destinations)).rejects.toThrow(
      ClassifierUnavailableError,
    );
    expect(mock.requestCount('predict')).toBe(3);
  });

  it('parks the item when every attempt times out', async () => {
    mock.setLatency(1_000); // longer than the client's 200 ms timeout
    const started = Date.now();
    const failure = await routeOrder(client, { ticket: 'T-6', measurements: low }, destinations).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ClassifierUnavailableError);
    expect((failure as Error).cause).toBeInstanceOf(TimeoutError);
    expect(mock.requestCount('predict')).toBe(3);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('parks the item when the network drops', async () => {
    mock.failNextWithNetworkError(3);
    await expect(routeOrder(client, { ticket: 'T-7', measurements: low }, destinations)).rejects.toThrow(
      ClassifierUnavailableError,
    );
  });
});
