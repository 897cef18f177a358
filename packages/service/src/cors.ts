// Cross-origin calls from browsers (CORS, in the Fetch standard): which origins may call the API from a
// page, and the headers that tell the browser so. No credentials are involved (the key is a header), so
// an allowed origin is echoed, never `*`, and Access-Control-Allow-Credentials is never sent.
import { corsSpec } from './contract.js';

/** The origins of `FORESTFN_CORS_ORIGINS`: comma-separated, blanks ignored (`"a, b,"` is `[a, b]`). */
export function parseCorsOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
}

/** `value` as a browser sends it in `Origin` (lower-case host, no default port); throws for a non-origin. */
export function normaliseOrigin(value: string): string {
  if (value === '*') {
    throw new Error("CORS origins are listed one by one: '*' is not accepted (FORESTFN_CORS_ORIGINS).");
  }
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  const isOrigin =
    url !== undefined &&
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    url.username === '' &&
    url.password === '' &&
    url.pathname === '/' &&
    !value.includes('?') &&
    !value.includes('#');
  if (!url || !isOrigin) {
    throw new Error(
      `Not a CORS origin: "${value}". Give scheme://host[:port] with no path, e.g. https://app.example.com (FORESTFN_CORS_ORIGINS).`,
    );
  }
  return url.origin;
}

// Header names as the Fetch standard lets a preflight list them (tokens, comma-separated), bounded.
const headerList = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(?:[ \t]*,[ \t]*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*$/;

export interface Cors {
  /** The preflight's answer (204), or undefined when `request` is not a preflight from an allowed origin. */
  preflight(request: Request, methods: readonly string[]): Response | undefined;
  /** Adds the CORS headers of a (non-preflight) answer: Vary always when origins are set, the rest to an allowed origin. */
  apply(request: Request, headers: Headers): void;
}

/** The CORS policy for these origins; with none, it adds nothing and answers no preflight. */
export function createCors(origins: readonly string[]): Cors {
  const allowed = new Set(origins.map(normaliseOrigin));
  const exposed = corsSpec.exposeHeaders.join(', ');
  const maxAge = String(corsSpec.maxAgeSeconds);
  const allowedOrigin = (request: Request) => {
    const origin = request.headers.get('origin');
    return origin !== null && allowed.has(origin) ? origin : undefined;
  };
  return {
    preflight(request, methods) {
      if (request.method !== 'OPTIONS' || !request.headers.has('access-control-request-method')) return;
      const origin = allowedOrigin(request);
      if (origin === undefined) return;
      const headers = new Headers({
        'access-control-allow-origin': origin,
        'access-control-allow-methods': methods.join(', '),
        'access-control-max-age': maxAge,
        vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
      });
      // Any request header may be sent (content-type, x-functions-key, x-request-id, a tracing header):
      // the origin is what is checked, and nothing a header carries grants more than the key does.
      const asked = request.headers.get('access-control-request-headers')?.trim();
      if (asked && asked.length <= 1024 && headerList.test(asked)) {
        headers.set('access-control-allow-headers', asked);
      }
      return new Response(null, { status: 204, headers });
    },
    apply(request, headers) {
      if (allowed.size === 0) return;
      headers.append('vary', 'Origin');
      const origin = allowedOrigin(request);
      if (origin === undefined) return;
      headers.set('access-control-allow-origin', origin);
      headers.set('access-control-expose-headers', exposed);
    },
  };
}
