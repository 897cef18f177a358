import { defaultArtifactPath, loadModel } from '@forestfn/model';
import { getResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  featureNames,
  instancePointer,
  predictRows,
  sampleRows,
  toInstance,
} from '../../service/test/samples.js';
import { modelCard, modelVersion } from './bundledModel.js';
import { createHandlers, defaultBaseUrl } from './createHandlers.js';
import { handlers } from './index.js';

const baseUrl = 'http://forestfn.test';
const apiKey = 'test-key';
const mock = createHandlers({ baseUrl, apiKey });
const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  mock.reset();
  server.resetHandlers();
});
afterAll(() => server.close());

// Rows from the spec (its examples, and values over the observed ranges): valid whatever the table.
const rows = sampleRows;
const instances = rows.map(toInstance);
const lastFeature = featureNames.at(-1) as string;

function predict(body: unknown, headers: Record<string, string> = { 'x-functions-key': apiKey }) {
  return fetch(`${baseUrl}/api/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('createHandlers', () => {
  it('answers predictions of the bundled model, identical to the model package called directly', async () => {
    const model = await loadModel(defaultArtifactPath);
    expect(modelCard.features.map((feature) => feature.name)).toEqual(featureNames);
    const expected = predictRows(model, rows);

    const typed = await predict({ instances });
    expect(typed.status).toBe(200);
    expect(typed.headers.get('x-model-version')).toBe(model.card.version);
    expect(await typed.json()).toEqual({
      model: { name: model.card.name, version: model.card.version },
      predictions: expected.map(({ label, probabilities }) => ({ label, probabilities })),
    });

    const bare = await predict(rows);
    expect(await bare.json()).toEqual(expected.map((prediction) => prediction.label));
  });

  it('exposes the bundled model card and version, as GET /api/model answers them', async () => {
    const response = await fetch(`${baseUrl}/api/model?code=${apiKey}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(modelCard);
    expect(modelVersion).toMatch(/^[0-9a-f]{16}$/);
    expect(modelVersion).toBe(modelCard.version);
  });

  it("answers the service's validation errors, auth, 404 and 405", async () => {
    const invalid = await predict({ instances: [{ ...instances[0], [lastFeature]: undefined }] });
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toBe('application/problem+json');
    expect(((await invalid.json()) as { errors: unknown }).errors).toEqual([
      expect.objectContaining({ pointer: instancePointer(lastFeature), code: 'required' }),
    ]);

    expect((await predict({ instances }, {})).status).toBe(401);
    expect((await predict({ instances }, { 'x-functions-key': 'wrong' })).status).toBe(401);
    expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200);

    const missing = await fetch(`${baseUrl}/api/nothing-here`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('not_found');

    // Routed by exact path, like the other hosts (MSW alone would match these loosely).
    for (const path of ['/api', '/api/', '/api/health/', '/API/health', '/api/Health']) {
      expect((await fetch(`${baseUrl}${path}`)).status, path).toBe(404);
    }

    const wrongMethod = await fetch(`${baseUrl}/api/predict`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });

  it('answers 413 to a body over the limit, without waiting for the rest of it', async () => {
    const response = await predict(' '.repeat(2 * 1024 * 1024), { 'x-functions-key': apiKey });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe(
      'payload_too_large',
    );
  });

  it('fails the next N requests with the chosen status, Retry-After and a problem body, then recovers', async () => {
    mock.failNext(2, { status: 429, retryAfterSeconds: 3 });
    for (const _ of [1, 2]) {
      const response = await fetch(`${baseUrl}/api/health`, { headers: { 'x-request-id': 'abc-123' } });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('3');
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('x-request-id')).toBe('abc-123');
      expect(response.headers.get('x-model-version')).toBe(modelVersion);
      expect(await response.json()).toMatchObject({
        status: 429,
        title: 'Too many requests',
        requestId: 'abc-123',
        errors: [],
      });
    }
    expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200);
    expect(mock.requestCount()).toBe(3);
    expect(mock.requestCount('health')).toBe(3);
    expect(mock.requestCount('predict')).toBe(0);
  });

  it('defaults to 503 without Retry-After, and can target one operation', async () => {
    mock.failNext(1, { operation: 'predict' });
    expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200);
    const failed = await predict({ instances });
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBeNull();
    expect((await predict({ instances })).status).toBe(200);
  });

  it('applies queued failures in order', async () => {
    mock.failNext(1, { status: 500 });
    mock.failNextWithNetworkError(1);
    expect((await fetch(`${baseUrl}/api/health`)).status).toBe(500);
    await expect(fetch(`${baseUrl}/api/health`)).rejects.toThrow(TypeError);
    expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200);
  });

  it('fails at the network level: fetch rejects', async () => {
    mock.failNextWithNetworkError(2, { operation: 'health' });
    await expect(fetch(`${baseUrl}/api/health`)).rejects.toThrow(TypeError);
    expect((await predict({ instances })).status).toBe(200);
    await expect(fetch(`${baseUrl}/api/health`)).rejects.toThrow(TypeError);
    expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200);
  });

  it('adds latency, and reset() restores the latency given at creation and drops failures', async () => {
    mock.setLatency(250);
    let started = performance.now();
    expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(245);

    mock.failNext(5);
    mock.reset();
    started = performance.now();
    expect((await fetch(`${baseUrl}/api/health`)).status).toBe(200);
    expect(performance.now() - started).toBeLessThan(200);
    expect(mock.requestCount()).toBe(1);
  });

  it('takes latency from its options', async () => {
    const slow = createHandlers({ baseUrl: 'http://slow.test', latencyMs: 60 });
    server.use(...slow.handlers);
    const started = performance.now();
    expect((await fetch('http://slow.test/api/health')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('leaves other origins and paths outside /api unhandled', async () => {
    expect(await getResponse(mock.handlers, new Request(`${baseUrl}/api/health`))).toBeInstanceOf(Response);
    expect(await getResponse(mock.handlers, new Request('http://elsewhere.test/api/health'))).toBeUndefined();
    expect(await getResponse(mock.handlers, new Request(`${baseUrl}/index.html`))).toBeUndefined();
  });

  it('refuses bad options and arguments', () => {
    expect(() => createHandlers({ baseUrl: 'http://x.test/prefix' })).toThrow(/origin/);
    expect(() => createHandlers({ baseUrl: 'not a url' })).toThrow();
    expect(() => createHandlers({ latencyMs: -1 })).toThrow(RangeError);
    expect(() => mock.failNext(0)).toThrow(RangeError);
    expect(() => mock.failNext(1, { status: 200 })).toThrow(RangeError);
    expect(() => mock.failNext(1, { retryAfterSeconds: 1.5 })).toThrow(RangeError);
    expect(() => mock.failNextWithNetworkError(1.5)).toThrow(RangeError);
    expect(() => mock.setLatency(Number.NaN)).toThrow(RangeError);
  });
});

describe('handlers', () => {
  it('answer on the spec server URL without a key', async () => {
    const local = setupServer(...handlers);
    server.close();
    local.listen({ onUnhandledRequest: 'error' });
    try {
      expect(defaultBaseUrl).toBe('http://localhost:7071');
      const response = await fetch(`${defaultBaseUrl}/api/model`);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-model-version')).toBe(modelVersion);
    } finally {
      local.close();
      server.listen({ onUnhandledRequest: 'error' });
    }
  });
});
