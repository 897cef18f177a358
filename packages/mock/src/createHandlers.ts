import { createService, matchRoute, type OperationId } from '@forestfn/service';
import { delay, type HttpHandler, HttpResponse, http } from 'msw';
import { bundledModel, modelVersion } from './bundledModel.js';
import { failureResponse } from './failureResponse.js';

/** An operation of the API, by its operationId in the spec. */
export type MockOperation = OperationId;

/** The base URL of `handlers`: the spec's server, where `pnpm start` listens. */
export const defaultBaseUrl = 'http://localhost:7071';

export interface MockOptions {
  /** The origin the handlers answer on (paths under `/api` and `/v2`); default `http://localhost:7071`. */
  baseUrl?: string | undefined;
  /** A function key the mocked API then requires for predict and getModel, as a deployment with a key does. */
  apiKey?: string | undefined;
  /** Milliseconds added before every answer; default 0. `reset()` restores this value. */
  latencyMs?: number | undefined;
  /**
   * Page origins allowed to call the API cross-origin (CORS), as a deployment's FORESTFN_CORS_ORIGINS:
   * their answers, injected failures too, carry `Access-Control-Allow-Origin` and expose `x-request-id`
   * and `x-model-version`. Default none.
   */
  corsOrigins?: readonly string[] | undefined;
}

export interface FailureOptions {
  /** The HTTP status of the injected failure (400 to 599); default 503. */
  status?: number | undefined;
  /** Sends `Retry-After` with this many seconds. */
  retryAfterSeconds?: number | undefined;
  /** Fails only requests to this operation; by default any request the handlers answer. */
  operation?: MockOperation | undefined;
}

export interface ForestfnMock {
  /** The MSW handlers: pass them to `setupServer`/`setupWorker` or `server.use()`. */
  readonly handlers: HttpHandler[];
  /** Answers the next `count` requests with a problem+json failure instead of the service's answer. */
  failNext(count: number, options?: FailureOptions): void;
  /** Fails the next `count` requests at the network level (fetch rejects), like a dropped connection. */
  failNextWithNetworkError(count: number, options?: Pick<FailureOptions, 'operation'>): void;
  /** Sets the milliseconds added before every answer, until `reset()`. */
  setLatency(ms: number): void;
  /** How many requests the handlers received (of one operation, or all) since creation or `reset()`. */
  requestCount(operation?: MockOperation): number;
  /** Drops pending failures, restores the latency given at creation and zeroes the request counts. */
  reset(): void;
}

interface PendingFailure {
  remaining: number;
  operation: MockOperation | undefined;
  kind: 'network' | { status: number; retryAfterSeconds: number | undefined };
}

function originOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
    throw new TypeError(
      `baseUrl must be an origin such as ${defaultBaseUrl} (the API's paths start with /api): ${baseUrl}`,
    );
  }
  return url.origin;
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`count must be a positive integer: ${count}`);
}

function checkLatency(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`latency must be a finite number of milliseconds >= 0: ${ms}`);
  return ms;
}

/** MSW handlers that answer with the real service and the bundled model, plus controls for resilience tests. */
export function createHandlers(options: MockOptions = {}): ForestfnMock {
  const origin = originOf(options.baseUrl ?? defaultBaseUrl);
  const initialLatency = checkLatency(options.latencyMs ?? 0);
  // No docsAssets: the mock does not serve the API reference page (GET /api/docs answers 404), which would
  // put Swagger UI (~2 MB) into every consumer's test dependencies.
  const service = createService({
    model: bundledModel,
    apiKey: options.apiKey,
    corsOrigins: options.corsOrigins,
  });

  let latency = initialLatency;
  let pending: PendingFailure[] = [];
  let counts = new Map<MockOperation | undefined, number>();

  // Decided when the request arrives, not after the latency: a request a client gave up on must not
  // consume a failure queued later (e.g. by the next test).
  function takeFailure(operation: MockOperation | undefined): PendingFailure['kind'] | undefined {
    const index = pending.findIndex(
      (entry) => entry.operation === undefined || entry.operation === operation,
    );
    const entry = pending[index];
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) pending.splice(index, 1);
    return entry.kind;
  }

  // The service routes by exact path, as every host does; MSW's own matching is looser (case, a
  // trailing slash), so it only picks what reaches the service and the service decides the answer.
  const operationOf = (request: Request) => matchRoute(new URL(request.url).pathname)?.route.operationId;

  async function answer({ request }: { request: Request }): Promise<Response> {
    const operation = operationOf(request);
    counts.set(operation, (counts.get(operation) ?? 0) + 1);
    const failure = takeFailure(operation);
    const wait = latency;
    if (wait > 0) await delay(wait);
    if (failure === 'network') return HttpResponse.error();
    if (failure) {
      const response = failureResponse(request, failure.status, failure.retryAfterSeconds, modelVersion);
      service.applyCors(request, response.headers);
      return response;
    }
    return service.fetch(request);
  }

  // Every path under /api and the Open Inference Protocol's /v2 reaches the service, which answers 404
  // and 405 itself, as a deployment does.
  const handlers: HttpHandler[] = ['/api', '/api/*', '/v2', '/v2/*'].map((path) =>
    http.all(`${origin}${path}`, answer),
  );

  return {
    handlers,
    failNext(count, failure = {}) {
      checkCount(count);
      const status = failure.status ?? 503;
      if (!Number.isInteger(status) || status < 400 || status > 599) {
        throw new RangeError(`status must be an error status, 400 to 599: ${status}`);
      }
      const retryAfter = failure.retryAfterSeconds;
      if (retryAfter !== undefined && !(Number.isInteger(retryAfter) && retryAfter >= 0)) {
        throw new RangeError(`retryAfterSeconds must be a whole number >= 0: ${retryAfter}`);
      }
      pending.push({
        remaining: count,
        operation: failure.operation,
        kind: { status, retryAfterSeconds: retryAfter },
      });
    },
    failNextWithNetworkError(count, failure = {}) {
      checkCount(count);
      pending.push({ remaining: count, operation: failure.operation, kind: 'network' });
    },
    setLatency(ms) {
      latency = checkLatency(ms);
    },
    requestCount(operation) {
      if (operation !== undefined) return counts.get(operation) ?? 0;
      let total = 0;
      for (const count of counts.values()) total += count;
      return total;
    },
    reset() {
      pending = [];
      latency = initialLatency;
      counts = new Map();
    },
  };
}
