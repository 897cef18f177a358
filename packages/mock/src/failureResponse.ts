import { type ProblemBody, requestIdFor } from '@forestfn/service';

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
  const requestId = requestIdFor(request.headers);
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
