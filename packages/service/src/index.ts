export { matchRoute, type OperationId, type RouteMatch } from './contract.js';
export { normaliseOrigin, parseCorsOrigins } from './cors.js';
export {
  createService,
  type Handler,
  type LogEntry,
  type Service,
  type ServiceOptions,
} from './createService.js';
export {
  docsAssetNames,
  docsContentSecurityPolicy,
  type ReadRendererFile,
  type RendererFile,
  rendererFiles,
} from './docs.js';
export type { ErrorCode, FieldError, ProblemBody } from './problem.js';
export { requestIdFor } from './requestId.js';
