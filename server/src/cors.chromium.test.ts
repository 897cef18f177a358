// CORS in a real browser (headless Chromium): two pages on two origins, one listed in the local host's
// FORESTFN_CORS_ORIGINS and one not, both call the local host with @forestfn/client (built for the
// browser from its sources). The listed page gets its answers and can read x-request-id and
// x-model-version; the other is refused by the browser (the client throws ConnectionError).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultArtifactPath, loadModel, type Model } from '@forestfn/model';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exampleRows, labelsFor, type Row, toInstance } from '../../packages/service/test/samples.js';
import { chromiumPath, launchChromium, skipWithoutChromium, watchPage } from '../../test/chromium.js';
import { type LocalServer, startLocalServer } from './local.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const apiKey = 'cors-browser-key';
const row = exampleRows[0] as Row;

const pageHtml = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>forestfn CORS test page</title><link rel="icon" href="data:,"></head>
<body><script type="module">
import * as forestfn from './client.js';
window.forestfn = forestfn;
document.body.dataset.ready = 'true';
</script></body></html>`;

/** A static server for the test page and the client bundle, on its own port (so its own origin). */
async function pageServer(clientJs: string): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml);
    else if (path === '/client.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(clientJs);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

let model: Model;
let api: LocalServer;
let allowedPage: { origin: string; server: Server };
let otherPage: { origin: string; server: Server };
let browser: Browser | undefined;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [join(root, 'packages/client/src/index.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const clientJs = bundle.outputFiles[0]?.text ?? '';
  allowedPage = await pageServer(clientJs);
  otherPage = await pageServer(clientJs);
  model = await loadModel(defaultArtifactPath);
  // As main.ts does with FORESTFN_CORS_ORIGINS="<allowed page origin>,https://app.example.com".
  api = await startLocalServer({
    port: 0,
    apiKey,
    corsOrigins: [allowedPage.origin, 'https://app.example.com'],
  });
  if (chromiumPath) browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
  for (const page of [allowedPage, otherPage]) page?.server.close();
});

beforeEach((context) => skipWithoutChromium(context));

interface Outcome {
  predict: { label?: string; error?: string };
  headers: { requestId?: string | null; modelVersion?: string | null; error?: string };
  wrongKey: { error?: string; status?: number; requestId?: string };
}

/** Opens the page of `origin` and calls the API with the client from it. */
async function callFrom(origin: string) {
  const page = await (browser as Browser).newPage();
  const watch = await watchPage(page, [origin, api.url]);
  const consoleLines: string[] = [];
  page.on('console', (message) => consoleLines.push(message.text()));
  await page.goto(`${origin}/`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached' });
  const outcome = await page.evaluate(
    async ({ baseUrl, key, instance }) => {
      type Client = {
        predict(instances: unknown[]): Promise<{ predictions: { label: string }[] }>;
        getModel(): Promise<unknown>;
        raw: { GET(path: string): Promise<{ response: Response }> };
      };
      const { createClient } = (
        globalThis as unknown as { forestfn: { createClient(options: object): Client } }
      ).forestfn;
      const failure = (error: unknown) => {
        const { name, status, requestId } = error as { name: string; status?: number; requestId?: string };
        return {
          error: name,
          ...(status === undefined ? {} : { status }),
          ...(requestId ? { requestId } : {}),
        };
      };
      const client = createClient({ baseUrl, apiKey: key, maxRetries: 0, timeoutMs: 10_000 });
      const result: Record<string, unknown> = {};
      try {
        result.predict = { label: (await client.predict([instance])).predictions[0]?.label };
      } catch (error) {
        result.predict = failure(error);
      }
      try {
        const { response } = await client.raw.GET('/api/health');
        result.headers = {
          requestId: response.headers.get('x-request-id'),
          modelVersion: response.headers.get('x-model-version'),
        };
      } catch (error) {
        result.headers = failure(error);
      }
      try {
        await createClient({ baseUrl, apiKey: 'wrong-key', maxRetries: 0 }).getModel();
        result.wrongKey = {};
      } catch (error) {
        result.wrongKey = failure(error);
      }
      return result;
    },
    { baseUrl: api.url, key: apiKey, instance: toInstance(row) },
  );
  await page.close();
  return { outcome: outcome as unknown as Outcome, watch, consoleLines };
}

describe('CORS in Chromium: the client calling the local host from two origins', { timeout: 60_000 }, () => {
  it('a page from an allowed origin gets its answers, errors included, and reads x-request-id and x-model-version', async () => {
    const { outcome, watch } = await callFrom(allowedPage.origin);
    expect(outcome.predict).toEqual({ label: labelsFor(model, [row])[0] });
    expect(outcome.headers).toEqual({
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      modelVersion: model.card.version,
    });
    expect(outcome.wrongKey).toEqual({
      error: 'AuthenticationError',
      status: 401,
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(watch.foreign).toEqual([]);
    expect(watch.errors.filter((line) => !line.includes('401'))).toEqual([]);
  });

  it('a page from an origin not listed is refused by the browser: the client throws ConnectionError', async () => {
    const { outcome, watch, consoleLines } = await callFrom(otherPage.origin);
    expect(outcome).toEqual({
      predict: { error: 'ConnectionError' },
      headers: { error: 'ConnectionError' },
      wrongKey: { error: 'ConnectionError' },
    });
    expect(consoleLines.some((line) => line.includes('blocked by CORS policy'))).toBe(true);
    expect(watch.foreign).toEqual([]);
  });
});
