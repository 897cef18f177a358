// CORS in every host: the local host (HTTP), the Azure Functions app (its handlers, routed as the host
// routes them) and the mock (MSW) are configured with the same origins and must answer the same requests
// with the same CORS headers.
import { HttpRequest, type HttpResponseInit, InvocationContext } from '@azure/functions';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../packages/mock/src/index.js';
import { spec } from '../../packages/service/src/generated/spec.js';
import { exampleRows } from '../../packages/service/test/samples.js';
import { startLocalServer } from './local.js';

const allowed = 'http://localhost:5173';
const other = 'https://not-listed.example';
const corsSetting = `${allowed}, https://app.example.com`;

type Send = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
) => Promise<Response>;
interface Host {
  name: string;
  send: Send;
  close: () => Promise<void> | void;
}

async function localHost(): Promise<Host> {
  const server = await startLocalServer({ port: 0, corsOrigins: [allowed, 'https://app.example.com'] });
  return {
    name: 'local host',
    send: (method, path, headers, body) =>
      fetch(`${server.url}${path}`, { method, headers, body: body ?? null }),
    close: () => server.close(),
  };
}

const mockBaseUrl = 'http://forestfn-cors.test';
const mock = createHandlers({ baseUrl: mockBaseUrl, corsOrigins: [allowed, 'https://app.example.com'] });

async function mockHost(): Promise<Host> {
  const baseUrl = mockBaseUrl;
  const server = setupServer(...mock.handlers);
  // The local host's requests go out; the mock's made-up host would fail if MSW did not answer it.
  server.listen({ onUnhandledRequest: 'bypass' });
  return {
    name: 'mock',
    send: (method, path, headers, body) =>
      fetch(`${baseUrl}${path}`, { method, headers, body: body ?? null }),
    close: () => server.close(),
  };
}

async function azureHost(): Promise<Host> {
  vi.resetModules();
  vi.stubEnv('FORESTFN_CORS_ORIGINS', corsSetting);
  vi.stubEnv('FORESTFN_API_KEY', '');
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  let app: typeof import('./functions.js');
  try {
    app = await import('./functions.js');
  } finally {
    vi.unstubAllEnvs();
    warn.mockRestore();
  }
  return {
    name: 'Azure Functions app',
    async send(method, path, headers, body) {
      // As the host routes: the first registration (in name order) whose route and methods match
      // (host.json has no route prefix: a route is the path without its "/").
      const below = path.slice(1);
      const registration = [...app.registrations]
        .sort((a, b) => a.name.toUpperCase().localeCompare(b.name.toUpperCase()))
        .find((r) => r.route === below && r.methods.includes(method as never));
      const handler = registration ? app.handlers[registration.name] : app.notFound;
      const answer = (await handler(
        new HttpRequest({
          method: method as 'GET',
          url: `https://app.example/${path.slice(1)}`,
          headers,
          ...(body === undefined ? {} : { body: { string: body } }),
        }),
        new InvocationContext({ functionName: registration?.name ?? app.catchAllName }),
      )) as HttpResponseInit;
      return new Response(answer.status === 204 ? null : (answer.body as Uint8Array), {
        status: answer.status ?? 200,
        headers: answer.headers as Record<string, string>,
      });
    },
    close: () => undefined,
  };
}

const hosts: Host[] = [];
beforeAll(async () => {
  hosts.push(await localHost(), await azureHost(), await mockHost());
});
afterAll(async () => {
  for (const host of hosts) await host.close();
});

/** The CORS part of an answer: its status and its Access-Control-* and Vary headers. */
async function corsOf(answer: Response) {
  await answer.arrayBuffer();
  return {
    status: answer.status,
    headers: Object.fromEntries(
      [...answer.headers].filter(([name]) => name.startsWith('access-control-') || name === 'vary'),
    ),
  };
}

const cases: Array<[string, string, string, Record<string, string>, string?]> = [
  [
    'a preflight to predict from an allowed origin',
    'OPTIONS',
    '/api/predict',
    {
      origin: allowed,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-functions-key,x-request-id',
    },
  ],
  [
    'a preflight to health from an allowed origin',
    'OPTIONS',
    '/api/health',
    { origin: allowed, 'access-control-request-method': 'GET' },
  ],
  [
    'a preflight from an origin not listed',
    'OPTIONS',
    '/api/predict',
    { origin: other, 'access-control-request-method': 'POST' },
  ],
  [
    'a prediction from an allowed origin',
    'POST',
    '/api/predict',
    { origin: allowed, 'content-type': 'application/json' },
    JSON.stringify([exampleRows[0]]),
  ],
  [
    'a bad request from an allowed origin',
    'POST',
    '/api/predict',
    { origin: allowed, 'content-type': 'application/json' },
    '[',
  ],
  ['health from an allowed origin', 'GET', '/api/health', { origin: allowed }],
  ['health from an origin not listed', 'GET', '/api/health', { origin: other }],
  ['health without an Origin', 'GET', '/api/health', {}],
  ['an unknown path from an allowed origin', 'GET', '/api/nope', { origin: allowed }],
];

describe('CORS, configured by FORESTFN_CORS_ORIGINS, in every host', () => {
  it.each(cases)('answers %s alike', async (_, method, path, headers, body) => {
    const answers = [];
    for (const host of hosts)
      answers.push({ host: host.name, ...(await corsOf(await host.send(method, path, headers, body))) });
    const [first] = answers;
    for (const answer of answers.slice(1))
      expect({ ...answer, host: '' }, answer.host).toEqual({ ...first, host: '' });
  });

  it('answers as the spec documents: preflight 204, exposed headers for allowed origins, nothing for others', async () => {
    for (const host of hosts) {
      const preflight = await corsOf(await host.send('OPTIONS', '/api/predict', cases[0]?.[3] ?? {}));
      expect(preflight, host.name).toEqual({
        status: 204,
        headers: {
          'access-control-allow-origin': allowed,
          'access-control-allow-methods': 'POST',
          'access-control-allow-headers': 'content-type,x-functions-key,x-request-id',
          'access-control-max-age': String(spec['x-forestfn'].cors.maxAgeSeconds),
          vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
        },
      });
      const health = await corsOf(await host.send('GET', '/api/health', { origin: allowed }));
      expect(health.headers, host.name).toEqual({
        'access-control-allow-origin': allowed,
        'access-control-expose-headers': spec['x-forestfn'].cors.exposeHeaders.join(', '),
        vary: 'Origin',
      });
      const refused = await corsOf(
        await host.send('OPTIONS', '/api/predict', {
          origin: other,
          'access-control-request-method': 'POST',
        }),
      );
      expect(refused, host.name).toEqual({ status: 405, headers: { vary: 'Origin' } });
    }
  });

  it('gives the mock injected failures the same CORS headers', async () => {
    try {
      mock.failNext(1, { status: 503, retryAfterSeconds: 1 });
      const failed = await fetch(`${mockBaseUrl}/api/health`, { headers: { origin: allowed } });
      expect(failed.status).toBe(503);
      expect(failed.headers.get('access-control-allow-origin')).toBe(allowed);
      expect(failed.headers.get('access-control-expose-headers')).toContain('retry-after');
    } finally {
      mock.reset();
    }
  });
});
