import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpRequest, type HttpResponseInit, InvocationContext } from '@azure/functions';
import { type Model, ModelLoadError, trainFromConfig } from '@forestfn/model';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  exampleRows,
  featureNames,
  labelsFor,
  type Row,
  rowWith,
  toInstance,
  wrongTypeFor,
} from '../../packages/service/test/samples.js';

type FunctionsModule = typeof import('./functions.js');

// Requests from the spec's examples, valid whatever the table; the answers are asked of the model.
const firstRow = exampleRows[0] as Row;
const lastRow = exampleRows.at(-1) as Row;
const seedBody = JSON.stringify([firstRow]);

let dir: string;
let artifactPath: string;
let model: Model;
let functions: FunctionsModule;

/** Imports a fresh copy of the entry point with the given environment (it reads it at load). */
async function loadFunctions(env: Record<string, string>): Promise<FunctionsModule> {
  vi.resetModules();
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  try {
    return await import('./functions.js');
  } finally {
    vi.unstubAllEnvs();
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forestfn-functions-'));
  artifactPath = join(dir, 'model.bin');
  const trained = await trainFromConfig();
  model = trained.model;
  await writeFile(artifactPath, trained.artifact);
  // Outside the Functions host app.http only warns; keep the test output clean.
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  functions = await loadFunctions({ FORESTFN_ARTIFACT: artifactPath, FORESTFN_API_KEY: '' });
});

afterAll(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

const context = (functionName: string) =>
  new InvocationContext({ functionName, invocationId: 'test-invocation' });

function post(body: string, headers: Record<string, string> = {}, url = 'http://localhost:7071/api/predict') {
  return new HttpRequest({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    body: { string: body },
  });
}

function headerOf(response: HttpResponseInit, name: string): string | null {
  return new Headers(response.headers as Record<string, string>).get(name);
}

function jsonOf(response: HttpResponseInit): unknown {
  return JSON.parse(new TextDecoder().decode(response.body as Uint8Array));
}

describe('Azure functions', () => {
  it('registers one function per route, its path without the leading "/", with its auth level', () => {
    // All methods reach each function, so a wrong one gets the service's 405 rather than the host's 404.
    const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
    // Except OPTIONS on keyed routes: the host would refuse a CORS preflight (no key) before the function.
    const keyed = methods.filter((method) => method !== 'OPTIONS');
    expect(functions.registrations).toEqual([
      { name: 'predict', route: 'api/predict', methods: keyed, authLevel: 'function' },
      { name: 'getModel', route: 'api/model', methods: keyed, authLevel: 'function' },
      { name: 'health', route: 'api/health', methods, authLevel: 'anonymous' },
      { name: 'getOpenApi', route: 'api/openapi.json', methods, authLevel: 'anonymous' },
      { name: 'getDocs', route: 'api/docs', methods, authLevel: 'anonymous' },
      { name: 'getDocsAsset', route: 'api/docs/{asset}', methods, authLevel: 'anonymous' },
      { name: 'v2ServerMetadata', route: 'v2', methods, authLevel: 'anonymous' },
      { name: 'v2ServerLive', route: 'v2/health/live', methods, authLevel: 'anonymous' },
      { name: 'v2ServerReady', route: 'v2/health/ready', methods, authLevel: 'anonymous' },
      { name: 'v2ModelMetadata', route: 'v2/models/{name}', methods: keyed, authLevel: 'function' },
      {
        name: 'v2ModelVersionMetadata',
        route: 'v2/models/{name}/versions/{version}',
        methods: keyed,
        authLevel: 'function',
      },
      { name: 'v2ModelReady', route: 'v2/models/{name}/ready', methods, authLevel: 'anonymous' },
      {
        name: 'v2ModelVersionReady',
        route: 'v2/models/{name}/versions/{version}/ready',
        methods,
        authLevel: 'anonymous',
      },
      { name: 'v2ModelInfer', route: 'v2/models/{name}/infer', methods: keyed, authLevel: 'function' },
      {
        name: 'v2ModelVersionInfer',
        route: 'v2/models/{name}/versions/{version}/infer',
        methods: keyed,
        authLevel: 'function',
      },
    ]);
    expect(functions.modelIdentity).toEqual({ name: model.card.name, version: model.card.version });
  });

  it('answers a wrong method with 405 and an unknown path with 404, as problem+json', async () => {
    const wrongMethod = await functions.handlers.predict(
      new HttpRequest({ url: 'http://localhost:7071/api/predict', method: 'GET' }),
      context('predict'),
    );
    expect(wrongMethod).toMatchObject({ status: 405 });
    expect(headerOf(wrongMethod as HttpResponseInit, 'allow')).toBe('POST');
    const unknown = await functions.notFound(
      new HttpRequest({ url: 'http://localhost:7071/api/nope', method: 'GET' }),
      context('notFound'),
    );
    expect(unknown).toMatchObject({ status: 404 });
    expect(headerOf(unknown as HttpResponseInit, 'content-type')).toBe('application/problem+json');
  });

  it('predicts the seed form', async () => {
    const response = await functions.handlers.predict(post(seedBody), context('predict'));
    expect(response).toMatchObject({ status: 200 });
    expect(jsonOf(response as HttpResponseInit)).toEqual(labelsFor(model, [firstRow]));
  });

  it('predicts the typed form and propagates headers both ways', async () => {
    const body = JSON.stringify({ instances: [toInstance(lastRow)] });
    const response = (await functions.handlers.predict(
      post(body, { 'x-request-id': 'azure-req-7' }),
      context('predict'),
    )) as HttpResponseInit;
    expect(response.status).toBe(200);
    expect(headerOf(response, 'x-request-id')).toBe('azure-req-7');
    expect(headerOf(response, 'x-model-version')).toBe(model.card.version);
    expect(headerOf(response, 'content-type')).toBe('application/json');
    expect(headerOf(response, 'cache-control')).toBe('no-store');
    const answer = jsonOf(response) as { model: unknown; predictions: { label: string }[] };
    expect(answer.model).toEqual({ name: model.card.name, version: model.card.version });
    expect(answer.predictions[0]?.label).toBe(labelsFor(model, [lastRow])[0]);
  });

  it('answers a bad body with a 400 problem', async () => {
    const at = 1 % featureNames.length;
    const bad = JSON.stringify([rowWith(at, wrongTypeFor(featureNames[at] as string))]);
    const response = (await functions.handlers.predict(post(bad), context('predict'))) as HttpResponseInit;
    expect(response.status).toBe(400);
    expect(headerOf(response, 'content-type')).toBe('application/problem+json');
    expect((jsonOf(response) as { errors: unknown[] }).errors).toEqual([
      { pointer: `/0/${at}`, code: 'invalid_type', detail: expect.any(String) },
    ]);
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const request = new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/predict' });
    const response = (await functions.handlers.predict(request, context('predict'))) as HttpResponseInit;
    expect(response.status).toBe(405);
    expect(headerOf(response, 'allow')).toBe('POST');
  });

  it('answers health, the model card and the spec', async () => {
    const get = (path: string) =>
      new HttpRequest({ method: 'GET', url: `http://localhost:7071/api/${path}` });
    const health = (await functions.handlers.health(get('health'), context('health'))) as HttpResponseInit;
    expect(jsonOf(health)).toMatchObject({
      status: 'ok',
      ready: true,
      model: { version: model.card.version },
    });
    expect(headerOf(health, 'x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const card = (await functions.handlers.getModel(get('model'), context('getModel'))) as HttpResponseInit;
    expect((jsonOf(card) as { version: string }).version).toBe(model.card.version);
    const spec = (await functions.handlers.getOpenApi(
      get('openapi.json'),
      context('getOpenApi'),
    )) as HttpResponseInit;
    expect((jsonOf(spec) as { openapi: string }).openapi).toBe('3.1.0');
  });

  it('checks FORESTFN_API_KEY when it is set, as header or code query', async () => {
    const keyed = await loadFunctions({ FORESTFN_ARTIFACT: artifactPath, FORESTFN_API_KEY: 'azure-key' });
    const status = async (request: HttpRequest) =>
      ((await keyed.handlers.predict(request, context('predict'))) as HttpResponseInit).status;
    expect(await status(post(seedBody))).toBe(401);
    expect(await status(post(seedBody, { 'x-functions-key': 'azure-key' }))).toBe(200);
    expect(await status(post(seedBody, {}, 'http://localhost:7071/api/predict?code=azure-key'))).toBe(200);
  });

  it('serves the API reference and its renderer, without a key', async () => {
    const get = (path: string) =>
      new HttpRequest({ method: 'GET', url: `http://localhost:7071/api/${path}` });
    const keyed = await loadFunctions({ FORESTFN_ARTIFACT: artifactPath, FORESTFN_API_KEY: 'azure-key' });
    const page = (await keyed.handlers.getDocs(get('docs'), context('getDocs'))) as HttpResponseInit;
    expect(page.status).toBe(200);
    expect(headerOf(page, 'content-type')).toBe('text/html; charset=utf-8');
    expect(headerOf(page, 'content-security-policy')).toContain("default-src 'none'");
    const css = (await keyed.handlers.getDocsAsset(
      get('docs/swagger-ui.css'),
      context('getDocsAsset'),
    )) as HttpResponseInit;
    expect(css.status).toBe(200);
    expect(headerOf(css, 'content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers CORS for the origins of FORESTFN_CORS_ORIGINS, and refuses to load with a bad one', async () => {
    const origin = 'https://app.example.com';
    const cors = await loadFunctions({
      FORESTFN_ARTIFACT: artifactPath,
      FORESTFN_CORS_ORIGINS: `${origin}, http://localhost:5173`,
    });
    const preflight = (await cors.notFound(
      new HttpRequest({
        method: 'OPTIONS',
        url: 'http://localhost:7071/api/predict',
        headers: { origin, 'access-control-request-method': 'POST' },
      }),
      context('z_notFound'),
    )) as HttpResponseInit;
    expect(preflight.status).toBe(204);
    expect(headerOf(preflight, 'access-control-allow-origin')).toBe(origin);
    const health = (await cors.handlers.health(
      new HttpRequest({ method: 'GET', url: 'http://localhost:7071/api/health', headers: { origin } }),
      context('health'),
    )) as HttpResponseInit;
    expect(headerOf(health, 'access-control-allow-origin')).toBe(origin);
    expect(headerOf(health, 'access-control-expose-headers')).toContain('x-request-id');
    const error = await loadFunctions({ FORESTFN_ARTIFACT: artifactPath, FORESTFN_CORS_ORIGINS: '*' }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect((error as Error).message).toMatch(/FORESTFN_CORS_ORIGINS/);
  });

  it('refuses to load without a valid model, naming the file and what to do', async () => {
    const missing = join(dir, 'missing.json');
    const error = await loadFunctions({ FORESTFN_ARTIFACT: missing }).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    // A fresh module graph has its own ModelLoadError class, so compare by name.
    expect((error as Error).name).toBe(ModelLoadError.name);
    expect((error as Error).message).toContain(missing);
    expect((error as Error).message).toMatch(/pnpm train/);
  });
});
