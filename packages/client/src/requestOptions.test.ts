// Per-request options over the client's, `maxRetryAfterMs` and `.withResponse()`, through the whole
// client against a real HTTP server that answers as each test scripts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  health,
  json,
  later,
  ok,
  problem,
  type ScriptedServer,
  startScriptedServer,
} from '../test/scriptedServer.js';
import { createClient } from './createClient.js';
import { RateLimitError, ServerError, TimeoutError } from './errors.js';
import type { FetchLike } from './retryingFetch.js';

let server: ScriptedServer;
let baseUrl = '';
beforeAll(async () => {
  server = await startScriptedServer();
  baseUrl = server.baseUrl;
});
afterAll(() => server.close());

describe('per-request options', () => {
  it('timeoutMs overrides the client’s, both ways', async () => {
    server.script(later(400, ok));
    const patient = createClient({ baseUrl, maxRetries: 0 });
    await expect(patient.health({ timeoutMs: 100 })).rejects.toBeInstanceOf(TimeoutError);
    server.script(later(200, ok));
    const impatient = createClient({ baseUrl, timeoutMs: 50, maxRetries: 0 });
    await expect(impatient.health({ timeoutMs: 5000 })).resolves.toEqual(health);
    await expect(impatient.health()).rejects.toBeInstanceOf(TimeoutError);
  });

  it('maxRetries overrides the client’s, both ways', async () => {
    server.script(problem(500, { 'retry-after': '0' }), ok);
    await expect(createClient({ baseUrl, maxRetries: 0 }).health({ maxRetries: 1 })).resolves.toEqual(health);
    expect(server.hits).toHaveLength(2);
    server.script(problem(500, { 'retry-after': '0' }));
    await expect(createClient({ baseUrl, maxRetries: 3 }).health({ maxRetries: 0 })).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(server.hits).toHaveLength(1);
  });

  it('headers are added to the client’s and win where both set one, for that call only', async () => {
    server.script(ok);
    const client = createClient({ baseUrl, apiKey: 'k', headers: { 'x-a': 'client', 'x-b': 'client' } });
    await client.health({ headers: { 'x-b': 'call', 'x-c': 'call' }, requestId: 'rid-1' });
    await client.health();
    const [first, second] = server.hits.map((hit) => hit.headers);
    expect(first).toMatchObject({
      'x-a': 'client',
      'x-b': 'call',
      'x-c': 'call',
      'x-request-id': 'rid-1',
      'x-functions-key': 'k',
    });
    expect(second).toMatchObject({ 'x-a': 'client', 'x-b': 'client', 'x-functions-key': 'k' });
    expect(second).not.toHaveProperty('x-c');
    expect(second).not.toHaveProperty('x-request-id');
  });

  it('fetch overrides the client’s, and is called with the URL and an init', async () => {
    server.script(ok);
    const seen: string[] = [];
    const spy =
      (name: string): FetchLike =>
      (url, init) => {
        seen.push(`${name} ${init.method} ${url}`);
        return fetch(url, init);
      };
    const client = createClient({ baseUrl, fetch: spy('client') });
    await client.getModel({ fetch: spy('call') });
    await client.health();
    expect(seen).toEqual([`call GET ${baseUrl}/api/model`, `client GET ${baseUrl}/api/health`]);
  });

  it.each([{ maxRetries: -1 }, { maxRetries: 0.5 }, { timeoutMs: 0 }, { maxRetryAfterMs: Number.NaN }])(
    'rejects %o (rather than throwing) and sends nothing',
    async (options) => {
      server.script(ok);
      const call = createClient({ baseUrl }).health(options);
      await expect(call).rejects.toBeInstanceOf(RangeError);
      expect(server.hits).toHaveLength(0);
    },
  );
});

describe('maxRetryAfterMs', () => {
  it('fails at once with the typed error when Retry-After asks for longer, saying how long', async () => {
    server.script(problem(429, { 'retry-after': '60' }), ok);
    const started = Date.now();
    const error = await createClient({ baseUrl })
      .health()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(60_000);
    expect(server.hits).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('waits for a Retry-After within the cap, per request too', async () => {
    server.script(problem(503, { 'retry-after': '1' }), ok);
    await expect(createClient({ baseUrl }).health({ maxRetryAfterMs: 500 })).rejects.toBeInstanceOf(
      ServerError,
    );
    expect(server.hits).toHaveLength(1);
    server.script(problem(503, { 'retry-after': '1' }), ok);
    const client = createClient({ baseUrl, maxRetryAfterMs: 500 });
    await expect(client.health({ maxRetryAfterMs: 1000 })).resolves.toEqual(health);
    expect(server.hits).toHaveLength(2);
  });

  it('does not apply to the backoff when there is no Retry-After', async () => {
    server.script(problem(503), ok);
    await expect(createClient({ baseUrl, maxRetryAfterMs: 0 }).health()).resolves.toEqual(health);
    expect(server.hits).toHaveLength(2);
  });
});

describe('withResponse', () => {
  it('gives the data with the response and its request id, from one request', async () => {
    server.script(json(200, health, { 'x-model-version': health.model.version }));
    const call = createClient({ baseUrl }).health();
    const { data, response, requestId } = await call.withResponse();
    expect(data).toEqual(health);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-model-version')).toBe(health.model.version);
    expect(requestId).toBe('server-rid');
    // The same call awaited gives the same data without sending again.
    expect(await call).toBe(data);
    expect(server.hits).toHaveLength(1);
  });

  it('rejects with the typed error, and leaves no unhandled rejection when used alone', async () => {
    server.script(problem(503));
    const call = createClient({ baseUrl, maxRetries: 0 }).health();
    const error = await call.withResponse().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).requestId).toBe('server-rid');
    // Awaited too, it fails the same way.
    await expect(call).rejects.toBe(error);
  });

  it('is a Promise, with then, catch and finally', async () => {
    server.script(ok);
    const call = createClient({ baseUrl }).health();
    expect(call).toBeInstanceOf(Promise);
    let settled = false;
    await call.finally(() => {
      settled = true;
    });
    expect(settled).toBe(true);
    expect(await call.then((h) => h.status)).toBe('ok');
    server.script(problem(400));
    const failed = createClient({ baseUrl }).health();
    expect(await failed.catch(() => 'caught')).toBe('caught');
  });
});

describe('what reaches fetch', () => {
  it('is the URL and an init with the JSON body as a string, sent with a Content-Length', async () => {
    server.script(json(200, ['label']));
    const inits: RequestInit[] = [];
    const client = createClient({
      baseUrl,
      fetch: (url, init) => {
        inits.push(init);
        return fetch(url, init);
      },
    });
    await client.predictRows([]);
    expect(typeof inits[0]?.body).toBe('string');
    expect(server.hits[0]?.headers['content-length']).toBe('2');
    expect(server.hits[0]?.headers['transfer-encoding']).toBeUndefined();
  });

  it('has an AbortSignal only when a timeout or a signal applies', async () => {
    server.script(ok);
    const signals: unknown[] = [];
    const spy: FetchLike = (url, init) => {
      signals.push(init.signal);
      return fetch(url, init);
    };
    const untimed = createClient({ baseUrl, fetch: spy, timeoutMs: Number.POSITIVE_INFINITY });
    await untimed.health();
    await untimed.health({ signal: new AbortController().signal });
    await createClient({ baseUrl, fetch: spy }).health();
    expect(signals[0]).toBeUndefined();
    expect(signals[1]).toBeInstanceOf(AbortSignal);
    expect(signals[2]).toBeInstanceOf(AbortSignal);
  });
});
