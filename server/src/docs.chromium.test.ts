// GET /api/docs in a real browser (headless Chromium): the local host serves the page, Swagger UI renders
// the served spec, and the page must show every operation and every feature, work ("Try it out" with the
// key), and fetch nothing from any other host, with no Content-Security-Policy violation and no error.
import { docsContentSecurityPolicy } from '@forestfn/service';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { spec } from '../../packages/service/src/generated/spec.js';
import { featureNames } from '../../packages/service/test/samples.js';
import {
  chromiumPath,
  launchChromium,
  type PageWatch,
  screenshot,
  skipWithoutChromium,
  watchPage,
} from '../../test/chromium.js';
import { type LocalServer, startLocalServer } from './local.js';

const apiKey = 'docs-browser-key';
const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Every operation of the spec, as Swagger UI names its block (`operations-<tag>-<operationId>`). */
const operations = Object.entries(
  spec.paths as unknown as Record<string, Record<string, { operationId: string; tags: string[] }>>,
).flatMap(([path, item]) =>
  methods
    .filter((method) => item[method])
    .map((method) => {
      const { operationId, tags } = item[method] as { operationId: string; tags: string[] };
      return { path, method: method.toUpperCase(), operationId, tag: tags[0] as string };
    }),
);

let server: LocalServer;
let browser: Browser | undefined;
let page: Page;
let watch: PageWatch;

beforeAll(async () => {
  server = await startLocalServer({ port: 0, apiKey });
  if (chromiumPath) browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

beforeEach((context) => skipWithoutChromium(context));

describe('the API reference page in Chromium', { timeout: 60_000 }, () => {
  it('loads from this host only, under its Content-Security-Policy', async () => {
    page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
    watch = await watchPage(page, [server.url]);
    const response = await page.goto(`${server.url}/api/docs`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toBe(docsContentSecurityPolicy);
    await page.locator('.opblock').first().waitFor();
    expect(await page.title()).toBe(`${spec.info.title}: API reference`);
    await screenshot(page, 'api-docs');
  });

  it('shows every operation of the spec, with its method and path', async () => {
    expect(operations.length).toBeGreaterThanOrEqual(6);
    expect(await page.locator('.opblock').count()).toBe(operations.length);
    for (const { operationId, tag, method, path } of operations) {
      const block = page.locator(`#operations-${tag}-${operationId}`);
      expect(await block.locator('.opblock-summary-method').textContent(), operationId).toBe(method);
      expect(await block.locator('.opblock-summary-path').getAttribute('data-path'), operationId).toBe(path);
    }
  });

  it('shows every feature, with its description, in the Instance schema', async () => {
    const instance = page.locator('section.models article[data-json-schema-level="0"]').filter({
      has: page.locator(
        '.json-schema-2020-12-head > .json-schema-2020-12-accordion .json-schema-2020-12__title',
        {
          hasText: /^Instance$/,
        },
      ),
    });
    await instance.locator('.json-schema-2020-12-expand-deep-button').first().click();
    const text = (await instance.textContent()) ?? '';
    const properties = spec.components.schemas.Instance.properties as Record<
      string,
      { description?: string }
    >;
    // A description is Markdown (adopt's stub puts the column name in `code`): the page shows its text.
    const shown = (markdown: string) => markdown.replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim();
    const pageText = shown(text);
    for (const feature of featureNames) {
      expect(text, feature).toContain(feature);
      const description = properties[feature]?.description;
      if (description) expect(pageText, feature).toContain(shown(description));
    }
  });

  it('calls this host from "Try it out", with the key given to Authorize', async () => {
    await page.locator('.auth-wrapper .authorize').click();
    const dialog = page.locator('.dialog-ux .modal-ux');
    const form = dialog.locator('form').filter({ hasText: 'functionKeyHeader' });
    await form.locator('input').fill(apiKey);
    await form.locator('button.authorize').click();
    await dialog.locator('button.btn-done').first().click();
    const predict = page.locator('#operations-predictions-predict');
    await predict.locator('.opblock-summary-control').click();
    await predict.getByRole('button', { name: 'Try it out' }).click();
    await predict.getByRole('button', { name: 'Execute' }).click();
    const answer = predict.locator('.live-responses-table .response .response-col_status').first();
    await answer.waitFor();
    expect((await answer.textContent())?.trim()).toBe('200');
    const body = await predict
      .locator('.live-responses-table .response-col_description .microlight')
      .first()
      .textContent();
    expect(JSON.parse(body ?? '').predictions).toHaveLength(1);
    await predict.locator('.live-responses-table').scrollIntoViewIfNeeded();
    await screenshot(page, 'api-docs-try-it-out');
  });

  it('fetched nothing from another host, broke no CSP rule and logged no error', async () => {
    expect(watch.foreign).toEqual([]);
    expect(await watch.violations()).toEqual([]);
    expect(watch.errors).toEqual([]);
    for (const url of watch.requests) expect(new URL(url).origin, url).toBe(server.url);
    // The page, its three files, the spec, and the prediction: nothing else.
    expect(watch.requests.map((url) => new URL(url).pathname).sort()).toEqual(
      [
        '/api/docs',
        '/api/docs/docs.js',
        '/api/docs/swagger-ui-bundle.js',
        '/api/docs/swagger-ui.css',
        '/api/openapi.json',
        '/api/predict',
      ].sort(),
    );
    await page.close();
  });
});
