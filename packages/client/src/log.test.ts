// The logging hook: what it is told, in which order, and that the key is never in any of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { later, ok, problem, type ScriptedServer, startScriptedServer } from '../test/scriptedServer.js';
import { createClient } from './createClient.js';
import { ConnectionError, TimeoutError } from './errors.js';
import { type LogEvent, redactingLogger } from './log.js';

// Characters that URL encoding changes, so the encoded form is checked too.
const apiKey = 'S3cr3t/key+with=chars';
const secrets = [apiKey, encodeURIComponent(apiKey), new URLSearchParams({ code: apiKey }).toString()];

let server: ScriptedServer;
let baseUrl = '';
beforeAll(async () => {
  server = await startScriptedServer();
  baseUrl = server.baseUrl;
});
afterAll(() => server.close());

/** A client whose logger records every event; `events` is checked for the key after each test. */
function recording(options: Parameters<typeof createClient>[0]) {
  const events: LogEvent[] = [];
  const client = createClient({ ...options, logger: (event) => events.push(event) });
  return { client, events };
}

function expectNoKey(events: readonly LogEvent[]): void {
  const text = JSON.stringify(events);
  for (const secret of secrets) expect(text).not.toContain(secret);
  expect(text).not.toContain('S3cr3t');
}

describe('redactingLogger', () => {
  const seen: LogEvent[] = [];
  const log = redactingLogger((event) => seen.push(event), apiKey);
  const base = { method: 'GET', attempt: 1 };

  it('redacts the code query parameter wherever it is, and the key anywhere in the URL', () => {
    seen.length = 0;
    for (const url of [
      `https://h/api/model?code=${encodeURIComponent(apiKey)}`,
      'https://h/api/model?a=1&code=other-key&b=2',
      'https://h/api/model?CODE=other-key#x',
      `https://h/${apiKey}/x`,
    ]) {
      log({ ...base, type: 'retry', url, delayMs: 1 });
    }
    expect(seen.map((e) => e.url)).toEqual([
      'https://h/api/model?code=***',
      'https://h/api/model?a=1&code=***&b=2',
      'https://h/api/model?CODE=***#x',
      'https://h/***/x',
    ]);
  });

  it('redacts credential headers whatever their value, and the key in any other header', () => {
    seen.length = 0;
    log({
      ...base,
      type: 'request',
      url: 'https://h/',
      headers: new Headers({
        'X-Functions-Key': 'anything',
        authorization: 'Bearer t',
        cookie: 'a=b',
        'x-other': `prefix ${apiKey}`,
        'x-request-id': 'rid',
      }),
    });
    expect(seen[0]).toMatchObject({
      headers: {
        'x-functions-key': '***',
        authorization: '***',
        cookie: '***',
        'x-other': 'prefix ***',
        'x-request-id': 'rid',
      },
    });
  });

  it('redacts error messages, and ignores a logger that throws', () => {
    seen.length = 0;
    log({
      ...base,
      type: 'error',
      url: 'https://h/',
      durationMs: 1,
      error: { name: 'TypeError', message: `fetch https://h/?code=${apiKey} failed` },
    });
    expect(seen[0]).toMatchObject({
      error: { name: 'TypeError', message: 'fetch https://h/?code=*** failed' },
    });
    const throwing = redactingLogger(() => {
      throw new Error('logger bug');
    }, apiKey);
    expect(() => throwing({ ...base, type: 'retry', url: 'https://h/', delayMs: 1 })).not.toThrow();
  });
});

describe('the logger option', () => {
  it('tells each request, response and retry, without the key', async () => {
    server.script(problem(503, { 'retry-after': '0' }), ok);
    const { client, events } = recording({ baseUrl, apiKey });
    await client.getModel({ requestId: 'rid-7' });
    expect(events.map((e) => e.type)).toEqual(['request', 'response', 'retry', 'request', 'response']);
    expect(events[0]).toEqual({
      type: 'request',
      method: 'GET',
      url: `${baseUrl}/api/model`,
      attempt: 1,
      headers: { 'x-functions-key': '***', 'x-request-id': 'rid-7' },
    });
    expect(events[1]).toMatchObject({ type: 'response', status: 503, requestId: 'server-rid', attempt: 1 });
    expect(events[2]).toEqual({
      type: 'retry',
      method: 'GET',
      url: `${baseUrl}/api/model`,
      attempt: 2,
      delayMs: 0,
    });
    expect(events[4]).toMatchObject({ type: 'response', status: 200, attempt: 2 });
    expect((events[4] as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0);
    // The key was sent all the same.
    expect(server.hits.map((hit) => hit.headers['x-functions-key'])).toEqual([apiKey, apiKey]);
    expectNoKey(events);
  });

  it('tells each failed attempt with its error, without the key, through to the final error', async () => {
    const { client, events } = recording({ baseUrl: 'http://127.0.0.1:1', apiKey, maxRetries: 1 });
    await expect(client.predictRows([], { headers: { 'x-api-key': apiKey } })).rejects.toBeInstanceOf(
      ConnectionError,
    );
    expect(events.map((e) => e.type)).toEqual(['request', 'error', 'retry', 'request', 'error']);
    expect(events[1]).toMatchObject({
      type: 'error',
      method: 'POST',
      error: { name: 'ConnectionError', message: 'Could not reach http://127.0.0.1:1.' },
    });
    expect(events[0]).toMatchObject({ headers: { 'x-api-key': '***', 'x-functions-key': '***' } });
    expectNoKey(events);
  });

  it('tells timeouts and keeps the key out of errors a custom fetch throws', async () => {
    server.script(later(2000, ok));
    const timed = recording({ baseUrl, apiKey, timeoutMs: 50, maxRetries: 0 });
    await expect(timed.client.health()).rejects.toBeInstanceOf(TimeoutError);
    expect(timed.events[1]).toMatchObject({ type: 'error', error: { name: 'TimeoutError' } });
    expectNoKey(timed.events);

    const leaky = recording({
      baseUrl,
      apiKey,
      maxRetries: 0,
      fetch: (url, init) => {
        throw new Error(`${url} with ${new Headers(init.headers).get('x-functions-key')}`);
      },
    });
    await expect(leaky.client.health()).rejects.toBeInstanceOf(ConnectionError);
    expect(leaky.events.map((e) => e.type)).toEqual(['request', 'error']);
    expectNoKey(leaky.events);
  });

  it('redacts the key sent as the code query parameter through the raw client', async () => {
    server.script(problem(500, { 'retry-after': '0' }), ok);
    const { client, events } = recording({ baseUrl, apiKey, maxRetries: 1 });
    const { response } = await client.raw.GET('/api/model', {
      params: { query: { code: apiKey } as never },
    });
    expect(response.status).toBe(200);
    expect(server.hits.map((hit) => hit.url)).toEqual(
      Array(2).fill(`/api/model?code=${encodeURIComponent(apiKey)}`),
    );
    expect(events.map((e) => e.type)).toEqual(['request', 'response', 'retry', 'request', 'response']);
    expect(events[0]?.url).toBe(`${baseUrl}/api/model?code=***`);
    expectNoKey(events);
  });
});
