import { describe, expect, it } from 'vitest';
import {
  ApiError,
  AuthenticationError,
  apiError,
  BadRequestError,
  ClientError,
  ForestfnError,
  RateLimitError,
  ServerError,
} from './errors.js';
import type { Problem } from './types.js';

const problem: Problem = {
  type: 'https://forestfn.dev/problems/validation',
  title: 'Invalid request',
  status: 400,
  detail: 'The request body does not match the schema.',
  requestId: 'from-body',
  errors: [
    { pointer: '/instances/0/some_feature', code: 'required', detail: 'some_feature is required.' },
    { pointer: '', code: 'too_many_items', detail: 'At most 1000.' },
  ],
};

function response(status: number, headers: Record<string, string> = {}): Response {
  return new Response(null, { status, headers });
}

describe('apiError', () => {
  it.each([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, ClientError],
    [408, ClientError],
    [413, ClientError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
    [304, ApiError],
  ])('maps %i to %o', (status, Class) => {
    const error = apiError(response(status), undefined);
    expect(error.constructor).toBe(Class);
    expect(error).toBeInstanceOf(ForestfnError);
    expect(error.name).toBe(Class.name);
    expect(error.status).toBe(status);
  });

  it('keeps the problem, prefers the header request id, and says it all in the message', () => {
    const error = apiError(response(400, { 'x-request-id': 'from-header' }), problem);
    expect(error.problem).toBe(problem);
    expect(error.errors).toBe(problem.errors);
    expect(error.requestId).toBe('from-header');
    expect(error.message).toBe(
      '400 Invalid request: The request body does not match the schema. ' +
        '[/instances/0/some_feature: required, (body): too_many_items] (x-request-id from-header)',
    );
  });

  it('falls back to the problem request id and to a bare status for a body that is no problem', () => {
    expect(apiError(response(400), problem).requestId).toBe('from-body');
    const error = apiError(response(502), '<html>Bad gateway</html>');
    expect(error.problem).toBeUndefined();
    expect(error.errors).toEqual([]);
    expect(error.message).toBe('502 HTTP error');
  });
});
