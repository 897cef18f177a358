// The contract against the local host: the HTTP server `pnpm start` runs, on an ephemeral port.
import { startLocalServer } from '../../server/src/local.js';
import { defineContractSuite } from './defineContractSuite.js';

const apiKey = 'contract-local-key';

defineContractSuite({
  name: 'local host (HTTP)',
  apiKey,
  async start() {
    const server = await startLocalServer({ port: 0, host: '127.0.0.1', apiKey, log: false });
    return { baseUrl: server.url, close: () => server.close() };
  },
});
