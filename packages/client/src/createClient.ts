import openapiFetch, { type Client } from 'openapi-fetch';
import { ApiPromise } from './apiPromise.js';
import { apiError } from './errors.js';
import type { paths } from './generated/openapi.js';
import { type Logger, redactingLogger } from './log.js';
import {
  DEFAULT_MAX_RETRY_AFTER_MS,
  type FetchLike,
  retry,
  retryingFetch,
  type Settings,
  send,
} from './retryingFetch.js';
import type { FeatureRow, Health, Instance, Label, ModelCard, PredictResponse } from './types.js';

/** Options a client sets for all its calls and a call may override. */
export interface CallOptions {
  /** The fetch to use instead of `globalThis.fetch` (which is looked up on every request). */
  fetch?: FetchLike | undefined;
  /** Limit of each attempt in milliseconds, from sending to the last byte received (default 30000). */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt on 408, 429, 5xx, timeouts and connection errors (default 2). */
  maxRetries?: number | undefined;
  /** Longest `Retry-After` to wait for, in ms (default 30000); a longer one fails at once with the error. */
  maxRetryAfterMs?: number | undefined;
  /** Headers to send; a call's are added to the client's, and win where both set one. */
  headers?: Record<string, string> | undefined;
}

export interface ClientOptions extends CallOptions {
  /** The service's origin, e.g. `https://my-app.azurewebsites.net` (the paths already start with `/api`). */
  baseUrl: string;
  /** The function key, sent as the `x-functions-key` header. */
  apiKey?: string | undefined;
  /** Called with an event per request, response, failed attempt and retry; never given the key. */
  logger?: Logger | undefined;
}

export interface RequestOptions extends CallOptions {
  /** Aborts the request, retries included; the call then throws `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Your correlation id, sent as `x-request-id` (1 to 128 of `A-Za-z0-9._:-`). */
  requestId?: string | undefined;
}

export interface ForestfnClient {
  /** Predicts one label with class probabilities per instance (at most 1000), in order. */
  predict(instances: readonly Instance[], options?: RequestOptions): ApiPromise<PredictResponse>;
  /** The seed-compatible form: feature rows in the spec's order in, one label per row out. */
  predictRows(rows: readonly FeatureRow[], options?: RequestOptions): ApiPromise<Label[]>;
  /** The model card of the model being served. */
  getModel(options?: RequestOptions): ApiPromise<ModelCard>;
  /** Liveness and readiness; never needs a key. */
  health(options?: RequestOptions): ApiPromise<Health>;
  /** The underlying openapi-fetch client, with the same key, headers, retries, timeouts and logger. */
  readonly raw: Client<paths>;
}

/**
 * What openapi-fetch builds for the client's methods in place of a Request (its `Request` option):
 * the URL and init, handed to fetch as they are (see `send`). A Request would turn the JSON string
 * body into a stream that fetch copies and pipes again, the costliest part of a call before.
 */
class Outgoing {
  constructor(
    readonly url: string,
    readonly init: RequestInit,
  ) {}
}

/** What openapi-fetch answers. */
interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The part of openapi-fetch's client the methods use, with its path types left to the methods. */
type Core = Record<
  'GET' | 'POST',
  (
    path: string,
    init: { body: unknown; headers: Record<string, string> | undefined; fetch: (o: Outgoing) => unknown },
  ) => Promise<Answer>
>;

/** The answer of a successful call; an error status is thrown as its `ApiError`. */
function okOrThrow(answer: Answer): Answer {
  if (!answer.response.ok) throw apiError(answer.response, answer.error);
  return answer;
}

type CreateOpenApiClient = typeof openapiFetch;

/** The settings of a call: the base's, overridden by the options', checked. */
function settings(base: Settings, o: CallOptions & { signal?: AbortSignal | null | undefined }): Settings {
  const s: Settings = {
    fetch: o.fetch ?? base.fetch,
    timeoutMs: o.timeoutMs ?? base.timeoutMs,
    maxRetries: o.maxRetries ?? base.maxRetries,
    maxRetryAfterMs: o.maxRetryAfterMs ?? base.maxRetryAfterMs,
    signal: o.signal ?? undefined,
    log: base.log,
  };
  // NaN or a negative count would never end the retry loop.
  if (!(Number.isInteger(s.maxRetries) && s.maxRetries >= 0))
    throw new RangeError('maxRetries must be an integer >= 0.');
  if (!(s.timeoutMs > 0)) throw new RangeError('timeoutMs must be > 0.');
  if (!(s.maxRetryAfterMs >= 0)) throw new RangeError('maxRetryAfterMs must be >= 0.');
  return s;
}

/** A typed client for a forestfn prediction API. */
export function createClient(options: ClientOptions): ForestfnClient {
  const { baseUrl, apiKey, logger } = options;
  const defaults = settings(
    {
      fetch: undefined,
      timeoutMs: 30_000,
      maxRetries: 2,
      maxRetryAfterMs: DEFAULT_MAX_RETRY_AFTER_MS,
      signal: undefined,
      log: logger && redactingLogger(logger, apiKey),
    },
    options,
  );
  const headers =
    apiKey === undefined ? { ...options.headers } : { ...options.headers, 'x-functions-key': apiKey };
  // The CJS build sees openapi-fetch's `module.exports` as its default import (Node's interop),
  // the ESM build sees the function itself.
  const createOpenApiClient =
    (openapiFetch as CreateOpenApiClient & { default?: CreateOpenApiClient }).default ?? openapiFetch;
  const core = createOpenApiClient<paths>({
    baseUrl,
    headers,
    Request: Outgoing as unknown as typeof Request,
  }) as unknown as Core;
  const raw = createOpenApiClient<paths>({
    baseUrl,
    headers,
    fetch: retryingFetch((request) => settings(defaults, { signal: request.signal })),
  });

  function call<T>(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    o: RequestOptions | undefined,
  ): ApiPromise<T> {
    let answer: Promise<Answer>;
    try {
      const s = o ? settings(defaults, o) : defaults;
      const headers = o?.requestId ? { ...o.headers, 'x-request-id': o.requestId } : o?.headers;
      answer = retry(s, (a) =>
        core[method](path, { body, headers, fetch: (outgoing) => send(s, a, outgoing.url, outgoing.init) }),
      ).then(okOrThrow);
    } catch (error) {
      // A RangeError of an option: a rejection, like every other failure of a call.
      answer = Promise.reject(error);
    }
    return new ApiPromise(answer as Promise<{ data: T; response: Response }>);
  }

  return {
    raw,
    // One route answers both forms; which one it answered follows from the form sent.
    predict: (instances, o) => call('POST', '/api/predict', { instances }, o),
    predictRows: (rows, o) => call('POST', '/api/predict', rows, o),
    getModel: (o) => call('GET', '/api/model', undefined, o),
    health: (o) => call('GET', '/api/health', undefined, o),
  };
}
