export type { StoredToken, TokenLock, TokenStore } from './auth/stores.js';
export { MemoryTokenStore } from './auth/stores.js';
export type { AuthorizeUrlInput, ExchangeCodeInput, TokenSet } from './auth/token-endpoint.js';
export { TokenEndpoint } from './auth/token-endpoint.js';
export type { AccessToken, Sha256Hex } from './auth/token-manager.js';
export { TokenManager } from './auth/token-manager.js';
export { Zoho } from './client.js';
export type { CampaignsOptions, CrmOptions, DeskOptions, ZohoOptions } from './config.js';
export type { DataCentre, Endpoints } from './datacenters.js';
export {
  DATA_CENTRE_NAMES,
  DATA_CENTRES,
  dataCentreOfAccountsServer,
  isTrustedAccountsServer,
  resolveEndpoints,
} from './datacenters.js';
export type {
  AnyZohoError,
  RedactedRequest,
  ZohoErrorByKind,
  ZohoErrorInit,
  ZohoErrorKind,
  ZohoOutcome,
  ZohoProduct,
} from './errors.js';
export {
  createZohoError,
  isZohoError,
  messageOf,
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
export type { LimitWindow } from './http/limiter.js';
export {
  CRM_CONCURRENCY_BY_EDITION,
  DEFAULT_CAMPAIGNS_LIMITS,
  DEFAULT_CRM_CONCURRENCY,
  DEFAULT_DESK_CONCURRENCY,
} from './http/limiter.js';
export type { AttemptOutcome, CallState, Decision, DelaySource, FailureFacts } from './http/outcome.js';
export { classifyFailure, classifyTokenFailure, decide, errorOutcome } from './http/outcome.js';
export type { QueryValue, RequestSpec } from './http/request-spec.js';
export type { RetryDecision, RetryInput, RetryPolicy } from './http/retry.js';
export { backoffDelay, DEFAULT_RETRY, isIdempotent, parseRetryAfter, shouldRetry } from './http/retry.js';
export type { Paginated } from './paginate.js';
export { BULK_CHUNK, BULK_CONCURRENCY, stopsTheRun } from './products/campaigns/bulk-add.js';
export type { CampaignsClient } from './products/campaigns/campaigns-client.js';
/** Every Campaigns input and result type (the file holds public types only). */
export type * from './products/campaigns/types.js';
export type { CheckableInputs } from './products/check-input.js';
export { checkIdempotencyKey, checkInput } from './products/check-input.js';
export { COQL_MAX_LIMIT } from './products/crm/coql.js';
export { CRM_MAX_CONDITIONS, escapeCriteriaValue } from './products/crm/criteria.js';
export type { CrmClient } from './products/crm/crm-client.js';
export { CRM_DISCRETE_LIMIT, CRM_MAX_PER_PAGE } from './products/crm/record-pages.js';
export type { CrmRecords } from './products/crm/records.js';
/** Every CRM input and result type (the file holds public types only). */
export type * from './products/crm/types.js';
export { CRM_WRITE_CHUNK, CRM_WRITE_CONCURRENCY } from './products/crm/write-records.js';
export type { DeskContacts } from './products/desk/contacts.js';
export type { DeskDepartments } from './products/desk/departments.js';
export type { DeskClient } from './products/desk/desk-client.js';
export type { DeskFields } from './products/desk/fields.js';
export type { DeskOrganizations } from './products/desk/organizations.js';
export type { DeskTickets } from './products/desk/tickets.js';
/** Every Desk input and result type (the file holds public types and the two value lists exported below). */
export type * from './products/desk/types.js';
export { TICKET_INCLUDES, TICKET_SORT_FIELDS } from './products/desk/types.js';
export { isEmail } from './products/validate.js';
export { REDACTED, redact } from './redact.js';
