// The contract against a deployment, e.g. staging from the deploy workflow: `pnpm test:contract` with
// FORESTFN_BASE_URL (the function app's origin) and, when it has a function key, FORESTFN_API_KEY.
import { describe, it } from 'vitest';
import { defineContractSuite } from './defineContractSuite.js';

const baseUrl = process.env.FORESTFN_BASE_URL?.trim() || undefined;
const apiKey = process.env.FORESTFN_API_KEY?.trim() || undefined;
const howTo =
  'set FORESTFN_BASE_URL to the deployment origin (e.g. https://my-app.azurewebsites.net) and FORESTFN_API_KEY to its function key, if it has one';

/** Waits out a cold start: a freshly deployed function app can take a while to answer its first request. */
async function waitUntilHealthy(origin: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(new URL('/api/health', origin), { signal: AbortSignal.timeout(15_000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
  throw new Error(`${origin}/api/health did not answer 200 within ${timeoutMs / 1000} s (last: ${last})`);
}

if (baseUrl !== undefined) {
  defineContractSuite({
    name: `deployment at ${new URL(baseUrl).origin}`,
    apiKey,
    // Azure Functions checks the function key itself (authLevel 'function'); set
    // FORESTFN_PLATFORM_AUTH=false for a deployment where the service checks it.
    platformAuth: process.env.FORESTFN_PLATFORM_AUTH !== 'false',
    // Every deployment has function keys: predict and getModel must refuse a caller without one.
    alwaysKeyed: true,
    async start() {
      await waitUntilHealthy(baseUrl, 90_000);
      return { baseUrl };
    },
  });
} else if (process.env.npm_lifecycle_event === 'test:contract') {
  // `pnpm test:contract` exists to check a deployment: passing without one would hide a broken pipeline.
  throw new Error(`pnpm test:contract needs a deployment to test: ${howTo}.`);
} else {
  describe('contract: deployment', () => {
    it.skip(`skipped: ${howTo} to run the contract against it`, () => {});
  });
}
