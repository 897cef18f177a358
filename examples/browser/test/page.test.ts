// The browser example in headless Chromium: the page is built (from the packages' builds, which
// `pnpm test` makes before vitest), served, and used as a person would: it predicts through
// @forestfn/client while @forestfn/mock answers in MSW's service worker, and every failure control
// (an error status with Retry-After, dropped connections, latency past the client's timeout, reset) has
// the effect the client promises. Nothing is fetched from any other host.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultArtifactPath, loadModel, type Model } from '../../../packages/model/src/index.js';
import { instancePointer } from '../../../packages/service/test/samples.js';
import {
  chromiumPath,
  launchChromium,
  type PageWatch,
  screenshot,
  skipWithoutChromium,
  watchPage,
} from '../../../test/chromium.js';
import { buildExample } from '../build.js';
import { type ExampleServer, serveExample } from '../serve.js';

let dir: string;
let site: ExampleServer;
let browser: Browser | undefined;
let page: Page;
let watch: PageWatch;
let model: Model;
/** The page's requests to the API's origin, and whether the service worker answered each. */
const apiAnswers: Array<{ url: string; fromServiceWorker: boolean }> = [];
const apiOrigin = 'http://localhost:7071';

beforeAll(async () => {
  if (!chromiumPath) return;
  model = await loadModel(defaultArtifactPath);
  dir = await mkdtemp(join(tmpdir(), 'forestfn-browser-example-'));
  site = await serveExample(await buildExample(join(dir, 'dist')), 0);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach((context) => skipWithoutChromium(context));

/** Sets a number field of the page. */
const set = (id: string, value: number | string) => page.locator(`#${id}`).fill(String(value));

/** Clicks Predict and waits for the answer; returns what the page shows. */
async function predict() {
  await page.locator('#predict').click();
  await page.locator('#result:not([data-outcome="pending"])').waitFor({ state: 'attached' });
  await page.locator('#predict:enabled').waitFor();
  return page.locator('#result').evaluate((element: HTMLElement) => ({
    outcome: element.dataset.outcome,
    label: element.dataset.label,
    error: element.dataset.error,
    attempts: Number(element.dataset.attempts),
    text: element.textContent ?? '',
  }));
}

/** The label the model gives the values the form is filled with. */
async function expectedLabel(): Promise<string> {
  const values = await page
    .locator('#features input, #features select')
    .evaluateAll((inputs) =>
      (inputs as HTMLInputElement[]).map((input) =>
        input.type === 'number' ? Number(input.value) : input.value,
      ),
    );
  const rows = values.map((value, index) => {
    const categories = model.card.features[index]?.categories;
    return categories ? categories.indexOf(String(value)) : Number(value);
  });
  return model.predict([rows])[0]?.label as string;
}

describe('examples/browser in Chromium', { timeout: 60_000 }, () => {
  it('starts the mock in a service worker and renders one field per feature', async () => {
    page = await (browser as Browser).newPage({ viewport: { width: 1200, height: 900 } });
    watch = await watchPage(page, [site.url]);
    page.on('response', (response) => {
      if (new URL(response.url()).origin === apiOrigin)
        apiAnswers.push({ url: response.url(), fromServiceWorker: response.fromServiceWorker() });
    });
    await page.goto(`${site.url}/`);
    await page.locator('#status[data-state="ready"]').waitFor();
    expect(await page.locator('#status').textContent()).toContain(
      'Mocked: @forestfn/mock answers http://localhost:7071',
    );
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(
      `${site.url}/mockServiceWorker.js`,
    );
    const names = await page
      .locator('#features [name]')
      .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).name));
    expect(names).toEqual(model.card.features.map((feature) => feature.name));
  });

  it('predicts with the real model, in one attempt', async () => {
    const shown = await predict();
    expect(shown).toMatchObject({ outcome: 'ok', label: await expectedLabel(), attempts: 1 });
    expect(shown.text).toContain(`model ${model.card.name} ${model.card.version}`);
    await screenshot(page, 'browser-example');
  });

  it('rides out a queued 503 with Retry-After: the client retries and succeeds', async () => {
    await set('fail-count', 1);
    await page.locator('#fail-status').selectOption('503');
    await set('retry-after', 1);
    await page.locator('#fail-next').click();
    expect(await page.locator('#mock-state').textContent()).toContain('fail with 503');
    const started = Date.now();
    const shown = await predict();
    expect(shown).toMatchObject({ outcome: 'ok', attempts: 2 });
    // Retry-After: 1 was honoured (the header is readable: the mock exposes it to this origin).
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('gives up after maxRetries: 429 three times is a RateLimitError with status and request id', async () => {
    await set('fail-count', 3);
    await page.locator('#fail-status').selectOption('429');
    await set('retry-after', 0);
    await page.locator('#fail-next').click();
    const shown = await predict();
    expect(shown).toMatchObject({ outcome: 'error', error: 'RateLimitError', attempts: 3 });
    expect(shown.text).toMatch(/status 429 · request browser-example-/);
  });

  it('turns dropped connections into a ConnectionError after the retries', async () => {
    await set('network-count', 3);
    await page.locator('#network-error').click();
    const shown = await predict();
    expect(shown).toMatchObject({ outcome: 'error', error: 'ConnectionError', attempts: 3 });
    await screenshot(page, 'browser-example-failures');
  });

  it('times out when the latency exceeds the client timeout, and recovers after Reset', async () => {
    await set('latency', 1500);
    await page.locator('#set-latency').click();
    await set('max-retries', 0);
    await set('timeout', 500);
    const slow = await predict();
    expect(slow).toMatchObject({ outcome: 'error', error: 'TimeoutError', attempts: 1 });
    await page.locator('#reset').click();
    expect(await page.locator('#mock-state').textContent()).toBe('No failure queued, no latency.');
    expect(await predict()).toMatchObject({ outcome: 'ok', attempts: 1 });
  });

  it('shows the API validation errors for a bad value', async () => {
    const [first] = model.card.features;
    if (!first || first.categories) return;
    // An attribute selector, since a feature's name may hold characters an #id selector does not take.
    await page.locator(`[id=${JSON.stringify(`feature-${first.name}`)}]`).fill('');
    const shown = await predict();
    expect(shown).toMatchObject({ outcome: 'error', error: 'BadRequestError', attempts: 1 });
    expect(shown.text).toContain(`${instancePointer(first.name)}: invalid_type`);
  });

  it('fetched nothing from another host: the API calls were all answered by the service worker', async () => {
    expect(watch.foreign).toEqual([]);
    // The browser logs every answer with an error status it was given: those are the point here.
    expect(watch.errors.filter((line) => !/Failed to load resource/.test(line))).toEqual([]);
    for (const url of watch.requests) expect([site.url, apiOrigin], url).toContain(new URL(url).origin);
    expect(apiAnswers.length).toBeGreaterThan(5);
    for (const answer of apiAnswers) expect(answer.fromServiceWorker, answer.url).toBe(true);
    await page.close();
  });
});
