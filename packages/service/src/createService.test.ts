import { type Model, trainFromConfig } from '@forestfn/model';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  categoricalFeatures,
  exampleRows,
  featureNames,
  instancePointer,
  labelsFor,
  numericFeatures,
  predictRows,
  type Row,
  rowWith,
  toInstance,
  twoLabelledRows,
  unknownCategoryOf,
  wrongTypeFor,
} from '../test/samples.js';
import { createService, type LogEntry, type Service } from './createService.js';
import { spec } from './generated/spec.js';
import type { ProblemBody } from './problem.js';

const base = 'http://localhost:7071';
// The spec's first example row (valid whatever the table), as a row and as an instance.
const exampleRow = exampleRows[0] as Row;
const example = toInstance(exampleRow);
const exampleBody = JSON.stringify([exampleRow]);
// Put into bad bodies to check that no answer ever repeats a value it was sent.
const sentinel = 'SENTINEL-7f3a';

let model: Model;
let service: Service;
let entries: LogEntry[];
// Two rows the model answers with different labels, and those labels.
let rowA: Row;
let rowB: Row;
let labelA: string;
let labelB: string;

beforeAll(async () => {
  ({ model } = await trainFromConfig());
  entries = [];
  service = createService({ model, log: (entry) => entries.push(entry) });
  const [a, b] = await twoLabelledRows(model);
  ({ row: rowA, label: labelA } = a);
  ({ row: rowB, label: labelB } = b);
});

const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  service.fetch(new Request(`${base}/api/predict`, { method: 'POST', headers, body }));

async function problemOf(response: Response): Promise<ProblemBody> {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(response.headers.get('x-request-id')).toBeTruthy();
  expect(response.headers.get('x-model-version')).toBe(model.card.version);
  const text = await response.text();
  expect(text).not.toContain(sentinel);
  const problem = JSON.parse(text) as ProblemBody;
  expect(problem).toMatchObject({ status: response.status, requestId: response.headers.get('x-request-id') });
  for (const key of ['type', 'title', 'detail'] as const) expect(typeof problem[key]).toBe('string');
  expect(problem.errors.length).toBeGreaterThan(0);
  return problem;
}

describe('predict', () => {
  it('answers the seed form exactly as the old service did', async () => {
    const response = await service.fetch(
      new Request(`${base}/api/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: exampleBody,
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const answer = (await response.json()) as string[];
    expect(answer).toEqual(labelsFor(model, [exampleRow]));
    expect(model.card.labels).toContain(answer[0]);
  });

  it('answers bare rows with one label per row, in order', async () => {
    const response = await post(JSON.stringify([rowA, rowB, rowA]));
    expect(await response.json()).toEqual([labelA, labelB, labelA]);
  });

  it('answers the typed form with labels, probabilities and the model identity', async () => {
    const response = await post(JSON.stringify({ instances: [toInstance(rowA), toInstance(rowB)] }));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-model-version')).toBe(model.card.version);
    const body = (await response.json()) as {
      model: { name: string; version: string };
      predictions: { label: string; probabilities: Record<string, number> }[];
    };
    expect(body.model).toEqual({ name: model.card.name, version: model.card.version });
    expect(body.predictions.map((prediction) => prediction.label)).toEqual([labelA, labelB]);
    const expected = predictRows(model, [rowA, rowB]);
    body.predictions.forEach((prediction, index) => {
      expect(Object.keys(prediction.probabilities)).toEqual(model.card.labels);
      expect(prediction.probabilities).toEqual(expected[index]?.probabilities);
      const total = Object.values(prediction.probabilities).reduce((sum, share) => sum + share, 0);
      expect(total).toBeCloseTo(1, 9);
    });
  });

  it('reads typed features by name, whatever their order in the object', async () => {
    // The features in reverse order, and a row whose first feature's value is not the first one's.
    const shuffled = Object.fromEntries(Object.entries(toInstance(rowB)).reverse());
    const body = (await (await post(JSON.stringify({ instances: [shuffled] }))).json()) as {
      predictions: { label: string }[];
    };
    expect(body.predictions[0]?.label).toBe(labelB);
  });

  it('accepts JSON content types with a UTF-8 charset or a +json suffix', async () => {
    for (const type of [
      'application/json; charset=utf-8',
      'Application/JSON;charset="UTF-8"',
      'application/vnd.api+json',
    ]) {
      const response = await post(exampleBody, { 'content-type': type });
      expect(response.status, type).toBe(200);
    }
  });

  it('answers 1000 rows, the maximum, in one request', async () => {
    const rows = Array.from({ length: 1000 }, (_, index) => (index % 2 === 0 ? rowA : rowB));
    const labels = (await (await post(JSON.stringify(rows))).json()) as string[];
    expect(labels).toHaveLength(1000);
    expect(labels.slice(0, 2)).toEqual([labelA, labelB]);
    expect(labels.slice(-2)).toEqual([labelA, labelB]);
  });
});

describe('the other routes', () => {
  it('GET /api/model answers the model card', async () => {
    const response = await service.fetch(new Request(`${base}/api/model`));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(model.card)));
  });

  it('GET /api/health answers ok with the model identity and uptime', async () => {
    const body = (await (await service.fetch(new Request(`${base}/api/health`))).json()) as Record<
      string,
      unknown
    >;
    expect(body).toEqual({
      status: 'ok',
      ready: true,
      model: { name: model.card.name, version: model.card.version },
      uptimeSeconds: expect.any(Number),
    });
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it('GET /api/openapi.json answers the spec', async () => {
    const response = await service.fetch(new Request(`${base}/api/openapi.json`));
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual(spec);
  });

  it('lists the routes the spec declares, with their methods and auth', () => {
    expect(service.routes).toEqual([
      { operationId: 'predict', path: '/api/predict', methods: ['POST'], auth: 'function' },
      { operationId: 'getModel', path: '/api/model', methods: ['GET'], auth: 'function' },
      { operationId: 'health', path: '/api/health', methods: ['GET'], auth: 'anonymous' },
      { operationId: 'getOpenApi', path: '/api/openapi.json', methods: ['GET'], auth: 'anonymous' },
      { operationId: 'getDocs', path: '/api/docs', methods: ['GET'], auth: 'anonymous' },
      { operationId: 'getDocsAsset', path: '/api/docs/{asset}', methods: ['GET'], auth: 'anonymous' },
      { operationId: 'v2ServerMetadata', path: '/v2', methods: ['GET'], auth: 'anonymous' },
      { operationId: 'v2ServerLive', path: '/v2/health/live', methods: ['GET'], auth: 'anonymous' },
      { operationId: 'v2ServerReady', path: '/v2/health/ready', methods: ['GET'], auth: 'anonymous' },
      { operationId: 'v2ModelMetadata', path: '/v2/models/{name}', methods: ['GET'], auth: 'function' },
      {
        operationId: 'v2ModelVersionMetadata',
        path: '/v2/models/{name}/versions/{version}',
        methods: ['GET'],
        auth: 'function',
      },
      { operationId: 'v2ModelReady', path: '/v2/models/{name}/ready', methods: ['GET'], auth: 'anonymous' },
      {
        operationId: 'v2ModelVersionReady',
        path: '/v2/models/{name}/versions/{version}/ready',
        methods: ['GET'],
        auth: 'anonymous',
      },
      { operationId: 'v2ModelInfer', path: '/v2/models/{name}/infer', methods: ['POST'], auth: 'function' },
      {
        operationId: 'v2ModelVersionInfer',
        path: '/v2/models/{name}/versions/{version}/infer',
        methods: ['POST'],
        auth: 'function',
      },
    ]);
  });

  it('has a handler per operation that answers whatever the URL, and 405 for another method', async () => {
    const health = await service.handlers.health(new Request('https://example.net/anything'));
    expect(health.status).toBe(200);
    const predict = await service.handlers.predict(
      new Request('https://example.net/x', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: exampleBody,
      }),
    );
    expect(predict.status).toBe(200);
    const wrong = await service.handlers.getModel(new Request(`${base}/api/model`, { method: 'DELETE' }));
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });
});

describe('auth', () => {
  let keyed: Service;
  beforeAll(() => {
    keyed = createService({ model, apiKey: 'k3y-for-tests' });
  });
  const predictWith = (url: string, headers: Record<string, string> = {}) =>
    keyed.fetch(
      new Request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: exampleBody,
      }),
    );

  it('accepts the key as the x-functions-key header', async () => {
    const response = await predictWith(`${base}/api/predict`, { 'x-functions-key': 'k3y-for-tests' });
    expect(response.status).toBe(200);
  });

  it('accepts the key as the code query parameter', async () => {
    expect((await predictWith(`${base}/api/predict?code=k3y-for-tests`)).status).toBe(200);
    expect((await keyed.fetch(new Request(`${base}/api/model?code=k3y-for-tests`))).status).toBe(200);
  });

  it('refuses a missing, wrong or differently sized key with 401', async () => {
    for (const headers of [
      {},
      { 'x-functions-key': 'k3y-for-test' },
      { 'x-functions-key': 'k3y-for-tests-and-more' },
    ]) {
      const response = await predictWith(`${base}/api/predict`, headers);
      expect(response.status).toBe(401);
      // RFC 9110: a 401 names its scheme; this one says where the key goes.
      expect(response.headers.get('www-authenticate')).toMatch(/^ApiKey .*header="x-functions-key"/);
      const problem = await problemOf(response);
      expect(problem.errors).toEqual([{ pointer: '', code: 'unauthorized', detail: expect.any(String) }]);
    }
    expect((await predictWith(`${base}/api/predict?code=wrong`)).status).toBe(401);
    expect((await keyed.fetch(new Request(`${base}/api/model`))).status).toBe(401);
  });

  it('checks the key before reading the body', async () => {
    const response = await keyed.fetch(
      new Request(`${base}/api/predict`, { method: 'POST', body: 'not json' }),
    );
    expect(response.status).toBe(401);
  });

  it('fallback (for an unguarded catch-all) refuses keyed operations unless it checks a key itself', async () => {
    const rows = exampleBody;
    const viaFallback = (target: Service, path: string, init: RequestInit = {}) =>
      target.fallback(new Request(`${base}${path}`, init));
    const predictInit = { method: 'POST', headers: { 'content-type': 'application/json' }, body: rows };
    const refused = await viaFallback(service, '/api/predict', predictInit);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^ApiKey /);
    expect((await viaFallback(service, '/api/model')).status).toBe(401);
    expect((await viaFallback(service, '/api/health')).status).toBe(200);
    expect((await viaFallback(service, '/api/nothing')).status).toBe(404);
    const withKey = {
      ...predictInit,
      headers: { ...predictInit.headers, 'x-functions-key': 'k3y-for-tests' },
    };
    expect((await viaFallback(keyed, '/api/predict', withKey)).status).toBe(200);
    expect((await viaFallback(keyed, '/api/predict', predictInit)).status).toBe(401);
  });

  it('keeps health and the spec open', async () => {
    expect((await keyed.fetch(new Request(`${base}/api/health`))).status).toBe(200);
    expect((await keyed.fetch(new Request(`${base}/api/openapi.json`))).status).toBe(200);
  });

  it('needs no key when none is configured', async () => {
    expect((await post(exampleBody)).status).toBe(200);
    expect((await service.fetch(new Request(`${base}/api/model`))).status).toBe(200);
  });

  it('refuses an empty key at creation', () => {
    expect(() => createService({ model, apiKey: '' })).toThrow(/apiKey is empty/);
  });
});

describe('request ids', () => {
  it('echoes a valid x-request-id on success and on errors', async () => {
    for (const path of ['/api/health', '/api/nowhere']) {
      const response = await service.fetch(
        new Request(`${base}${path}`, { headers: { 'x-request-id': 'abc-123:x.y_z' } }),
      );
      expect(response.headers.get('x-request-id')).toBe('abc-123:x.y_z');
    }
  });

  it('generates a UUID when none or an invalid one is sent', async () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const ids = new Set<string>();
    for (const headers of [
      {},
      { 'x-request-id': 'has space' },
      { 'x-request-id': 'x'.repeat(129) },
      { 'x-request-id': '' },
    ]) {
      const id =
        (await service.fetch(new Request(`${base}/api/health`, { headers }))).headers.get('x-request-id') ??
        '';
      expect(id).toMatch(uuid);
      ids.add(id);
    }
    expect(ids.size).toBe(4);
  });

  it('logs each request with its id and path, without the query', async () => {
    entries.length = 0;
    await service.fetch(
      new Request(`${base}/api/health?code=secret`, { headers: { 'x-request-id': 'log-1' } }),
    );
    expect(entries).toEqual([
      { method: 'GET', path: '/api/health', status: 200, ms: expect.any(Number), requestId: 'log-1' },
    ]);
  });
});

// Each bad input with the status, code and pointer it must get. Values go into features chosen by
// position (whatever the table), and the cases about numbers into a numeric feature, when there is one.
const rows = (count: number) => JSON.stringify(Array.from({ length: count }, () => exampleRow));
const at = (position: number) => position % featureNames.length;
const nameAt = (position: number) => featureNames[at(position)] as string;
const lastName = featureNames.at(-1) as string;
const numeric = featureNames.indexOf(numericFeatures[Math.min(1, numericFeatures.length - 1)] ?? '');
const numericName = featureNames[numeric] as string;
const categorical = featureNames.indexOf(categoricalFeatures[0] ?? '');
const categoricalName = featureNames[categorical] as string;
let extraName = 'colour';
while (featureNames.includes(extraName)) extraName = `${extraName}_`;
const rowBody = (row: unknown[]) => JSON.stringify([row]);
const instanceBody = (instance: Record<string, unknown>) => JSON.stringify({ instances: [instance] });
const exampleText = JSON.stringify(example);
type BadBody = [name: string, body: string, status: number, code: string, pointer: string];
const badBodies: BadBody[] = [
  // A row cut inside a string, before it has too many values.
  [
    'malformed JSON',
    `[[${[...exampleRow.slice(0, -2).map((v) => JSON.stringify(v)), `"${sentinel}`].join(', ')}`,
    400,
    'invalid_json',
    '',
  ],
  ['an empty body', '', 400, 'empty_body', ''],
  ['a whitespace body', ' \n\t ', 400, 'empty_body', ''],
  ['an empty array', '[]', 400, 'too_few_items', ''],
  ['a number', '42', 400, 'invalid_type', ''],
  ['a string', JSON.stringify(sentinel), 400, 'invalid_type', ''],
  ['null', 'null', 400, 'invalid_type', ''],
  ['a boolean', 'true', 400, 'invalid_type', ''],
  ['a short row', rowBody(exampleRow.slice(0, -1)), 400, 'too_few_items', '/0'],
  ['a long row', rowBody([...exampleRow, 9]), 400, 'too_many_items', '/0'],
  ['an empty row', '[[]]', 400, 'too_few_items', '/0'],
  [
    'a value of the wrong type in a row',
    rowBody(rowWith(at(2), wrongTypeFor(nameAt(2), sentinel))),
    400,
    'invalid_type',
    `/0/${at(2)}`,
  ],
  ['null in a row', rowBody(rowWith(at(2), null)), 400, 'invalid_type', `/0/${at(2)}`],
  ['bare NaN (not JSON)', `[[NaN${', 1'.repeat(featureNames.length - 1)}]]`, 400, 'invalid_json', ''],
  ['an array in a row', rowBody(rowWith(at(1), [exampleRow[at(1)]])), 400, 'invalid_type', `/0/${at(1)}`],
  ['an object in a row', rowBody(rowWith(at(1), { v: sentinel })), 400, 'invalid_type', `/0/${at(1)}`],
  ['a row that is an object', `[${exampleText}]`, 400, 'invalid_type', '/0'],
  ['a row that is a number', `[${JSON.stringify(exampleRow)}, 7]`, 400, 'invalid_type', '/1'],
  ['more rows than the maximum', rows(1001), 400, 'too_many_items', ''],
  ['an object without instances', '{}', 400, 'required', '/instances'],
  ['instances that are not an array', '{"instances": {}}', 400, 'invalid_type', '/instances'],
  ['no instances', '{"instances": []}', 400, 'too_few_items', '/instances'],
  [
    'a missing feature',
    instanceBody(Object.fromEntries(Object.entries(example).filter(([name]) => name !== lastName))),
    400,
    'required',
    instancePointer(lastName),
  ],
  [
    'an extra feature',
    instanceBody({ ...example, [extraName]: sentinel }),
    400,
    'unknown_field',
    instancePointer(extraName),
  ],
  [
    'an extra top-level field',
    JSON.stringify({ instances: [example], mode: sentinel }),
    400,
    'unknown_field',
    '/mode',
  ],
  [
    'a null feature',
    instanceBody({ ...example, [nameAt(2)]: null }),
    400,
    'invalid_type',
    instancePointer(nameAt(2)),
  ],
  [
    'a __proto__ key in an instance',
    `{"instances": [${exampleText.slice(0, -1)}, "__proto__": {"polluted": "${sentinel}"}}]}`,
    400,
    'unknown_field',
    '/instances/0/__proto__',
  ],
  [
    'a top-level __proto__ key',
    `{"__proto__": {"polluted": true}, "instances": [${exampleText}]}`,
    400,
    'unknown_field',
    '/__proto__',
  ],
  [
    'a constructor key',
    instanceBody({ ...example, constructor: { prototype: { polluted: true } } }),
    400,
    'unknown_field',
    '/instances/0/constructor',
  ],
  [
    'a field name with / and ~',
    instanceBody({ ...example, 'a/b~c': 1 }),
    400,
    'unknown_field',
    '/instances/0/a~1b~0c',
  ],
  [
    'more instances than the maximum',
    JSON.stringify({ instances: Array(1001).fill(example) }),
    400,
    'too_many_items',
    '/instances',
  ],
  // A number is no string: these hold for a numeric feature, when the table has one.
  ...(numeric < 0
    ? []
    : ([
        [
          'a numeric string in a row',
          rowBody(rowWith(numeric, String(exampleRow[numeric]))),
          400,
          'invalid_type',
          `/0/${numeric}`,
        ],
        ['"NaN" in a row', rowBody(rowWith(numeric, 'NaN')), 400, 'invalid_type', `/0/${numeric}`],
        ['"Infinity" in a row', rowBody(rowWith(numeric, 'Infinity')), 400, 'invalid_type', `/0/${numeric}`],
        [
          'a "NaN" feature',
          instanceBody({ ...example, [numericName]: 'NaN' }),
          400,
          'invalid_type',
          instancePointer(numericName),
        ],
      ] as BadBody[])),
  // A category is one of the feature's enum: these hold for a categorical feature, when the table has one.
  ...(categorical < 0
    ? []
    : ([
        [
          'an unknown category in a row',
          rowBody(rowWith(categorical, unknownCategoryOf(categoricalName, sentinel))),
          400,
          'invalid_value',
          `/0/${categorical}`,
        ],
        [
          'an unknown category',
          instanceBody({ ...example, [categoricalName]: unknownCategoryOf(categoricalName, sentinel) }),
          400,
          'invalid_value',
          instancePointer(categoricalName),
        ],
      ] as BadBody[])),
];

describe('bad input', () => {
  let goodTyped: string;
  let goodRows: string;
  let typedBody: string;
  beforeAll(async () => {
    typedBody = JSON.stringify({ instances: [toInstance(rowA), toInstance(rowB)] });
    goodTyped = await (await post(typedBody)).text();
    goodRows = await (await post(rows(3))).text();
  });

  it.each(badBodies.map(([name, body, status, code, pointer]) => ({ name, body, status, code, pointer })))(
    '$name: $status $code at $pointer',
    async ({ body, status, code, pointer }) => {
      const response = await post(body);
      expect(response.status).toBe(status);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const problem = await problemOf(response);
      expect(problem.errors).toContainEqual({ pointer, code, detail: expect.any(String) });
      expect(problem.errors.filter((error) => error.pointer === pointer && error.code === code)).toHaveLength(
        1,
      );
    },
  );

  it('refuses a wrong or missing content type with 415, before reading the body', async () => {
    for (const headers of [
      { 'content-type': 'text/plain' },
      {},
      { 'content-type': 'application/json; charset=latin1' },
    ]) {
      const response = await post(exampleBody, headers);
      expect(response.status).toBe(415);
      expect((await problemOf(response)).errors).toEqual([
        { pointer: '', code: 'unsupported_media_type', detail: expect.any(String) },
      ]);
    }
  });

  it('refuses bytes that are not UTF-8 as invalid JSON', async () => {
    const response = await service.fetch(
      new Request(`${base}/api/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Uint8Array([0x5b, 0x5b, 0xff, 0xfe, 0x5d, 0x5d]),
      }),
    );
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors[0]?.code).toBe('invalid_json');
  });

  it('refuses a body over the size limit with 413, declared or streamed', async () => {
    const small = createService({ model, maxBodyBytes: 1000 });
    const big = JSON.stringify(Array(100).fill(exampleRow));
    const declared = await small.fetch(
      new Request(`${base}/api/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: big,
      }),
    );
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        controller.enqueue(new TextEncoder().encode(' '.repeat(100)));
      },
    });
    const streamed = await small.fetch(
      new Request(`${base}/api/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: stream,
        duplex: 'half',
      } as RequestInit),
    );
    for (const response of [declared, streamed]) {
      expect(response.status).toBe(413);
      expect((await problemOf(response)).errors).toEqual([
        { pointer: '', code: 'payload_too_large', detail: 'Send at most 1000 bytes.' },
      ]);
    }
    // An endless body: reading stopped just past the limit.
    expect(pulled).toBeLessThanOrEqual(13);
  });

  it('uses the spec limit by default', async () => {
    const limit = spec['x-forestfn'].maxBodyBytes;
    const response = await post(`[${' '.repeat(limit)}]`);
    expect(response.status).toBe(413);
  });

  it('answers an unknown route with 404 and a wrong method with 405 and Allow', async () => {
    const missing = await service.fetch(new Request(`${base}/api/predictions`, { method: 'POST' }));
    expect(missing.status).toBe(404);
    expect((await problemOf(missing)).errors[0]?.code).toBe('not_found');
    expect((await service.fetch(new Request(`${base}/`))).status).toBe(404);

    for (const [method, path, allow] of [
      ['GET', '/api/predict', 'POST'],
      ['PUT', '/api/predict', 'POST'],
      ['HEAD', '/api/health', 'GET'],
      ['POST', '/api/model', 'GET'],
      ['DELETE', '/api/openapi.json', 'GET'],
    ] as const) {
      const response = await service.fetch(new Request(`${base}${path}`, { method }));
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get('allow')).toBe(allow);
      if (method !== 'HEAD') expect((await problemOf(response)).errors[0]?.code).toBe('method_not_allowed');
    }
  });

  it('reports each error once and at most 20 of them', async () => {
    // 50 rows of one wrong value per feature: more distinct errors than are reported.
    const bad = JSON.stringify(Array.from({ length: 50 }, () => featureNames.map(() => [])));
    const problem = await problemOf(await post(bad));
    expect(problem.errors).toHaveLength(20);
    expect(new Set(problem.errors.map((error) => `${error.code} ${error.pointer}`)).size).toBe(20);
    expect(problem.detail).toMatch(/first 20 errors/);
  });

  it('still answers good requests identically afterwards, and nothing was polluted', async () => {
    expect(await (await post(typedBody)).text()).toBe(goodTyped);
    expect(await (await post(rows(3))).text()).toBe(goodRows);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await (await service.fetch(new Request(`${base}/api/model`))).json()).toEqual(
      JSON.parse(JSON.stringify(model.card)),
    );
  });
});

describe('failures of the service', () => {
  it('turns an unexpected exception into a bare 500 problem and logs it', async () => {
    const logged: LogEntry[] = [];
    // The real model cannot fail on valid input, so this one's predict is made to throw.
    const failing: Model = {
      card: model.card,
      predict: () => {
        throw new Error('secret internals at /srv/app.js:1');
      },
    };
    const broken = createService({ model: failing, log: (entry) => logged.push(entry) });
    const response = await broken.fetch(
      new Request(`${base}/api/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: exampleBody,
      }),
    );
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toMatch(/secret|srv|at /);
    expect(JSON.parse(text).errors).toEqual([{ pointer: '', code: 'internal', detail: 'Internal error.' }]);
    expect(logged[0]).toMatchObject({
      status: 500,
      error: expect.objectContaining({ message: 'secret internals at /srv/app.js:1' }),
    });
  });

  it('refuses at creation a model whose features or labels differ from the spec', () => {
    const withCard = (card: Model['card']): Model => ({ card, predict: (rows) => model.predict(rows) });
    const [first, ...rest] = model.card.features;
    const renamed = [{ ...(first as (typeof rest)[number]), name: `${first?.name}_renamed` }, ...rest];
    expect(() => createService({ model: withCard({ ...model.card, features: renamed }) })).toThrow(
      `takes features [${renamed.map((f) => f.name).join(', ')}] but the spec's Instance has [${featureNames.join(', ')}]`,
    );
    expect(() => createService({ model: withCard({ ...model.card, features: renamed }) })).toThrow(
      /pnpm train/,
    );
    const otherLabels = model.card.labels.map((label) => `${label}_other`);
    expect(() => createService({ model: withCard({ ...model.card, labels: otherLabels }) })).toThrow(
      `predicts labels [${otherLabels.join(', ')}] but the spec's Label has [${model.card.labels.join(', ')}]`,
    );
  });
});
