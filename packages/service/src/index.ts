export type { OperationId } from './contract.js';
export {
  createService,
  type Handler,
  type LogEntry,
  type Service,
  type ServiceOptions,
} from './createService.js';
export type { ErrorCode, FieldError, ProblemBody } from './problem.js';
export { requestIdFor } from './requestId.js';
