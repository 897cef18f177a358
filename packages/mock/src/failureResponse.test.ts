import { getResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createHandlers } from './createHandlers.js';
import { failureResponse } from './failureResponse.js';

describe('failureResponse', () => {
  it('takes request ids as the spec pattern allows: up to 128 characters', async () => {
    const response = await getResponse(
      createHandlers().handlers,
      new Request('http://localhost:7071/api/openapi.json'),
    );
    const spec = (await response?.json()) as {
      components: { parameters: { RequestId: { schema: { pattern: string } } } };
    };
    expect(spec.components.parameters.RequestId.schema.pattern).toBe('^[A-Za-z0-9._:-]{1,128}$');
    const idOf = (id: string) =>
      failureResponse(
        new Request('http://x.test', { headers: { 'x-request-id': id } }),
        503,
        undefined,
        'v',
      ).headers.get('x-request-id');
    expect(idOf('a'.repeat(128))).toBe('a'.repeat(128));
    expect(idOf('a'.repeat(129))).not.toBe('a'.repeat(129));
  });

  it('echoes a valid x-request-id and replaces an invalid one', async () => {
    const echoed = failureResponse(
      new Request('http://x.test', { headers: { 'x-request-id': 'a.b:c-1' } }),
      503,
      2,
      'v',
    );
    expect(echoed.headers.get('x-request-id')).toBe('a.b:c-1');
    expect(echoed.headers.get('retry-after')).toBe('2');
    const replaced = failureResponse(
      new Request('http://x.test', { headers: { 'x-request-id': 'no spaces' } }),
      502,
      undefined,
      'v',
    );
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await replaced.json()).toEqual({
      type: 'https://forestfn.dev/problems/bad-gateway',
      title: 'Bad gateway',
      status: 502,
      detail: expect.any(String),
      requestId: replaced.headers.get('x-request-id'),
      errors: [],
    });
  });
});
