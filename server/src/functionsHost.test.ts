// The packaged app as the Functions host runs it: the zip's functions.js loaded with a stand-in for
// `@azure/functions-core` (which the host provides), routed the way the host routes, and invoked
// through the library's HTTP-streaming proxy as the host invokes it.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { HttpRequest, InvocationContext } from '@azure/functions';
import { trainFromConfig } from '@forestfn/model';
import { createService } from '@forestfn/service';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { validBodies, validInferBody } from '../../packages/service/test/hostileBodies.js';
import { rendererPackageDir } from './docsAssets.js';
import { packageFunctionApp } from './packageFunctionApp.js';

interface Registered {
  name: string;
  route: string;
  methods: string[];
  authLevel: string;
  callback: (
    request: unknown,
    context: unknown,
  ) => Promise<{ status?: number; headers?: Record<string, string> }>;
  metadata: { name: string; bindings: Record<string, { type: string; direction: string }> };
}
interface ProgrammingModel {
  getCapabilities(capabilities: Record<string, string>): Promise<Record<string, string>>;
  getInvocationModel(coreCtx: unknown): {
    getArguments(): Promise<{ context: unknown; inputs: unknown[] }>;
    invokeFunction(context: unknown, inputs: unknown[], handler: unknown): Promise<unknown>;
    getResponse(context: unknown, result: unknown): Promise<unknown>;
  };
}

// What the host hands the worker as `@azure/functions-core`, reduced to what the library calls.
const standInCore = `
const registered = [];
let programmingModel;
module.exports = {
  registerFunction(metadata, callback) { registered.push({ metadata, callback }); return { dispose() {} }; },
  setProgrammingModel(model) { programmingModel = model; },
  getProgrammingModel() { return programmingModel; },
  registerHook() { return { dispose() {} }; },
  log() {},
  registered,
};
`;

const allMethods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
/** The page origin the packaged app is configured to allow (FORESTFN_CORS_ORIGINS, an app setting). */
const allowedOrigin = 'https://app.example.com';
let dir: string;
let functions: Registered[];
let programmingModel: ProgrammingModel;
const trained = (await trainFromConfig()).model;
const apiRoutes = createService({ model: trained }).routes;
const served = { name: trained.card.name, version: trained.card.version };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forestfn-host-'));
  const { artifact } = await trainFromConfig();
  await writeFile(join(dir, 'model.bin'), artifact);
  const { zipPath } = await packageFunctionApp({
    artifactPath: join(dir, 'model.bin'),
    outFile: join(dir, 'functions.zip'),
  });
  const app = join(dir, 'app');
  for (const [name, bytes] of Object.entries(unzipSync(await readFile(zipPath)))) {
    await mkdir(dirname(join(app, name)), { recursive: true });
    await writeFile(join(app, name), bytes);
  }
  await mkdir(join(app, 'node_modules/@azure/functions-core'), { recursive: true });
  await writeFile(join(app, 'node_modules/@azure/functions-core/index.js'), standInCore);
  const load = createRequire(join(app, 'functions.js'));
  vi.stubEnv('FORESTFN_CORS_ORIGINS', allowedOrigin);
  try {
    load('./functions.js');
  } finally {
    vi.unstubAllEnvs();
  }
  const core = load('@azure/functions-core') as {
    registered: { metadata: Registered['metadata']; callback: Registered['callback'] }[];
    getProgrammingModel(): ProgrammingModel;
  };
  functions = core.registered.map(({ metadata, callback }) => {
    const trigger = Object.values(metadata.bindings).find(
      (binding) => binding.type === 'httpTrigger',
    ) as unknown as {
      route: string;
      methods: string[];
      authLevel: string;
    };
    return { ...trigger, name: metadata.name, callback, metadata };
  });
  programmingModel = core.getProgrammingModel();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Whether a route template (`{*rest}`, `{name}` and literal segments) matches a path (host.json has no prefix). */
function matches(template: string, path: string): boolean {
  const parts = template.split('/');
  const segments = path.split('/');
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] as string;
    if (/^\{\*.+\}$/.test(part)) return true;
    const segment = segments[i];
    if (segment === undefined || segment === '') return false;
    if (!/^\{.+\}$/.test(part) && part.toLowerCase() !== segment.toLowerCase()) return false;
  }
  return segments.length === parts.length;
}

/** The host's choice: functions in ordinal, case-insensitive name order; the first match wins. */
function route(order: readonly Registered[], method: string, path: string): Registered | undefined {
  return order.find((f) => f.methods.map((m) => m.toUpperCase()).includes(method) && matches(f.route, path));
}
const byHostOrder = (list: readonly Registered[]) =>
  [...list].sort((a, b) =>
    a.name.toUpperCase() < b.name.toUpperCase() ? -1 : a.name.toUpperCase() > b.name.toUpperCase() ? 1 : 0,
  );

const invoke = (f: Registered, method: string, path: string, headers: Record<string, string> = {}) =>
  f.callback(
    new HttpRequest({ method: method as 'GET', url: `https://app.example/${path}`, headers }),
    new InvocationContext({ functionName: f.name }),
  );
/** A spec path as the host routes it: without its leading "/", each parameter filled in. */
const hostPath = (path: string) =>
  path
    .slice(1)
    .replace('{asset}', 'swagger-ui.css')
    .replace('{name}', served.name)
    .replace('{version}', served.version);
const catchAll = 'z_notFound';

describe('the packaged app under the Functions host', () => {
  it('registers one function per operation and a catch-all, keyed ones with authLevel function', () => {
    for (const api of apiRoutes) {
      const f = functions.find((candidate) => candidate.name === api.operationId);
      expect(f?.authLevel, api.operationId).toBe(api.auth);
    }
    expect(functions.filter((f) => f.route === '{*path}')).toHaveLength(1);
  });

  it('in the host order, every operation and method reaches the operation own function', () => {
    const order = byHostOrder(functions);
    expect(order.at(-1)?.route).toBe('{*path}');
    for (const api of apiRoutes) {
      for (const method of allMethods) {
        const winner = route(order, method, hostPath(api.path));
        // OPTIONS on a keyed route is the catch-all's: the host would refuse a keyless preflight.
        const expected = method === 'OPTIONS' && api.auth === 'function' ? catchAll : api.operationId;
        expect(winner?.name, `${method} ${api.path}`).toBe(expected);
      }
    }
    expect(route(order, 'GET', 'no/such/route')?.route).toBe('{*path}');
    expect(route(order, 'GET', 'v2/models/x/nope')?.route).toBe('{*path}');
  });

  it('answers a CORS preflight to every route, keyed or not, for an allowed origin only', async () => {
    const order = byHostOrder(functions);
    for (const api of apiRoutes) {
      const path = hostPath(api.path);
      const f = route(order, 'OPTIONS', path) as Registered;
      expect(f.authLevel, `${f.name} takes OPTIONS ${api.path}`).toBe('anonymous');
      const preflight = (origin: string) =>
        invoke(f, 'OPTIONS', path, { origin, 'access-control-request-method': api.methods[0] as string });
      const allowed = await preflight(allowedOrigin);
      expect(allowed.status, api.path).toBe(204);
      expect(allowed.headers?.['access-control-allow-origin']).toBe(allowedOrigin);
      const other = await preflight('https://other.example');
      expect(other.status, api.path).toBe(405);
      expect(other.headers?.['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('serves the Open Inference Protocol beside /api: metadata, readiness and inference', async () => {
    const order = byHostOrder(functions);
    const call = (method: string, path: string, body?: string) =>
      (route(order, method, path) as Registered).callback(
        new HttpRequest({
          method: method as 'GET',
          url: `https://app.example/${path}`,
          ...(body === undefined ? {} : { body: { string: body } }),
        }),
        new InvocationContext({ functionName: 'test' }),
      ) as Promise<{ status?: number; jsonBody?: unknown; body?: unknown }>;
    expect((await call('GET', 'v2/health/ready')).status).toBe(200);
    expect((await call('GET', hostPath('/v2/models/{name}/versions/{version}/ready'))).status).toBe(200);
    const answer = await call('POST', hostPath('/v2/models/{name}/infer'), validInferBody(2));
    expect(answer.status).toBe(200);
    const text = new TextDecoder().decode(answer.body as Uint8Array);
    expect(JSON.parse(text)).toMatchObject({
      model_name: served.name,
      model_version: served.version,
      id: 'r1',
    });
  });

  it('serves the API reference page and its renderer files from the zip, without a key', async () => {
    const order = byHostOrder(functions);
    const page = await invoke(route(order, 'GET', 'api/docs') as Registered, 'GET', 'api/docs');
    expect(page.status).toBe(200);
    expect(page.headers?.['content-security-policy']).toContain("script-src 'self'");
    for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) {
      const f = route(order, 'GET', `api/docs/${file}`) as Registered;
      expect(f.name).toBe('getDocsAsset');
      const answer = (await invoke(f, 'GET', `api/docs/${file}`)) as { status?: number; body?: Uint8Array };
      expect(answer.status, file).toBe(200);
      const installed = await readFile(join(rendererPackageDir(), file));
      expect(Buffer.from(answer.body as Uint8Array).equals(installed), file).toBe(true);
    }
  });

  it('in any order, no keyed operation is answered without a key', async () => {
    const keyed = apiRoutes.filter((api) => api.auth === 'function');
    expect(keyed.length).toBeGreaterThan(0);
    // A function whose template matches a request comes first in some order of names, so the functions
    // that can be handed a keyed route in some order are exactly those whose template matches it.
    const reachedAnonymously = new Set<Registered>();
    for (const api of keyed) {
      for (const method of allMethods) {
        for (const f of functions) {
          const takes = f.methods.map((m) => m.toUpperCase()).includes(method);
          if (takes && matches(f.route, hostPath(api.path)) && f.authLevel !== 'function')
            reachedAnonymously.add(f);
        }
      }
    }
    // Only the catch-all can be handed a keyed route, and it refuses every one of them.
    for (const f of reachedAnonymously) {
      expect(f.route).toBe('{*path}');
      for (const api of keyed) {
        for (const method of allMethods) {
          const response = await invoke(f, method, hostPath(api.path));
          expect(response.status, `${method} ${api.path} via ${f.name}`).toBe(
            api.methods.includes(method) ? 401 : 405,
          );
        }
      }
    }
  });

  it('streams the body: a body over the limit gets 413 before the caller has finished sending it', async () => {
    const { HttpUri: uri } = await programmingModel.getCapabilities({});
    expect(uri).toMatch(/^http:\/\/localhost:\d+\/$/);
    const predict = functions.find((f) => f.name === 'predict') as Registered;

    async function viaProxy(invocationId: string, chunks: Uint8Array[], keepOpen: boolean) {
      const headers = { 'content-type': 'application/json' };
      const invocation = programmingModel.getInvocationModel({
        invocationId,
        metadata: predict.metadata,
        request: {
          inputData: [
            {
              name: Object.keys(predict.metadata.bindings).find(
                (k) => predict.metadata.bindings[k]?.direction === 'in',
              ),
              data: {},
            },
          ],
          triggerMetadata: { Headers: { json: JSON.stringify(headers) } },
        },
      });
      // The host's side: forward the caller's request to the worker's proxy.
      const answered = new Promise<{ status: number; body: string; sentWhenAnswered: number }>(
        (resolve, reject) => {
          let sent = 0;
          const req = httpRequest(
            new URL('api/predict', uri),
            {
              method: 'POST',
              headers: {
                ...headers,
                'x-ms-invocation-id': invocationId,
                'x-forwarded-host': 'app.example',
                'x-forwarded-proto': 'https',
              },
            },
            (res) => {
              const sentWhenAnswered = sent;
              let body = '';
              res.setEncoding('utf8');
              res.on('data', (chunk: string) => {
                body += chunk;
              });
              res.on('end', () => {
                req.destroy();
                resolve({ status: res.statusCode ?? 0, body, sentWhenAnswered });
              });
            },
          );
          req.on('error', reject);
          for (const chunk of chunks) {
            req.write(chunk);
            sent += chunk.byteLength;
          }
          if (!keepOpen) req.end();
        },
      );
      const { context, inputs } = await invocation.getArguments();
      const result = await invocation.invokeFunction(context, inputs, predict.callback);
      await invocation.getResponse(context, result);
      return answered;
    }

    // 1.5 MiB sent and the request left open: the answer cannot wait for the end of the body.
    const big = new TextEncoder().encode(`[${'0,'.repeat(768 * 1024)}`);
    const refused = await viaProxy('stream-413', [big], true);
    expect(refused.status).toBe(413);
    expect(JSON.parse(refused.body).errors[0].code).toBe('payload_too_large');

    const valid = new TextEncoder().encode(validBodies(2).rows);
    const answered = await viaProxy('stream-200', [valid], false);
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toHaveLength(2);
  });
});
