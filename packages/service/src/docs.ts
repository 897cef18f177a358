// GET /api/docs: the API reference, Swagger UI rendering the served spec. The page, its own script and the
// headers are the service's; the renderer's files (swagger-ui-dist) are read through the host, so this
// package needs no file access and stays runnable in browsers.
import { spec } from './generated/spec.js';
import { bodyProblem } from './problem.js';

/** A file of the renderer (the swagger-ui-dist package) that the page loads. */
export type RendererFile = 'swagger-ui-bundle.js' | 'swagger-ui.css';

/** The renderer's files, as hosts ship them. */
export const rendererFiles: readonly RendererFile[] = ['swagger-ui-bundle.js', 'swagger-ui.css'];

/** Reads one of the renderer's files; called once per file, when the page is first asked for. */
export type ReadRendererFile = (file: RendererFile) => Promise<Uint8Array>;

/** Every file the page loads from `/api/docs/{asset}`: the renderer's and the page's own script. */
export const docsAssetNames = [...rendererFiles, 'docs.js'] as const;
type AssetName = (typeof docsAssetNames)[number];

/** The page's policy: everything from this origin (and `data:` images: the renderer's icons), nothing else. */
export const docsContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const contentTypes: Record<AssetName, string> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
  'docs.js': 'text/javascript; charset=utf-8',
};

/**
 * The page's own script: fetches the served spec, points "Try it out" at this host (the spec's `servers`
 * name the local host), and starts Swagger UI. The badge validator (a call to another host) is off.
 */
const initScript = `// forestfn API reference: Swagger UI over this API's own OpenAPI document.
'use strict';
(async () => {
  const root = document.getElementById('swagger-ui');
  try {
    const response = await fetch(new URL('openapi.json', document.baseURI), {
      headers: { accept: 'application/json' },
    });
    if (!response.ok) throw new Error('GET openapi.json answered ' + response.status);
    const spec = await response.json();
    spec.servers = [{ url: location.origin, description: 'This host' }];
    window.ui = SwaggerUIBundle({
      spec,
      dom_id: '#swagger-ui',
      deepLinking: true,
      validatorUrl: null,
      docExpansion: 'list',
      defaultModelsExpandDepth: 1,
      displayRequestDuration: true,
      showExtensions: true,
      showCommonExtensions: true,
    });
  } catch (error) {
    root.textContent = 'The API reference could not be loaded: ' + error.message;
  }
})();
`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

interface Asset {
  bytes: Uint8Array<ArrayBuffer>;
  /** Weak validator over the content (the same for the gzip variant). */
  etag: string;
  /** Hex prefix of the content's SHA-256: the `?v=` the page asks with. */
  hash: string;
  gzip?: Promise<Uint8Array<ArrayBuffer>>;
}

async function hashOf(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest.subarray(0, 8), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

async function gzip(bytes: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Whether `accept-encoding` takes gzip (named or `*`, with a non-zero q). */
function acceptsGzip(value: string | null): boolean {
  return (value ?? '').split(',').some((entry) => {
    const [coding = '', ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== '*') return false;
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

const notServed = () =>
  bodyProblem(
    404,
    'This host does not serve the API reference page; its document is at /api/openapi.json.',
    'not_found',
    'Not served by this host.',
  );

export interface Docs {
  /** GET /api/docs: the HTML page. */
  page(): Promise<Response>;
  /** GET /api/docs/{asset}. */
  asset(request: Request, name: string | undefined): Promise<Response>;
}

/** The docs routes over the host's renderer files; without them both answer 404. */
export function createDocs(read: ReadRendererFile | undefined): Docs {
  const loading = new Map<AssetName, Promise<Asset>>();
  const encoder = new TextEncoder();

  function load(name: AssetName): Promise<Asset> {
    let asset = loading.get(name);
    if (!asset) {
      asset = (async () => {
        // A copy the service owns (and typed as web APIs take it), whatever buffer the host read into.
        const bytes = new Uint8Array(
          name === 'docs.js' ? encoder.encode(initScript) : await (read as ReadRendererFile)(name),
        );
        const hash = await hashOf(bytes);
        return { bytes, hash, etag: `W/"${hash}"` };
      })();
      // A failed read is retried by the next request rather than remembered.
      asset.catch(() => loading.delete(name));
      loading.set(name, asset);
    }
    return asset;
  }

  return {
    async page() {
      if (!read) throw notServed();
      const [css, bundle, init] = await Promise.all([
        load('swagger-ui.css'),
        load('swagger-ui-bundle.js'),
        load('docs.js'),
      ]);
      const title = escapeHtml(`${spec.info.title}: API reference`);
      const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="docs/swagger-ui.css?v=${css.hash}">
</head>
<body>
<noscript>This page needs JavaScript. The API's OpenAPI document is at <a href="openapi.json">openapi.json</a>.</noscript>
<div id="swagger-ui"></div>
<script src="docs/swagger-ui-bundle.js?v=${bundle.hash}"></script>
<script src="docs/docs.js?v=${init.hash}"></script>
</body>
</html>
`;
      return new Response(html, {
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': docsContentSecurityPolicy,
          'cache-control': 'no-cache',
          'x-content-type-options': 'nosniff',
          'referrer-policy': 'no-referrer',
          'x-frame-options': 'DENY',
        },
      });
    },

    async asset(request, name) {
      if (!read) throw notServed();
      const known = docsAssetNames.find((candidate) => candidate === name);
      if (!known) {
        throw bodyProblem(
          404,
          `There is no such file; the page loads ${docsAssetNames.join(', ')}.`,
          'not_found',
          'Unknown file.',
        );
      }
      const asset = await load(known);
      const versioned = new URL(request.url).searchParams.get('v') === asset.hash;
      const headers = new Headers({
        'content-type': contentTypes[known],
        etag: asset.etag,
        // Asked for by content hash, the answer never changes; asked for otherwise, it must be revalidated.
        'cache-control': versioned ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
        vary: 'Accept-Encoding',
      });
      const given = request.headers.get('if-none-match');
      if (given?.split(',').some((tag) => tag.trim() === asset.etag || tag.trim() === '*')) {
        headers.delete('content-type');
        return new Response(null, { status: 304, headers });
      }
      if (!acceptsGzip(request.headers.get('accept-encoding'))) return new Response(asset.bytes, { headers });
      asset.gzip ??= gzip(asset.bytes);
      headers.set('content-encoding', 'gzip');
      return new Response(await asset.gzip, { headers });
    },
  };
}
