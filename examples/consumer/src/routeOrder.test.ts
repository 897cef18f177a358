import { createClient, TimeoutError } from '@forestfn/client';
import { createHandlers, modelVersion } from '@forestfn/mock';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ClassifierUnavailableError, InvalidMeasurementsError, routeOrder } from './routeOrder.js';

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
const setosa = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };
const virginica = { sepal_length: 6.7, sepal_width: 3.0, petal_length: 5.2, petal_width: 2.3 };

describe('routeOrder', () => {
  it('sends each plant to the greenhouse of its predicted species', async () => {
    await expect(routeOrder(client, { ticket: 'T-1', measurements: setosa })).resolves.toEqual({
      ticket: 'T-1',
      species: 'setosa',
      greenhouse: 'north',
      confidence: 1,
      manualReview: false,
    });
    const routing = await routeOrder(client, { ticket: 'T-2', measurements: virginica });
    expect(routing).toMatchObject({ species: 'virginica', greenhouse: 'south' });
    expect(routing.confidence).toBeGreaterThan(0.5);
  });

  it('is tested against the model the deployment serves', async () => {
    const card = await client.getModel();
    expect(card.version).toBe(modelVersion);
    expect(card.labels).toEqual(['setosa', 'versicolor', 'virginica']);
  });

  it('turns a validation error into a domain error naming the field to fix', async () => {
    const { petal_width: _, ...blank } = setosa;
    const failure = routeOrder(client, { ticket: 'T-3', measurements: blank as typeof setosa });
    await expect(failure).rejects.toThrow(InvalidMeasurementsError);
    await expect(failure).rejects.toMatchObject({ ticket: 'T-3', fields: ['petal_width'] });
    expect(mock.requestCount('predict')).toBe(1); // a 400 is not retried
  });

  it('rides out a 503: the client retries and the plant is routed', async () => {
    mock.failNext(1, { status: 503, retryAfterSeconds: 0 });
    await expect(routeOrder(client, { ticket: 'T-4', measurements: setosa })).resolves.toMatchObject({
      species: 'setosa',
    });
    expect(mock.requestCount('predict')).toBe(2);
  });

  it('parks the plant when the classifier keeps failing', async () => {
    mock.failNext(3, { status: 503, retryAfterSeconds: 0 });
    await expect(routeOrder(client, { ticket: 'T-5', measurements: setosa })).rejects.toThrow(
      ClassifierUnavailableError,
    );
    expect(mock.requestCount('predict')).toBe(3);
  });

  it('parks the plant when every attempt times out', async () => {
    mock.setLatency(1_000); // longer than the client's 200 ms timeout
    const started = Date.now();
    const failure = await routeOrder(client, { ticket: 'T-6', measurements: setosa }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ClassifierUnavailableError);
    expect((failure as Error).cause).toBeInstanceOf(TimeoutError);
    expect(mock.requestCount('predict')).toBe(3);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('parks the plant when the network drops', async () => {
    mock.failNextWithNetworkError(3);
    await expect(routeOrder(client, { ticket: 'T-7', measurements: setosa })).rejects.toThrow(
      ClassifierUnavailableError,
    );
  });
});
