/**
 * Public API of `@csms-console/csms-client`: the client, its errors, the response schemas and types,
 * credentials, the IAM token provider and the transport. Secret values are not reachable from here
 * (see `./values`); the signing primitives live under `./signing`.
 */
export {
  CsmsClient,
  type AllSecretsOptions,
  type ListPageOptions,
  type ListSecretsOptions,
} from './operations.js';
export type { CallOptions } from './caller.js';
export { CONSOLE_IAM_ACTIONS } from './console-actions.js';
export type { CsmsClientOptions } from './client-options.js';
export type { CreateSecretInput, CreateSecretVersionInput } from './create-inputs.js';
export type { PaginationStop, PaginationSummary } from './pagination.js';
export {
  CsmsAbortedError,
  CsmsError,
  CsmsHttpError,
  CsmsInputError,
  CsmsNetworkError,
  CsmsResponseError,
  CsmsTimeoutError,
  isInvalidTokenError,
  type CsmsErrorCode,
} from './errors.js';
export type { MetadataBearer, ResponseMetadata, WithMetadata } from './metadata.js';
export type { BreakerPermit, CircuitBreakerPolicy, RetryQuota } from './policies.js';
export * from './schemas.js';
export { AkSkCredentialsSchema, type AkSkCredentials, type Credentials } from './credentials.js';
export {
  IAM_TOKEN_OPERATION,
  IamPasswordTokenProvider,
  type IamPasswordTokenOptions,
  type TokenProvider,
} from './token-provider.js';
export {
  HttpTransport,
  type TransportRequest,
  type TransportResponse,
  type WireRequest,
} from './transport.js';
export type { AttemptEvent, TransportOptions, TransportSettings } from './transport-options.js';
export type { Runtime } from './runtime.js';
export {
  EventNameSchema,
  ExpireTimeSchema,
  LimitSchema,
  ProjectIdSchema,
  SecretNameSchema,
  StageNameSchema,
  VersionIdSchema,
} from './validation.js';
export type { HttpMethod } from './retry-policy.js';
