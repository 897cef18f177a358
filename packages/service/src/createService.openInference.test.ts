// The Open Inference Protocol V2 routes as the service serves them: the same model, limits and key as
// /api, and the protocol's `{"error": "..."}` for every refusal.
import { type Model, trainFromConfig } from '@forestfn/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { exampleRows, inferBody, labelsFor, sampleRows } from '../test/samples.js';
import { createService, type Service } from './createService.js';
import { spec } from './generated/spec.js';

const base = 'http://localhost:7071';
const key = 'v2-test-key';
const sentinel = 'SENTINEL-7f3a';

let model: Model;
let open: Service;
let keyed: Service;
beforeAll(async () => {
  ({ model } = await trainFromConfig());
  open = createService({ model });
  keyed = createService({ model, apiKey: key, maxBodyBytes: 4096 });
});

const get = (service: Service, path: string, headers: Record<string, string> = {}) =>
  service.fetch(new Request(`${base}${path}`, { headers }));
const post = (service: Service, path: string, body: string, headers: Record<string, string> = {}) =>
  service.fetch(
    new Request(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    }),
  );
const inferPath = () => `/v2/models/${model.card.name}/infer`;

/** The protocol's error body: JSON with one string, quoting nothing that was sent. */
async function errorOf(response: Response): Promise<string> {
  expect(response.headers.get('content-type')).toBe('application/json');
  expect(response.headers.get('x-request-id')).toBeTruthy();
  expect(response.headers.get('x-model-version')).toBe(model.card.version);
  const text = await response.text();
  expect(text).not.toContain(sentinel);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error).toBe('string');
  return body.error as string;
}

interface Output {
  name: string;
  datatype: string;
  shape: number[];
  data: unknown[];
}

describe('Open Inference Protocol V2 routes', () => {
  it('serves server metadata, liveness and readiness without a key', async () => {
    const metadata = await get(keyed, '/v2');
    expect(metadata.status).toBe(200);
    expect(await metadata.json()).toEqual({ name: 'forestfn', version: spec.info.version, extensions: [] });
    expect(await (await get(keyed, '/v2/health/live')).json()).toEqual({ live: true });
    expect(await (await get(keyed, '/v2/health/ready')).json()).toEqual({ ready: true, live: true });
    const ready = await get(keyed, `/v2/models/${model.card.name}/ready`);
    expect(await ready.json()).toEqual({ name: model.card.name, ready: true });
    const versioned = await get(keyed, `/v2/models/${model.card.name}/versions/${model.card.version}/ready`);
    expect(versioned.status).toBe(200);
  });

  it('answers what /api/predict answers, in the metadata order, with the request id echoed', async () => {
    const rows = sampleRows;
    const response = await post(open, inferPath(), inferBody(rows, { id: 'req-42' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const answer = (await response.json()) as { id: string; model_version: string; outputs: Output[] };
    expect(answer.id).toBe('req-42');
    expect(answer.model_version).toBe(model.card.version);
    const [label, probabilities] = answer.outputs;
    expect(label?.data).toEqual(labelsFor(model, rows));
    const predicted = (await (
      await post(open, '/api/predict', JSON.stringify({ instances: rows.map((row) => toNamed(row)) }))
    ).json()) as { predictions: { label: string; probabilities: Record<string, number> }[] };
    expect(label?.data).toEqual(predicted.predictions.map((p) => p.label));
    const metadata = (await (await get(open, `/v2/models/${model.card.name}`)).json()) as {
      properties: { labels: string };
    };
    const order = JSON.parse(metadata.properties.labels) as string[];
    expect(probabilities?.shape).toEqual([rows.length, order.length]);
    expect(probabilities?.data).toEqual(
      predicted.predictions.flatMap((p) => order.map((name) => p.probabilities[name])),
    );
  });

  it('answers on the versioned path for this version only', async () => {
    const path = `/v2/models/${model.card.name}/versions/${model.card.version}/infer`;
    expect((await post(open, path, inferBody(exampleRows))).status).toBe(200);
    const other = await post(
      open,
      path.replace(model.card.version, '0123456789abcdef'),
      inferBody(exampleRows),
    );
    expect(other.status).toBe(404);
    expect(await errorOf(other)).toContain('Unknown model');
  });

  it('refuses another model with 404 before reading its body', async () => {
    const response = await post(open, `/v2/models/${sentinel}/infer`, 'x'.repeat(10));
    expect(response.status).toBe(404);
    await errorOf(response);
    expect((await get(open, `/v2/models/${sentinel}`)).status).toBe(404);
    expect((await get(open, `/v2/models/${sentinel}/ready`)).status).toBe(404);
  });

  it('needs the key for model metadata and inference, and says where it goes', async () => {
    for (const response of [
      await post(keyed, inferPath(), inferBody(exampleRows)),
      await get(keyed, `/v2/models/${model.card.name}`),
      await post(keyed, inferPath(), inferBody(exampleRows), { 'x-functions-key': sentinel }),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('x-functions-key');
      expect(await errorOf(response)).toContain('function key');
    }
    const withKey = await post(keyed, inferPath(), inferBody(exampleRows), { 'x-functions-key': key });
    expect(withKey.status).toBe(200);
  });

  it('fails closed when an unguarded catch-all is handed a keyed V2 route', async () => {
    const response = await open.fallback(
      new Request(`${base}${inferPath()}`, { method: 'POST', body: inferBody(exampleRows) }),
    );
    expect(response.status).toBe(401);
    await errorOf(response);
  });

  it('applies the body limit of /api: 413 unread', async () => {
    const response = await post(
      keyed,
      inferPath(),
      inferBody(exampleRows, { id: 'x', pad: 'y'.repeat(5000) }),
      { 'x-functions-key': key },
    );
    expect(response.status).toBe(413);
    await errorOf(response);
  });

  it('reads the body as JSON whatever its Content-Type, and refuses binary tensors with 400', async () => {
    for (const type of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', undefined]) {
      const headers = new Headers(type === undefined ? {} : { 'content-type': type });
      const request = new Request(`${base}${inferPath()}`, {
        method: 'POST',
        headers,
        body: inferBody(exampleRows),
      });
      if (type === undefined) request.headers.delete('content-type');
      expect((await open.fetch(request)).status).toBe(200);
    }
    const binary = await post(open, inferPath(), inferBody(exampleRows), {
      'inference-header-content-length': '10',
    });
    expect(binary.status).toBe(400);
    expect(await errorOf(binary)).toContain('binary');
  });

  it.each([
    ['not JSON', `{"inputs": [${sentinel}`],
    ['an empty body', ''],
    ['invalid UTF-8', '\u00ff'],
    [
      'a name given twice',
      inferBody(exampleRows).replace('{"inputs"', `{"id":"${sentinel}","id":"b","inputs"`),
    ],
    ['a string value', inferBody(exampleRows).replace(/"data":\[\[[^,\]]+/, `"data":[["${sentinel}"`)],
    ['an overflowing value', inferBody(exampleRows).replace(/"data":\[\[[^,\]]+/, '"data":[[1e999')],
  ])('refuses %s with 400 and the protocol error', async (_, body) => {
    const bytes = body === '\u00ff' ? new Uint8Array([0x7b, 0xff, 0x7d]) : body;
    const response = await open.fetch(
      new Request(`${base}${inferPath()}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: bytes,
      }),
    );
    expect(response.status).toBe(400);
    await errorOf(response);
  });

  it('answers an unknown route under /v2 with 404 and a wrong method with 405, as the protocol error', async () => {
    const missing = await get(open, `/v2/${sentinel}`);
    expect(missing.status).toBe(404);
    await errorOf(missing);
    const method = await get(open, inferPath());
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('POST');
    await errorOf(method);
    // /api keeps its problem+json.
    expect((await get(open, '/api/nope')).headers.get('content-type')).toBe('application/problem+json');
  });
});

const toNamed = (row: readonly unknown[]) =>
  Object.fromEntries(model.card.features.map((feature, i) => [feature.name, row[i]]));
