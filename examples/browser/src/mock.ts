// The API, mocked in the browser: @forestfn/mock's handlers (the real service and model) behind MSW's
// service worker, which answers the page's requests to the API's origin without any server.
import { createHandlers, type ForestfnMock } from '@forestfn/mock';
import { setupWorker } from 'msw/browser';

/** Starts the service worker (`mockServiceWorker.js`, copied beside the page) with the mock's handlers. */
export async function startMock(baseUrl: string): Promise<ForestfnMock> {
  // As a deployment with FORESTFN_CORS_ORIGINS set to this page's origin: the answers let the page read
  // x-request-id and x-model-version, exactly as from the real API.
  const mock = createHandlers({ baseUrl, corsOrigins: [location.origin] });
  const worker = setupWorker(...mock.handlers);
  await worker.start({
    serviceWorker: { url: './mockServiceWorker.js' },
    // The page's own files go to the server that serves them.
    onUnhandledRequest: 'bypass',
    quiet: true,
  });
  return mock;
}
