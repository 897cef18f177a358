import { type Model, trainFromConfig } from '@forestfn/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { createService, type Service } from './createService.js';
import { docsAssetNames, docsContentSecurityPolicy, type RendererFile } from './docs.js';
import { spec } from './generated/spec.js';
import type { ProblemBody } from './problem.js';

const base = 'http://localhost:7071';
const files: Record<RendererFile, string> = {
  'swagger-ui-bundle.js': 'window.SwaggerUIBundle = () => {};\n'.repeat(200),
  'swagger-ui.css': 'body { margin: 0 }\n',
};

let model: Model;
let service: Service;
let reads: string[];

beforeAll(async () => {
  ({ model } = await trainFromConfig());
  reads = [];
  service = createService({
    model,
    docsAssets: async (file) => {
      reads.push(file);
      return new TextEncoder().encode(files[file]);
    },
  });
});

const get = (path: string, headers: Record<string, string> = {}, on: Service = service) =>
  on.fetch(new Request(`${base}${path}`, { headers }));

/** The `?v=` of each file the page links to. */
async function versions(): Promise<Record<string, string>> {
  const html = await (await get('/api/docs')).text();
  return Object.fromEntries(
    [...html.matchAll(/(?:href|src)="docs\/([^"?]+)\?v=([0-9a-f]+)"/g)].map((m) => [m[1], m[2]]),
  );
}

describe('GET /api/docs', () => {
  it('answers an HTML page that loads only this host files, under a Content-Security-Policy', async () => {
    const response = await get('/api/docs');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(docsContentSecurityPolicy);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('x-model-version')).toBe(model.card.version);
    const html = await response.text();
    expect(html).toContain(`<title>${spec.info.title}: API reference</title>`);
    // Every URL the page names is relative to this host (or data:); nothing is inline.
    const urls = [...html.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
    expect(urls.length).toBeGreaterThan(3);
    for (const url of urls) expect(url).toMatch(/^(docs\/|openapi\.json$|data:)/);
    expect(html).not.toMatch(/<script>|<style|style=/);
    expect(Object.keys(await versions()).sort()).toEqual([...docsAssetNames].sort());
  });

  it('is open, whatever key is configured', async () => {
    const keyed = createService({
      model,
      apiKey: 'k',
      docsAssets: async (file) => new TextEncoder().encode(files[file]),
    });
    expect((await get('/api/docs', {}, keyed)).status).toBe(200);
    expect((await get('/api/docs/docs.js', {}, keyed)).status).toBe(200);
  });

  it('answers 404 on a host that does not serve it (no renderer files: the mock)', async () => {
    const bare = createService({ model });
    for (const path of ['/api/docs', '/api/docs/docs.js', '/api/docs/swagger-ui.css']) {
      const response = await get(path, {}, bare);
      expect(response.status, path).toBe(404);
      const problem = (await response.json()) as ProblemBody;
      expect(problem.errors).toEqual([{ pointer: '', code: 'not_found', detail: expect.any(String) }]);
    }
  });
});

describe('GET /api/docs/{asset}', () => {
  it('serves each file with its type, cached for good only when asked for by its content hash', async () => {
    const v = await versions();
    for (const [name, type] of [
      ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
      ['swagger-ui.css', 'text/css; charset=utf-8'],
      ['docs.js', 'text/javascript; charset=utf-8'],
    ] as const) {
      const versioned = await get(`/api/docs/${name}?v=${v[name]}`);
      expect(versioned.status).toBe(200);
      expect(versioned.headers.get('content-type')).toBe(type);
      expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(versioned.headers.get('etag')).toBe(`W/"${v[name]}"`);
      expect(versioned.headers.get('x-content-type-options')).toBe('nosniff');
      const plain = await get(`/api/docs/${name}`);
      expect(plain.headers.get('cache-control')).toBe('no-cache');
      expect(await plain.text()).toBe(await versioned.text());
    }
    expect(await (await get('/api/docs/swagger-ui.css')).text()).toBe(files['swagger-ui.css']);
  });

  it('reads each renderer file once, however many requests', async () => {
    await Promise.all([
      get('/api/docs'),
      get('/api/docs/swagger-ui.css'),
      get('/api/docs/swagger-ui-bundle.js'),
    ]);
    expect(reads.sort()).toEqual(['swagger-ui-bundle.js', 'swagger-ui.css']);
  });

  it('answers 304 to a current If-None-Match', async () => {
    const etag = (await get('/api/docs/docs.js')).headers.get('etag') as string;
    const response = await get('/api/docs/docs.js', { 'if-none-match': etag });
    expect(response.status).toBe(304);
    expect(await response.text()).toBe('');
    expect((await get('/api/docs/docs.js', { 'if-none-match': 'W/"0"' })).status).toBe(200);
  });

  it('sends gzip when the request accepts it', async () => {
    const response = await get('/api/docs/swagger-ui-bundle.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(response.headers.get('content-encoding')).toBe('gzip');
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
    const compressed = new Uint8Array(await response.arrayBuffer());
    expect(compressed.byteLength).toBeLessThan(files['swagger-ui-bundle.js'].length / 4);
    const inflated = new Response(
      new Blob([compressed]).stream().pipeThrough(new DecompressionStream('gzip')),
    );
    expect(await inflated.text()).toBe(files['swagger-ui-bundle.js']);
    const refused = await get('/api/docs/swagger-ui-bundle.js', { 'accept-encoding': 'gzip;q=0' });
    expect(refused.headers.has('content-encoding')).toBe(false);
  });

  it('starts Swagger UI on the served spec, with this host as the server and no validator badge', async () => {
    const script = await (await get('/api/docs/docs.js')).text();
    expect(script).toContain("new URL('openapi.json', document.baseURI)");
    expect(script).toContain('spec.servers = [{ url: location.origin');
    expect(script).toContain('validatorUrl: null');
    expect(script).not.toMatch(/https?:\/\//);
  });

  it('answers 404 for a file the page does not load, and 405 for another method', async () => {
    for (const path of [
      '/api/docs/index.html',
      '/api/docs/swagger-ui.js.map',
      '/api/docs/a/b',
      '/api/docs/',
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
    const post = await service.fetch(new Request(`${base}/api/docs/docs.js`, { method: 'POST' }));
    expect(post.status).toBe(405);
  });

  it('answers 500, and reads again next time, when the host cannot read a file', async () => {
    let fail = true;
    const flaky = createService({
      model,
      docsAssets: async (file) => {
        if (fail) throw new Error('disk');
        return new TextEncoder().encode(files[file]);
      },
      log: () => undefined,
    });
    expect((await get('/api/docs', {}, flaky)).status).toBe(500);
    fail = false;
    expect((await get('/api/docs', {}, flaky)).status).toBe(200);
  });
});

describe('the spec', () => {
  const { paths } = spec;
  it('lists the files the page loads and states its policy', () => {
    expect(paths['/api/docs/{asset}'].get.parameters[0].schema.enum).toEqual([...docsAssetNames]);
    const described = paths['/api/docs'].get.responses['200'].headers['content-security-policy'].description;
    expect(described.replaceAll(/[`\s]+/g, ' ').trim()).toBe(
      docsContentSecurityPolicy.replaceAll(/\s+/g, ' '),
    );
  });

  it('marks the docs operations open (no security requirement)', () => {
    expect(paths['/api/docs'].get.security).toEqual([]);
    expect(paths['/api/docs/{asset}'].get.security).toEqual([]);
  });
});
