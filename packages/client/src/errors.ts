import { parseRetryAfter } from './retryAfter.js';
import type { FieldError, Problem } from './types.js';

// Each class sets `name` as a literal: minifiers rename classes, and `err.name` should stay readable.

/** The base of every error the client throws, so one `instanceof` check catches them all. */
export class ForestfnError extends Error {
  override name = 'ForestfnError';
}

/** The service answered with an error status. */
export class ApiError extends ForestfnError {
  override name = 'ApiError';
  /** The HTTP status of the response. */
  readonly status: number;
  /** The problem details of the response, or undefined when its body was not a problem (e.g. a proxy's page). */
  readonly problem: Problem | undefined;
  /** The response's `x-request-id`, to quote when asking the service's operators. */
  readonly requestId: string | undefined;
  /** The response's headers. */
  readonly headers: Headers;

  constructor(status: number, problem: Problem | undefined, headers: Headers) {
    const requestId = headers.get('x-request-id') ?? problem?.requestId;
    const fields = problem?.errors.map((e) => `${e.pointer || '(body)'}: ${e.code}`).join(', ');
    super(
      `${status} ${problem?.title ?? 'HTTP error'}${problem ? `: ${problem.detail}` : ''}` +
        `${fields ? ` [${fields}]` : ''}${requestId ? ` (x-request-id ${requestId})` : ''}`,
    );
    this.status = status;
    this.problem = problem;
    this.requestId = requestId;
    this.headers = headers;
  }

  /** The offending fields (JSON pointers into the request body, with a code each); empty when none. */
  get errors(): FieldError[] {
    return this.problem?.errors ?? [];
  }

  /** How long the response's `Retry-After` asks to wait, in milliseconds; undefined without one. */
  get retryAfterMs(): number | undefined {
    return parseRetryAfter(this.headers.get('retry-after'));
  }
}

/** A 4xx: the request was refused; sending it again unchanged will not help (except 408). */
export class ClientError extends ApiError {
  override name = 'ClientError';
}

/** A 400: the body did not match the schema; `errors` names each offending field. */
export class BadRequestError extends ClientError {
  override name = 'BadRequestError';
}

/** A 401: the function key is missing or wrong. */
export class AuthenticationError extends ClientError {
  override name = 'AuthenticationError';
}

/** A 429: too many requests, still so after the retries (or asking to wait longer than `maxRetryAfterMs`). */
export class RateLimitError extends ClientError {
  override name = 'RateLimitError';
}

/** A 5xx: a fault of the service, still so after the retries (or asking to wait longer than `maxRetryAfterMs`). */
export class ServerError extends ApiError {
  override name = 'ServerError';
}

/** The service could not be reached or the connection broke, on every attempt. */
export class ConnectionError extends ForestfnError {
  override name = 'ConnectionError';
}

/** Every attempt took longer than `timeoutMs`. */
export class TimeoutError extends ForestfnError {
  override name = 'TimeoutError';
}

/** The caller's `signal` aborted the request; `cause` is the signal's reason. Never retried. */
export class AbortError extends ForestfnError {
  override name = 'AbortError';
}

function isProblem(body: unknown): body is Problem {
  const value = body as Partial<Problem> | null;
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof value.status === 'number' &&
    Array.isArray(value.errors)
  );
}

/** The error class for a response's status, carrying its problem details when the body is one. */
export function apiError(response: Response, body: unknown): ApiError {
  const { status, headers } = response;
  const problem = isProblem(body) ? body : undefined;
  const Class =
    status === 400
      ? BadRequestError
      : status === 401
        ? AuthenticationError
        : status === 429
          ? RateLimitError
          : status >= 500
            ? ServerError
            : status >= 400
              ? ClientError
              : ApiError;
  return new Class(status, problem, headers);
}
