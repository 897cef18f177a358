import { createHandlers } from './createHandlers.js';

export type { ModelCard } from '@forestfn/model';
export { modelCard, modelVersion } from './bundledModel.js';
export {
  createHandlers,
  defaultBaseUrl,
  type FailureOptions,
  type ForestfnMock,
  type MockOperation,
  type MockOptions,
} from './createHandlers.js';

/** Ready-made handlers for the API at `http://localhost:7071`, with no key: `setupServer(...handlers)`. */
export const handlers = createHandlers().handlers;
