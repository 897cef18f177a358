// Headless Chromium for the tests that need a real browser. Browser downloads are not available, so
// playwright-core drives an installed Chromium through its executable path: Debian's `chromium` (which
// .ci/run installs when it is missing), or another Chromium named by FORESTFN_CHROMIUM. Without one,
// the browser tests skip, saying why.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

const candidates = [
  process.env.FORESTFN_CHROMIUM,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
];

/** The Chromium the browser tests run, or undefined when none is installed. */
export const chromiumPath: string | undefined = candidates.find(
  (path): path is string => path !== undefined && path !== '' && existsSync(path),
);

/** Why the browser tests skip, when they do. */
export const chromiumMissing =
  "browser test skipped: no Chromium found (install Debian's package: apt-get install chromium, as .ci/run does; or set FORESTFN_CHROMIUM to its executable)";

if (!chromiumPath) console.warn(chromiumMissing);

/**
 * Launches headless Chromium. No sandbox (tests run as root in containers), no GPU, and no background
 * networking, so the browser itself calls no other host (what the tests assert pages do not do either).
 */
export function launchChromium(): Promise<Browser> {
  if (!chromiumPath) throw new Error(chromiumMissing);
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Skips the current test when there is no Chromium: call it from `beforeEach`. */
export function skipWithoutChromium(context: { skip: (condition: boolean, note?: string) => void }): void {
  context.skip(!chromiumPath, chromiumMissing);
}

const screenshotsDir = process.env.FORESTFN_SCREENSHOTS
  ? join(fileURLToPath(new URL('..', import.meta.url)), process.env.FORESTFN_SCREENSHOTS)
  : undefined;

/**
 * Saves a screenshot as `<FORESTFN_SCREENSHOTS>/<name>.png` when that variable names a folder of the
 * repository (`pnpm screenshots` sets it to docs); otherwise does nothing.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  if (!screenshotsDir) return;
  await mkdir(screenshotsDir, { recursive: true });
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: options.fullPage ?? false });
}

/** What a page did that the browser tests forbid: requests to another origin, CSP violations, errors. */
export interface PageWatch {
  /** Every URL the page requested. */
  readonly requests: string[];
  /** Requests to another origin than the allowed ones (aborted, never sent). */
  readonly foreign: string[];
  /** Uncaught errors and console errors. */
  readonly errors: string[];
  /** Content-Security-Policy violations the page reported. */
  violations(): Promise<string[]>;
}

/**
 * Records what `page` requests and aborts any request to an origin not in `origins` (so nothing leaves
 * the machine even if a page tried), and collects CSP violations and errors.
 */
export async function watchPage(page: Page, origins: readonly string[]): Promise<PageWatch> {
  const requests: string[] = [];
  const foreign: string[] = [];
  const errors: string[] = [];
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || origins.includes(new URL(url).origin)) return route.continue();
    foreign.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as { __cspViolations?: string[] }).__cspViolations = seen;
    // Runs in the page, where `document` exists; this file is compiled without the DOM's types.
    type Violation = {
      violatedDirective: string;
      blockedURI: string;
      sourceFile: string;
      lineNumber: number;
    };
    const page = globalThis as unknown as {
      document: { addEventListener(type: string, listener: (event: Violation) => void): void };
    };
    page.document.addEventListener('securitypolicyviolation', (event) => {
      seen.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
    });
  });
  return {
    requests,
    foreign,
    errors,
    violations: () =>
      page.evaluate(() => (globalThis as { __cspViolations?: string[] }).__cspViolations ?? []),
  };
}
