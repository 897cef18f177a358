import type { ProblemBody } from '@forestfn/service';

// The spec's components.parameters.RequestId pattern; failureResponse.test.ts checks it against the
// document the service serves, so the two cannot drift apart unnoticed.
export const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

const titles: Record<number, string> = {
  408: 'Request timeout',
  429: 'Too many requests',
  500: 'Internal error',
  502: 'Bad gateway',
  503: 'Service unavailable',
  504: 'Gateway timeout',
};

/** An injected failure as problem+json, shaped like the service's own errors (no field errors: the request was fine). */
export function failureResponse(
  request: Request,
  status: number,
  retryAfterSeconds: number | undefined,
  modelVersion: string,
): Response {
  const given = request.headers.get('x-request-id');
  const requestId = given !== null && requestIdPattern.test(given) ? given : globalThis.crypto.randomUUID();
  const title = titles[status] ?? (status < 500 ? 'Client error' : 'Server error');
  const body: ProblemBody = {
    type: `https://forestfn.dev/problems/${title.toLowerCase().replaceAll(' ', '-')}`,
    title,
    status,
    detail: 'A failure injected by the forestfn mock (failNext).',
    requestId,
    errors: [],
  };
  const headers = new Headers({
    'content-type': 'application/problem+json',
    'x-request-id': requestId,
    'x-model-version': modelVersion,
  });
  if (retryAfterSeconds !== undefined) headers.set('retry-after', String(retryAfterSeconds));
  return new Response(JSON.stringify(body), { status, headers });
}
