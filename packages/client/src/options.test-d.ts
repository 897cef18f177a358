// The typing claims of the per-request options, `.withResponse()` and the logger, checked by the
// compiler: each `@ts-expect-error` fails the typecheck when the line under it stops being an error.
import { describe, expectTypeOf, it } from 'vitest';
import type { ApiPromise, WithResponse } from './apiPromise.js';
import { type CallOptions, createClient, type ForestfnClient, type RequestOptions } from './createClient.js';
import type { LogEvent, Logger } from './log.js';
import type { FetchLike } from './retryingFetch.js';
import type { FeatureRow, Health, Instance, Label, ModelCard, PredictResponse } from './types.js';

const client = createClient({ baseUrl: 'http://localhost:7071' });
declare const instance: Instance;
declare const row: FeatureRow;
const everything: RequestOptions = {
  signal: AbortSignal.timeout(1),
  requestId: 'id',
  timeoutMs: 1000,
  maxRetries: 0,
  maxRetryAfterMs: 0,
  headers: { 'x-a': 'b' },
  fetch: globalThis.fetch,
};

describe('per-request options', () => {
  it('are taken by every method', () => {
    expectTypeOf(client.predict).toBeCallableWith([instance], everything);
    expectTypeOf(client.predictRows).toBeCallableWith([row], everything);
    expectTypeOf(client.getModel).toBeCallableWith(everything);
    expectTypeOf(client.health).toBeCallableWith(everything);
    expectTypeOf<Parameters<ForestfnClient['health']>[0]>().toEqualTypeOf<RequestOptions | undefined>();
  });

  it('are the client options a call may override', () => {
    expectTypeOf<RequestOptions>().toExtend<CallOptions>();
    expectTypeOf(createClient).toBeCallableWith({ baseUrl: 'x', ...everything, signal: undefined });
    // @ts-expect-error a misspelt option
    void client.health({ timeout: 1000 });
    // @ts-expect-error a number where a string goes
    void client.health({ headers: { 'x-a': 1 } });
    // @ts-expect-error the key is the client's, not a call's
    void client.health({ apiKey: 'k' });
  });

  it('take any fetch with the signature of globalThis.fetch', () => {
    expectTypeOf(globalThis.fetch).toExtend<FetchLike>();
    expectTypeOf<FetchLike>().parameters.toEqualTypeOf<[string, RequestInit]>();
    // @ts-expect-error a fetch that takes a Request only
    void client.health({ fetch: (request: Request) => fetch(request) });
  });
});

describe('withResponse', () => {
  it('is on what every method returns, beside the awaited data', async () => {
    expectTypeOf(client.predict([instance])).toEqualTypeOf<ApiPromise<PredictResponse>>();
    expectTypeOf(client.predict([instance])).toExtend<Promise<PredictResponse>>();
    expectTypeOf(await client.predictRows([row])).toEqualTypeOf<Label[]>();
    expectTypeOf(await client.getModel().withResponse()).toEqualTypeOf<WithResponse<ModelCard>>();
    const { data, response, requestId } = await client.health().withResponse();
    expectTypeOf(data).toEqualTypeOf<Health>();
    expectTypeOf(response).toEqualTypeOf<Response>();
    expectTypeOf(requestId).toEqualTypeOf<string | undefined>();
  });
});

describe('logger', () => {
  it('gets events that narrow by type', () => {
    const logger: Logger = (event) => {
      expectTypeOf(event).toEqualTypeOf<LogEvent>();
      expectTypeOf(event.url).toEqualTypeOf<string>();
      if (event.type === 'request') expectTypeOf(event.headers).toEqualTypeOf<Record<string, string>>();
      if (event.type === 'response') expectTypeOf(event.status).toEqualTypeOf<number>();
      if (event.type === 'error')
        expectTypeOf(event.error).toEqualTypeOf<{ name: string; message: string }>();
      if (event.type === 'retry') expectTypeOf(event.delayMs).toEqualTypeOf<number>();
      // @ts-expect-error only a response has a status
      void event.status;
    };
    expectTypeOf(createClient).toBeCallableWith({ baseUrl: 'x', logger });
    // @ts-expect-error a logger is a function of an event, not a console
    void createClient({ baseUrl: 'x', logger: console });
  });
});
