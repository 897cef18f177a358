import { AbortError, ConnectionError, ForestfnError, TimeoutError } from './errors.js';
import type { RawLogEvent } from './log.js';
import { parseRetryAfter } from './retryAfter.js';

export { parseRetryAfter };

/** A fetch with the signature of `globalThis.fetch`, as the client calls it: a URL and an init. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** What governs one call: the client's options, overridden by the call's. */
export interface Settings {
  /** The fetch to call; undefined looks `globalThis.fetch` up at each attempt. */
  fetch: FetchLike | undefined;
  /** Limit of each attempt, from sending the request to the last byte of the response. */
  timeoutMs: number;
  /** Attempts after the first one. */
  maxRetries: number;
  /** Longest `Retry-After` waited for; a longer one ends the retries. */
  maxRetryAfterMs: number;
  /** The caller's signal. */
  signal: AbortSignal | undefined;
  /** The redacting logger, when there is one. */
  log: ((event: RawLogEvent) => void) | undefined;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** One attempt of a call. */
export interface Attempt {
  /** 1 for the first attempt. */
  n: number;
  /** Aborts this attempt (its timeout or the caller's signal); undefined when neither applies. */
  signal?: AbortSignal;
  /** Set when the timeout ended the attempt. */
  timedOut?: boolean;
  /** The request, once it is sent. */
  method?: string;
  url?: string;
  /** When it was sent (`performance.now()`), when there is a logger. */
  sentAt?: number;
}

/** First backoff step; each retry doubles it, then jitter keeps between half and all of it. */
const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 8_000;
/** Timers overflow past 2^31 - 1 ms and fire at once; a timeout this long is no timeout. */
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Default of `maxRetryAfterMs`: a server asking for a longer wait gets the error back at once. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 30_000;

/** 408, 429 and 5xx may succeed when sent again; other statuses will not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * How long to wait before retry number `retry` (0-based): the server's `Retry-After` when it gave
 * one, else exponential backoff with jitter. Undefined when `Retry-After` asks for more than
 * `maxRetryAfterMs`: not worth waiting for.
 */
export function retryDelayMs(
  retry: number,
  response: Response | undefined,
  random = Math.random(),
  maxRetryAfterMs = DEFAULT_MAX_RETRY_AFTER_MS,
): number | undefined {
  const retryAfter = parseRetryAfter(response?.headers.get('retry-after') ?? null);
  if (retryAfter !== undefined) return retryAfter > maxRetryAfterMs ? undefined : retryAfter;
  const step = Math.min(BACKOFF_BASE_MS * 2 ** retry, BACKOFF_MAX_MS);
  return step / 2 + (step / 2) * random;
}

const aborted = (signal: AbortSignal) => new AbortError('The request was aborted.', { cause: signal.reason });

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(aborted(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Sends one attempt's request: fetch called with the URL and an init whose body is a string or a
 * buffer. Given a Request instead, fetch copies it and pipes its body stream through another stream
 * on the way out: ~0.25 ms more per call to a local host with Node 20.
 */
export function send(s: Settings, a: Attempt, url: string, init: RequestInit): Promise<Response> {
  a.method = init.method ?? 'GET';
  a.url = url;
  if (s.log) {
    a.sentAt = performance.now();
    s.log({ type: 'request', method: a.method, url, attempt: a.n, headers: init.headers ?? {} });
  }
  // Looked up now, not when the client was made: MSW patches globalThis.fetch after clients exist.
  const fetch = s.fetch ?? globalThis.fetch;
  // The init is this attempt's (openapi-fetch makes one per call, retryingFetch resends its own).
  if (a.signal) init.signal = a.signal;
  return fetch(url, init);
}

/**
 * Runs one attempt under its own AbortSignal, aborted by its timeout or by the caller's signal.
 * Without either, none is made: no controller, no timer.
 */
function attempt<T>(s: Settings, a: Attempt, run: (a: Attempt) => Promise<T>): Promise<T> {
  const { timeoutMs, signal: caller } = s;
  const timed = timeoutMs < MAX_TIMER_MS;
  if (!(timed || caller)) return run(a);
  return new Promise<T>((resolve, reject) => {
    const controller = new AbortController();
    a.signal = controller.signal;
    // Rejected at once, so a fetch that ignores its signal still cannot outlive the timeout.
    const stop = (reason?: unknown) => {
      controller.abort(reason);
      reject(reason);
    };
    const onAbort = () => stop(caller?.reason);
    const timer = timed
      ? setTimeout(() => {
          a.timedOut = true;
          stop();
        }, timeoutMs)
      : undefined;
    caller?.addEventListener('abort', onAbort, { once: true });
    const done = () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onAbort);
    };
    run(a).then(
      (value) => {
        done();
        resolve(value);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}

/**
 * Runs `run` (which sends with `send` and reads the whole response) up to `1 + maxRetries` times:
 * again after a 408, 429 or 5xx answer, a timeout or a connection error, with exponential backoff
 * and jitter, or after the `Retry-After` the server asked for (up to `maxRetryAfterMs`). Every
 * request of this API is safe to repeat (its only POST is a pure function). Resolves with the last
 * answer, error statuses included; throws `ConnectionError`, `TimeoutError` or `AbortError`.
 */
export async function retry<T extends { response: Response }>(
  s: Settings,
  run: (a: Attempt) => Promise<T>,
): Promise<T> {
  const { signal: caller, log } = s;
  for (let n = 1; ; n++) {
    if (caller?.aborted) throw aborted(caller);
    const a: Attempt = { n };
    let answer: T | undefined;
    let failure: ForestfnError | undefined;
    try {
      answer = await attempt(s, a, run);
    } catch (cause) {
      failure = caller?.aborted
        ? aborted(caller)
        : a.timedOut
          ? new TimeoutError(`No complete response within ${s.timeoutMs} ms.`, { cause })
          : cause instanceof ForestfnError
            ? cause
            : // Never sent (the request could not be built) or a body that is not JSON: not retried.
              !a.url || cause instanceof SyntaxError
              ? new ForestfnError(`The request failed: ${(cause as Error).message}`, { cause })
              : new ConnectionError(`Could not reach ${new URL(a.url).origin}.`, { cause });
    }
    const response = answer?.response;
    // Told only of attempts that were sent.
    const tell = (event: DistributiveOmit<RawLogEvent, 'method' | 'url' | 'attempt'>, attempt = n) =>
      a.url && log?.({ method: a.method as string, url: a.url, attempt, ...event } as RawLogEvent);
    const durationMs = log ? performance.now() - (a.sentAt as number) : 0;
    tell(
      response
        ? {
            type: 'response',
            status: response.status,
            requestId: response.headers.get('x-request-id') ?? undefined,
            durationMs,
          }
        : {
            type: 'error',
            error: { name: failure?.name ?? '', message: failure?.message ?? '' },
            durationMs,
          },
    );
    const retryable = response
      ? isRetryableStatus(response.status)
      : failure instanceof ConnectionError || failure instanceof TimeoutError;
    const delayMs =
      retryable && n <= s.maxRetries
        ? retryDelayMs(n - 1, response, Math.random(), s.maxRetryAfterMs)
        : undefined;
    if (delayMs === undefined) {
      if (answer) return answer;
      throw failure;
    }
    tell({ type: 'retry', delayMs }, n + 1);
    await sleep(delayMs, caller);
  }
}

/**
 * A fetch taking a Request, as openapi-fetch calls it, sent through `retry` with the settings
 * `settingsFor` gives for it. The body is read once and resent on each attempt; the response is
 * read in full inside each attempt, so the timeout and the retries also cover a body that stalls.
 */
export function retryingFetch(
  settingsFor: (request: Request) => Settings,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const s = settingsFor(request);
    const init: RequestInit = {
      method: request.method,
      headers: request.headers,
      body: request.body && (await request.arrayBuffer()),
    };
    const { response } = await retry(s, async (a) => {
      const response = await send(s, a, request.url, init);
      return { response: new Response(response.body && (await response.arrayBuffer()), response) };
    });
    return response;
  };
}
