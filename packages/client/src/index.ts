export type { ApiPromise, WithResponse } from './apiPromise.js';
export type { CallOptions, ClientOptions, ForestfnClient, RequestOptions } from './createClient.js';
export { createClient } from './createClient.js';
export {
  AbortError,
  ApiError,
  AuthenticationError,
  BadRequestError,
  ClientError,
  ConnectionError,
  ForestfnError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from './errors.js';
export type { components, operations, paths } from './generated/openapi.js';
export type { LogEvent, Logger } from './log.js';
export type { FetchLike } from './retryingFetch.js';
export type {
  ErrorCode,
  FeatureRow,
  FieldError,
  Health,
  Instance,
  Label,
  ModelCard,
  ModelIdentity,
  Prediction,
  PredictResponse,
  Probabilities,
  Problem,
} from './types.js';
