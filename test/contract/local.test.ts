// The contract against the local host: the HTTP server `pnpm start` runs, on an ephemeral port.
import { defaultArtifactPath, loadModel } from '../../packages/model/src/index.js';
import { startLocalServer } from '../../server/src/local.js';
import { defineContractSuite } from './defineContractSuite.js';

const apiKey = 'contract-local-key';

defineContractSuite({
  name: 'local host (HTTP)',
  apiKey,
  // It serves the trained artifact, as the suite can load it.
  model: () => loadModel(defaultArtifactPath),
  async start() {
    const server = await startLocalServer({ port: 0, host: '127.0.0.1', apiKey, log: false });
    return { baseUrl: server.url, close: () => server.close() };
  },
});
