// Retries, timeouts and aborts against a real HTTP server that misbehaves on purpose, through the
// whole client (openapi-fetch included), so what is tested is what a caller gets.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  exampleRows,
  featureNames,
  instancePointer,
  labels,
  toInstance,
} from '../../service/test/samples.js';
import {
  type Behaviour,
  health,
  json,
  later,
  type ScriptedServer,
  problem as scriptedProblem,
  startScriptedServer,
} from '../test/scriptedServer.js';
import { createClient } from './createClient.js';
import {
  AbortError,
  AuthenticationError,
  BadRequestError,
  ClientError,
  ConnectionError,
  ForestfnError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from './errors.js';
import { DEFAULT_MAX_RETRY_AFTER_MS, parseRetryAfter, retryDelayMs } from './retryingFetch.js';
import type { FeatureRow, Instance } from './types.js';

// What is sent and answered is the spec's (its example row, its labels), so it type-checks whatever the table.
const [firstLabel = ''] = labels;
const predictAnswer = {
  model: health.model,
  predictions: [
    {
      label: firstLabel,
      probabilities: Object.fromEntries(labels.map((l) => [l, l === firstLabel ? 1 : 0])),
    },
  ],
};
const row = exampleRows[0] as FeatureRow;
const instance = toInstance(row) as Instance;
const missing = featureNames.at(-1) as string;
const fieldError = {
  pointer: instancePointer(missing),
  code: 'required',
  detail: `${missing} is required.`,
};

const ok: Behaviour = (req, res, body) =>
  json(200, req.url === '/api/predict' ? predictAnswer : health)(req, res, body);
const reset: Behaviour = (req) => req.socket.destroy();
/** Sends the headers at once and never the body. */
const stallBody: Behaviour = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write('{"status":');
};

const problem = (status: number, headers: Record<string, string> = {}) =>
  scriptedProblem(status, headers, [fieldError]);

let server: ScriptedServer;
let baseUrl = '';
beforeAll(async () => {
  server = await startScriptedServer(ok);
  baseUrl = server.baseUrl;
});
afterEach(() => server.script());
afterAll(() => server.close());

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('retries', () => {
  it('waits for Retry-After (seconds) after a 503, then succeeds', async () => {
    server.script(problem(503, { 'retry-after': '1' }), ok);
    const started = Date.now();
    await expect(createClient({ baseUrl }).health()).resolves.toEqual(health);
    expect(server.hits).toHaveLength(2);
    expect((server.hits[1]?.at ?? 0) - started).toBeGreaterThanOrEqual(950);
  });

  it('waits for Retry-After (HTTP-date) after a 429, then succeeds', async () => {
    // HTTP-dates have whole seconds: two seconds ahead is at least one second of wait.
    server.script(problem(429, { 'retry-after': new Date(Date.now() + 2000).toUTCString() }), ok);
    const started = Date.now();
    await expect(createClient({ baseUrl }).health()).resolves.toEqual(health);
    expect(server.hits).toHaveLength(2);
    expect((server.hits[1]?.at ?? 0) - started).toBeGreaterThanOrEqual(950);
  });

  it('retries 408 and 5xx with backoff, resending the same POST body', async () => {
    server.script(problem(408), problem(500), ok);
    const client = createClient({ baseUrl });
    await expect(client.predict([instance])).resolves.toEqual(predictAnswer);
    expect(server.hits.map((hit) => hit.body)).toEqual(
      Array(3).fill(JSON.stringify({ instances: [instance] })),
    );
    // Backoff: 125-250 ms, then 250-500 ms.
    const gaps = server.hits.slice(1).map((hit, i) => hit.at - (server.hits[i]?.at ?? 0));
    expect(gaps[0]).toBeGreaterThanOrEqual(115);
    expect(gaps[1]).toBeGreaterThanOrEqual(240);
  });

  it('gives up after maxRetries with a ServerError carrying the problem and the request id', async () => {
    server.script(problem(503, { 'retry-after': '0' }));
    const error = await caught(createClient({ baseUrl, maxRetries: 3 }).health());
    expect(server.hits).toHaveLength(4);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toBeInstanceOf(ForestfnError);
    const serverError = error as ServerError;
    expect(serverError.status).toBe(503);
    expect(serverError.requestId).toBe('server-rid');
    expect(serverError.problem?.title).toBe('Status 503');
    expect(serverError.message).toContain('x-request-id server-rid');
  });

  it('does not retry when maxRetries is 0', async () => {
    server.script(problem(500));
    await expect(createClient({ baseUrl, maxRetries: 0 }).health()).rejects.toBeInstanceOf(ServerError);
    expect(server.hits).toHaveLength(1);
  });

  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [404, ClientError],
    [413, ClientError],
  ])('does not retry a %i', async (status, Class) => {
    server.script(problem(status));
    const error = await caught(createClient({ baseUrl }).predict([instance]));
    expect(server.hits).toHaveLength(1);
    expect(error).toBeInstanceOf(Class);
    expect((error as ClientError).errors).toEqual([fieldError]);
  });

  it('throws a RateLimitError when 429 persists', async () => {
    server.script(problem(429, { 'retry-after': '0' }));
    await expect(createClient({ baseUrl, maxRetries: 1 }).health()).rejects.toBeInstanceOf(RateLimitError);
    expect(server.hits).toHaveLength(2);
  });

  it('keeps a non-problem error body out of `problem`', async () => {
    server.script((_req, res) =>
      res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'),
    );
    const error = (await caught(createClient({ baseUrl, maxRetries: 0 }).health())) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.problem).toBeUndefined();
    expect(error.errors).toEqual([]);
  });

  it('retries a connection reset, then succeeds', async () => {
    server.script(reset, ok);
    await expect(createClient({ baseUrl }).predict([instance])).resolves.toEqual(predictAnswer);
    expect(server.hits).toHaveLength(2);
  });

  it('throws a ConnectionError when every attempt is reset', async () => {
    server.script(reset);
    const error = await caught(createClient({ baseUrl, maxRetries: 1 }).health());
    expect(server.hits).toHaveLength(2);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).cause).toBeDefined();
  });

  it('throws a ConnectionError when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const client = createClient({ baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
    await expect(client.health()).rejects.toBeInstanceOf(ConnectionError);
  });
});

describe('timeouts', () => {
  it('gives each attempt its own timeout and succeeds when a later attempt is fast', async () => {
    server.script(later(5000, ok), ok);
    const started = Date.now();
    await expect(createClient({ baseUrl, timeoutMs: 200 }).health()).resolves.toEqual(health);
    expect(server.hits).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('throws a TimeoutError when every attempt is slow', async () => {
    server.script(later(5000, ok));
    const started = Date.now();
    const error = await caught(createClient({ baseUrl, timeoutMs: 150, maxRetries: 1 }).health());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(server.hits).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('also times out a body that stalls after the headers', async () => {
    server.script(stallBody);
    const error = await caught(createClient({ baseUrl, timeoutMs: 150, maxRetries: 0 }).health());
    expect(error).toBeInstanceOf(TimeoutError);
  });
});

describe('aborts', () => {
  it('stops a slow attempt at once and does not retry', async () => {
    server.script(later(5000, ok));
    const controller = new AbortController();
    const reason = new Error('user left');
    setTimeout(() => controller.abort(reason), 100);
    const started = Date.now();
    // The per-attempt timeout (30 s) is far away: only the caller's abort can end this early.
    const error = await caught(createClient({ baseUrl }).health({ signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).cause).toBe(reason);
    expect(Date.now() - started).toBeLessThan(2500);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.hits).toHaveLength(1);
  });

  it('stops waiting for a retry at once', async () => {
    server.script(problem(503, { 'retry-after': '10' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const started = Date.now();
    await expect(createClient({ baseUrl }).health({ signal: controller.signal })).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(Date.now() - started).toBeLessThan(2500);
    expect(server.hits).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    await expect(createClient({ baseUrl }).health({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(server.hits).toHaveLength(0);
  });
});

describe('requests', () => {
  it('sends the key, the default headers and the request id', async () => {
    const client = createClient({ baseUrl, apiKey: 'k3y', headers: { 'user-agent': 'forestfn-test' } });
    await client.predictRows([row], { requestId: 'my-id.1' });
    expect(server.hits[0]?.headers['x-functions-key']).toBe('k3y');
    expect(server.hits[0]?.headers['user-agent']).toBe('forestfn-test');
    expect(server.hits[0]?.headers['x-request-id']).toBe('my-id.1');
    expect(server.hits[0]?.headers['content-type']).toBe('application/json');
    expect(server.hits[0]?.body).toBe(JSON.stringify([row]));
  });

  it('looks fetch up on every request, so a fetch installed after createClient is used', async () => {
    const client = createClient({ baseUrl });
    const original = globalThis.fetch;
    const seen: string[] = [];
    globalThis.fetch = (input, init) => {
      seen.push(input instanceof Request ? input.url : String(input));
      return original(input, init);
    };
    try {
      await client.health();
    } finally {
      globalThis.fetch = original;
    }
    expect(seen).toEqual([`${baseUrl}/api/health`]);
  });

  it('uses the fetch option when given', async () => {
    const seen: string[] = [];
    const client = createClient({
      baseUrl,
      fetch: (url, init) => {
        seen.push(`${init.method} ${url}`);
        return fetch(url, init);
      },
    });
    await client.getModel();
    expect(seen).toEqual([`GET ${baseUrl}/api/model`]);
  });

  it('wraps a 200 that is not JSON in a ForestfnError', async () => {
    server.script((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('not json'));
    await expect(createClient({ baseUrl }).health()).rejects.toBeInstanceOf(ForestfnError);
  });
});

describe('options', () => {
  it.each([{ maxRetries: -1 }, { maxRetries: Number.NaN }, { maxRetries: 1.5 }, { timeoutMs: 0 }])(
    'refuses %o',
    (options) => {
      expect(() => createClient({ baseUrl, ...options })).toThrow(RangeError);
    },
  );

  it('treats a huge timeoutMs as no timeout rather than an overflowed timer', async () => {
    server.script(later(300, ok));
    await expect(createClient({ baseUrl, timeoutMs: Number.POSITIVE_INFINITY }).health()).resolves.toEqual(
      health,
    );
    expect(server.hits).toHaveLength(1);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
  it.each([
    ['120', 120_000],
    [' 3 ', 3000],
    ['0', 0],
    ['Wed, 21 Oct 2015 07:28:30 GMT', 30_000],
    ['Wed, 21 Oct 2015 07:27:00 GMT', 0],
    ['Wednesday, 21-Oct-15 07:28:05 GMT', 5000],
  ])('reads %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
  it.each([null, '', '-1', '1.5', 'soon', '2015-10-21'])('ignores %j', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  it('doubles the backoff per retry, with jitter between half and all of the step', () => {
    expect([0, 1, 2].map((retry) => retryDelayMs(retry, undefined, 0))).toEqual([125, 250, 500]);
    expect([0, 1, 2].map((retry) => retryDelayMs(retry, undefined, 1))).toEqual([250, 500, 1000]);
    expect(retryDelayMs(20, undefined, 1)).toBe(8000);
  });
  it('prefers Retry-After, up to maxRetryAfterMs', () => {
    const response = (value: string) =>
      new Response(null, { status: 503, headers: { 'retry-after': value } });
    expect(retryDelayMs(0, response('2'), 1)).toBe(2000);
    expect(retryDelayMs(0, response('30'), 1)).toBe(DEFAULT_MAX_RETRY_AFTER_MS);
    // Longer than the cap: not waited for (the call fails with the error instead).
    expect(retryDelayMs(0, response('3600'), 1)).toBeUndefined();
    expect(retryDelayMs(0, response('3'), 1, 2000)).toBeUndefined();
    expect(retryDelayMs(1, response('soon'), 0)).toBe(250);
  });
});
