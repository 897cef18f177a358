import openapiFetch, { type Client } from 'openapi-fetch';
import { apiError, ForestfnError } from './errors.js';
import type { paths } from './generated/openapi.js';
import { type FetchLike, retryingFetch } from './retryingFetch.js';
import type { FeatureRow, Health, Instance, Label, ModelCard, PredictResponse } from './types.js';

export interface ClientOptions {
  /** The service's origin, e.g. `https://my-app.azurewebsites.net` (the paths already start with `/api`). */
  baseUrl: string;
  /** The function key, sent as the `x-functions-key` header. */
  apiKey?: string | undefined;
  /** The fetch to use instead of `globalThis.fetch`; either is looked up on every request. */
  fetch?: FetchLike | undefined;
  /** Limit of each attempt in milliseconds, from sending to the last byte received (default 30000). */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt on 408, 429, 5xx, timeouts and connection errors (default 2). */
  maxRetries?: number | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
}

export interface RequestOptions {
  /** Aborts the request, retries included; the call then throws `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Your correlation id, sent as `x-request-id` (1 to 128 of `A-Za-z0-9._:-`). */
  requestId?: string | undefined;
}

export interface ForestfnClient {
  /** Predicts one label with class probabilities per instance (at most 1000), in order. */
  predict(instances: readonly Instance[], options?: RequestOptions): Promise<PredictResponse>;
  /** The seed-compatible form: feature rows in the spec's order in, one label per row out. */
  predictRows(rows: readonly FeatureRow[], options?: RequestOptions): Promise<Label[]>;
  /** The model card of the model being served. */
  getModel(options?: RequestOptions): Promise<ModelCard>;
  /** Liveness and readiness; never needs a key. */
  health(options?: RequestOptions): Promise<Health>;
  /** The underlying openapi-fetch client, with the same key, headers, retries and timeouts. */
  readonly raw: Client<paths>;
}

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  let answer: Answer<T>;
  try {
    answer = await call;
  } catch (error) {
    // E.g. an invalid baseUrl or a 200 whose body is not JSON: still one base class to catch.
    if (error instanceof ForestfnError) throw error;
    throw new ForestfnError(`The request failed: ${(error as Error).message}`, { cause: error });
  }
  if (!answer.response.ok) throw apiError(answer.response, answer.error);
  return answer.data as T;
}

function init(options: RequestOptions | undefined) {
  return {
    signal: options?.signal ?? null,
    params: { header: options?.requestId ? { 'x-request-id': options.requestId } : {} },
  };
}

type CreateOpenApiClient = typeof openapiFetch;

/** A typed client for a forestfn prediction API. */
export function createClient(options: ClientOptions): ForestfnClient {
  const { baseUrl, apiKey, fetch, timeoutMs = 30_000, maxRetries = 2, headers } = options;
  // NaN or a negative count would never end the retry loop.
  if (!(Number.isInteger(maxRetries) && maxRetries >= 0))
    throw new RangeError('maxRetries must be an integer >= 0.');
  if (!(timeoutMs > 0)) throw new RangeError('timeoutMs must be > 0.');
  // The CJS build sees openapi-fetch's `module.exports` as its default import (Node's interop),
  // the ESM build sees the function itself.
  const createOpenApiClient =
    (openapiFetch as CreateOpenApiClient & { default?: CreateOpenApiClient }).default ?? openapiFetch;
  const raw = createOpenApiClient<paths>({
    baseUrl,
    headers: apiKey === undefined ? { ...headers } : { ...headers, 'x-functions-key': apiKey },
    // Resolved per request, not captured now: MSW patches globalThis.fetch after clients exist.
    fetch: retryingFetch({ fetch: (request) => (fetch ?? globalThis.fetch)(request), timeoutMs, maxRetries }),
  });
  return {
    raw,
    // One route answers both forms; which one it answered follows from the form sent.
    predict: async (instances, options) =>
      (await unwrap(
        raw.POST('/api/predict', { ...init(options), body: { instances: [...instances] } }),
      )) as PredictResponse,
    predictRows: async (rows, options) =>
      (await unwrap(raw.POST('/api/predict', { ...init(options), body: [...rows] }))) as Label[],
    getModel: (options) => unwrap(raw.GET('/api/model', init(options))),
    health: (options) => unwrap(raw.GET('/api/health', init(options))),
  };
}
