import { AbortError, ConnectionError, type ForestfnError, TimeoutError } from './errors.js';

/** A fetch that takes a Request, as openapi-fetch calls it. */
export type FetchLike = (request: Request) => Promise<Response>;

export interface RetryOptions {
  /** The fetch each attempt calls. */
  fetch: FetchLike;
  /** Limit of each attempt, from sending the request to the last byte of the response. */
  timeoutMs: number;
  /** Attempts after the first one. */
  maxRetries: number;
}

/** First backoff step; each retry doubles it, then jitter keeps between half and all of it. */
const BACKOFF_BASE_MS = 250;
const BACKOFF_MAX_MS = 8_000;
/** A server asking for a longer wait is asked again after this long rather than hanging the caller. */
export const RETRY_AFTER_MAX_MS = 30_000;

/** 408, 429 and 5xx may succeed when sent again; other statuses will not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * A `Retry-After` header as milliseconds from `now`: delay-seconds or an HTTP-date (past dates
 * give 0); undefined when absent or malformed.
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  const text = value?.trim() ?? '';
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // Every HTTP-date form starts with a day name; this keeps Date.parse from guessing at "1.5".
  const date = /^[A-Za-z]{3}/.test(text) ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** How long to wait before retry number `retry` (0-based): the server's word when it gave one, else backoff. */
export function retryDelayMs(retry: number, response: Response | undefined, random = Math.random()): number {
  const retryAfter = parseRetryAfter(response?.headers.get('retry-after') ?? null);
  if (retryAfter !== undefined) return Math.min(retryAfter, RETRY_AFTER_MAX_MS);
  const step = Math.min(BACKOFF_BASE_MS * 2 ** retry, BACKOFF_MAX_MS);
  return step / 2 + (step / 2) * random;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError('The request was aborted.', { cause: signal.reason }));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

// The body is read inside the attempt so the timeout and the retries also cover a response that
// stalls or breaks after its headers. The API answers small JSON documents, so buffering is cheap.
async function fetchAndRead(fetch: FetchLike, request: Request): Promise<Response> {
  const response = await fetch(request);
  const body = response.body === null ? null : await response.arrayBuffer();
  return new Response(body, response);
}

/** One attempt with its own timeout, aborted at once by the caller's signal. */
async function attempt(
  fetch: FetchLike,
  request: Request,
  body: ArrayBuffer | null,
  timeoutMs: number,
): Promise<Response> {
  const caller = request.signal;
  const controller = new AbortController();
  const onCallerAbort = () => controller.abort(caller.reason);
  caller.addEventListener('abort', onCallerAbort, { once: true });
  let timedOut = false;
  // Timers overflow past 2^31 - 1 ms and would fire at once; that long is "no timeout" anyway.
  const timer = setTimeout(
    () => {
      timedOut = true;
      controller.abort();
    },
    Math.min(timeoutMs, 2 ** 31 - 1),
  );
  // Raced so that a fetch which ignores its signal still cannot outlive the timeout.
  const stopped = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  try {
    const sent = new Request(request, { body, signal: controller.signal });
    return await Promise.race([fetchAndRead(fetch, sent), stopped]);
  } catch (cause) {
    if (caller.aborted) throw new AbortError('The request was aborted.', { cause: caller.reason });
    if (timedOut) throw new TimeoutError(`No complete response within ${timeoutMs} ms.`, { cause });
    throw new ConnectionError(`Could not reach ${new URL(request.url).origin}.`, { cause });
  } finally {
    clearTimeout(timer);
    caller.removeEventListener('abort', onCallerAbort);
  }
}

/**
 * A fetch that retries 408, 429, 5xx, timeouts and connection errors with exponential backoff and
 * jitter, honouring `Retry-After`. Every request it is given is safe to repeat (the API's only POST
 * is a pure function). Throws `ConnectionError`, `TimeoutError` or `AbortError`; an error status
 * is returned as a Response, as fetch does.
 */
export function retryingFetch(options: RetryOptions): FetchLike {
  return async (request) => {
    // Read once and given to each attempt: a body stream can be read only once, and a buffer is
    // sent with a Content-Length rather than chunked.
    const body = request.body === null ? null : await request.arrayBuffer();
    for (let retry = 0; ; retry++) {
      if (request.signal.aborted) {
        throw new AbortError('The request was aborted.', { cause: request.signal.reason });
      }
      let response: Response | undefined;
      let failure: ForestfnError | undefined;
      try {
        response = await attempt(options.fetch, request, body, options.timeoutMs);
      } catch (error) {
        if (error instanceof AbortError) throw error;
        failure = error as ForestfnError;
      }
      if (retry >= options.maxRetries || (response && !isRetryableStatus(response.status))) {
        if (response) return response;
        throw failure;
      }
      await sleep(retryDelayMs(retry, response), request.signal);
    }
  };
}
