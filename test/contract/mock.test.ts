// The contract against the mock: MSW in this process, answering through @forestfn/mock's handlers.
import { setupServer } from 'msw/node';
import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../packages/mock/src/index.js';
import { defaultArtifactPath, loadModel } from '../../packages/model/src/index.js';
import { defineContractSuite } from './defineContractSuite.js';
import { assertMatches } from './schemas.js';

const baseUrl = 'http://forestfn-mock.test';
const apiKey = 'contract-mock-key';
const mock = createHandlers({ baseUrl, apiKey });

defineContractSuite({
  name: 'mock (MSW, in-process)',
  apiKey,
  // From source, it bundles the trained artifact, as the suite can load it.
  model: () => loadModel(defaultArtifactPath),
  async start() {
    const server = setupServer(...mock.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    return { baseUrl, close: () => server.close() };
  },
});

describe('mock failure controls', () => {
  it('inject failures whose bodies match the spec Problem schema', async () => {
    const server = setupServer(...mock.handlers);
    server.listen({ onUnhandledRequest: 'error' });
    try {
      for (const status of [429, 500, 503]) {
        mock.failNext(1, { status, retryAfterSeconds: 1 });
        const response = await fetch(`${baseUrl}/api/health`);
        expect(response.status).toBe(status);
        expect(response.headers.get('content-type')).toBe('application/problem+json');
        assertMatches('Problem', await response.json());
      }
    } finally {
      mock.reset();
      server.close();
    }
  });
});
