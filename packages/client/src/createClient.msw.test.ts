// MSW patches globalThis.fetch when it starts listening, typically after the app made its client.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterEach, expect, it } from 'vitest';
import { createClient } from './createClient.js';
import { BadRequestError } from './errors.js';

const baseUrl = 'http://forestfn.test';
const mockServer = setupServer(
  http.get(`${baseUrl}/api/health`, () =>
    HttpResponse.json({
      status: 'ok',
      ready: true,
      model: { name: 'msw', version: 'ffffffffffffffff' },
      uptimeSeconds: 0,
    }),
  ),
  http.post(`${baseUrl}/api/predict`, () =>
    HttpResponse.json(
      {
        type: 'https://forestfn.dev/problems/validation',
        title: 'Invalid request',
        status: 400,
        detail: 'From MSW.',
        requestId: 'msw-1',
        errors: [{ pointer: '/instances', code: 'too_few_items', detail: 'At least one.' }],
      },
      { status: 400, headers: { 'content-type': 'application/problem+json', 'x-request-id': 'msw-1' } },
    ),
  ),
);
afterEach(() => mockServer.close());

it('is intercepted by MSW started after createClient', async () => {
  const client = createClient({ baseUrl });
  mockServer.listen({ onUnhandledRequest: 'error' });
  await expect(client.health()).resolves.toMatchObject({ model: { name: 'msw' } });
  const error = await client.predict([]).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BadRequestError);
  expect((error as BadRequestError).requestId).toBe('msw-1');
});
