export type { StoredToken, TokenLock, TokenStore } from './auth/stores.js';
export { MemoryTokenStore } from './auth/stores.js';
export type { AuthorizeUrlInput, ExchangeCodeInput, TokenSet } from './auth/token-endpoint.js';
export { TokenEndpoint } from './auth/token-endpoint.js';
export type { AccessToken } from './auth/token-manager.js';
export { TokenManager } from './auth/token-manager.js';
export { Zoho } from './client.js';
export type { ZohoOptions } from './config.js';
export type { DataCentre, Endpoints } from './datacenters.js';
export {
  DATA_CENTRE_NAMES,
  DATA_CENTRES,
  dataCentreOfAccountsServer,
  isTrustedAccountsServer,
  resolveEndpoints,
} from './datacenters.js';
export type { RedactedRequest, ZohoErrorKind, ZohoProduct } from './errors.js';
export {
  createZohoError,
  isZohoError,
  ZohoApiError,
  ZohoAuthError,
  ZohoConfigError,
  ZohoConnectionError,
  ZohoError,
  ZohoNotFoundError,
  ZohoPermissionError,
  ZohoRateLimitError,
  ZohoValidationError,
} from './errors.js';
export type { EventListener, ZohoEvent } from './http/events.js';
export type { QueryValue, RequestSpec } from './http/pipeline.js';
export type { RetryDecision, RetryInput, RetryPolicy } from './http/retry.js';
export { backoffDelay, DEFAULT_RETRY, parseRetryAfter, shouldRetry } from './http/retry.js';
export { REDACTED, redact } from './redact.js';
