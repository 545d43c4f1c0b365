/**
 * Options, validated once at construction. Unknown or ill-typed options are rejected with a message that
 * names the option and the fix; nothing is silently defaulted. Secret values are never echoed back.
 */

import type { TokenStore } from './auth/stores.js';
import { DATA_CENTRE_NAMES, type DataCentre, type Endpoints, isDataCentre } from './datacenters.js';
import { configError } from './errors.js';
import type { EventListener } from './http/events.js';
import { DEFAULT_CAMPAIGNS_LIMITS, DEFAULT_DESK_CONCURRENCY, type LimitWindow } from './http/limiter.js';
import { DEFAULT_RETRY, type RetryPolicy } from './http/retry.js';
import type { FetchLike } from './http/transport.js';

export interface ZohoOptions {
  clientId: string;
  clientSecret: string;
  /** From a code exchange (`zohokit auth login` / `auth exchange`). Optional until you call `tokens.exchangeCode`. */
  refreshToken?: string;
  /** Self-client `client_credentials` grant instead of a refresh token. */
  clientCredentials?: { scope: string | string[]; soid: string };
  /** Data centre; default `us`. */
  dc?: DataCentre;
  /** Point any host elsewhere (the emulator, a proxy). An explicit `api` wins over the token's `api_domain`. */
  endpoints?: Partial<Endpoints>;
  /** Where access tokens are cached; default a new `MemoryTokenStore`. Share one between clients. */
  tokenStore?: TokenStore;
  /** Retry policy, or `false` to never retry. */
  retry?: Partial<RetryPolicy> | false;
  /** Per-attempt deadline; default 30 000 ms. */
  timeoutMs?: number;
  /** Refresh this long before expiry; default 300 000 ms (never more than a quarter of the token's lifetime). */
  refreshBeforeMs?: number;
  /** Local refresh budget; default Zoho's 10 per 10 minutes. Lower it if other software shares the refresh token. */
  refreshBudget?: { max?: number; windowMs?: number };
  /** `fetch` to use; default the global one. */
  fetch?: FetchLike;
  /** Receives request/response/retry/token.refresh/error/warning events (no bodies, no secrets). */
  onEvent?: EventListener;
  /** Zoho Desk settings. */
  desk?: DeskOptions;
  /** Zoho Campaigns settings. */
  campaigns?: CampaignsOptions;
}

export interface DeskOptions {
  /** The Desk organization (portal) id, sent as the `orgId` header on every call but organizations.list(). */
  orgId?: string;
  /** Concurrent Desk calls from this client; default 5 (the free edition's limit, zoho-api.md §2.4). */
  maxConcurrency?: number;
  /** Ticket custom field that holds `tickets.create` idempotency keys; default `cf_zohokit_key`. */
  idempotencyField?: string;
}

export interface CampaignsOptions {
  /**
   * Per-API call windows, keyed by API name (`listsubscribe`, `addlistsubscribersinbulk`, …; `default` for the
   * rest). Defaults are Zoho's documented limits. A call that would exceed a window waits for a free slot.
   */
  limits?: Record<string, LimitWindow | LimitWindow[]>;
}

export interface ResolvedDesk {
  orgId: string | undefined;
  maxConcurrency: number;
  idempotencyField: string;
}

export interface ResolvedConfig {
  clientId: string;
  clientSecret: string;
  refreshToken: string | undefined;
  clientCredentials: { scope: string | string[]; soid: string } | undefined;
  dc: DataCentre;
  endpointOverrides: Partial<Endpoints>;
  tokenStore: TokenStore | undefined;
  retry: RetryPolicy;
  timeoutMs: number;
  refreshBeforeMs: number;
  refreshBudget: { max: number; windowMs: number };
  fetch: FetchLike;
  onEvent: EventListener | undefined;
  desk: ResolvedDesk;
  campaignsLimits: Record<string, LimitWindow[]>;
}

const KNOWN = [
  'clientId',
  'clientSecret',
  'refreshToken',
  'clientCredentials',
  'dc',
  'endpoints',
  'tokenStore',
  'retry',
  'timeoutMs',
  'refreshBeforeMs',
  'refreshBudget',
  'fetch',
  'onEvent',
  'desk',
  'campaigns',
] as const;

const ENDPOINT_KEYS = ['accounts', 'api', 'desk', 'campaigns'] as const;

export function resolveConfig(input: unknown, extraKeys: readonly string[] = []): ResolvedConfig {
  if (typeof input !== 'object' || input === null) {
    throw configError('new Zoho(options) needs an options object', 'Pass { clientId, clientSecret, refreshToken, dc }');
  }
  const o = input as Record<string, unknown>;
  const allowed = new Set<string>([...KNOWN, ...extraKeys]);
  for (const key of Object.keys(o)) {
    if (!allowed.has(key)) {
      throw configError(`unknown option "${key}"`, `Known options: ${[...allowed].join(', ')}`);
    }
  }

  const clientId = requireString(o, 'clientId', 'the client id from the Zoho API console (api-console.zoho.com)');
  const clientSecret = requireString(o, 'clientSecret', 'the client secret from the Zoho API console');
  const refreshToken = optionalString(o, 'refreshToken');
  const clientCredentials = o.clientCredentials === undefined ? undefined : checkClientCredentials(o.clientCredentials);
  if (refreshToken !== undefined && clientCredentials !== undefined) {
    throw configError('refreshToken and clientCredentials are mutually exclusive', 'Pass one of them');
  }

  const dc = o.dc ?? 'us';
  if (!isDataCentre(dc)) {
    throw configError(
      `option "dc" must be one of ${DATA_CENTRE_NAMES.join(', ')} (got ${JSON.stringify(dc)})`,
      'Use the data centre of your Zoho account: the domain you sign in at (zoho.eu → eu, zohocloud.ca → ca)',
    );
  }

  const endpointOverrides: Partial<Endpoints> = {};
  if (o.endpoints !== undefined) {
    if (!isPlainObject(o.endpoints))
      throw configError('option "endpoints" must be an object', 'For example { accounts: "http://127.0.0.1:4000" }');
    for (const [key, value] of Object.entries(o.endpoints)) {
      if (!(ENDPOINT_KEYS as readonly string[]).includes(key)) {
        throw configError(`unknown option "endpoints.${key}"`, `Known endpoints: ${ENDPOINT_KEYS.join(', ')}`);
      }
      if (value === undefined) continue;
      if (typeof value !== 'string' || !isHttpUrl(value)) {
        throw configError(`option "endpoints.${key}" must be an http(s) URL`, 'For example "http://127.0.0.1:4000"');
      }
      endpointOverrides[key as keyof Endpoints] = value;
    }
  }

  const tokenStore = o.tokenStore;
  if (tokenStore !== undefined) {
    const s = tokenStore as Record<string, unknown>;
    if (
      typeof s !== 'object' ||
      s === null ||
      typeof s.get !== 'function' ||
      typeof s.set !== 'function' ||
      typeof s.delete !== 'function'
    ) {
      throw configError(
        'option "tokenStore" must implement get, set and delete',
        'Use MemoryTokenStore, FileTokenStore (zohokit/node) or RedisTokenStore (@zohokit/redis)',
      );
    }
  }

  const retry = resolveRetry(o.retry);
  const timeoutMs = positiveNumber(o, 'timeoutMs', 30_000);
  const refreshBeforeMs = nonNegativeNumber(o, 'refreshBeforeMs', 300_000);

  let refreshBudget = { max: 10, windowMs: 600_000 };
  if (o.refreshBudget !== undefined) {
    if (!isPlainObject(o.refreshBudget))
      throw configError('option "refreshBudget" must be an object', 'For example { max: 10, windowMs: 600000 }');
    const b = o.refreshBudget;
    rejectUnknown(b, 'refreshBudget', ['max', 'windowMs']);
    refreshBudget = {
      max: positiveInteger(b, 'refreshBudget.max', 'max', 10),
      windowMs: positiveNumber(b, 'windowMs', 600_000, 'refreshBudget.windowMs'),
    };
  }

  if (o.fetch !== undefined && typeof o.fetch !== 'function') {
    throw configError(
      'option "fetch" must be a function',
      'Omit it to use the global fetch, or pass a fetch-compatible function',
    );
  }
  const fetchFn = o.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function') {
    throw configError('no fetch implementation is available', 'Use Node >= 20 or pass the option "fetch"');
  }
  if (o.onEvent !== undefined && typeof o.onEvent !== 'function') {
    throw configError('option "onEvent" must be a function', 'For example onEvent: (event) => console.log(event.type)');
  }

  const desk = resolveDesk(o.desk);
  const campaignsLimits = resolveCampaigns(o.campaigns);

  return {
    clientId,
    clientSecret,
    refreshToken,
    clientCredentials,
    dc,
    endpointOverrides,
    tokenStore: tokenStore as TokenStore | undefined,
    retry,
    timeoutMs,
    refreshBeforeMs,
    refreshBudget,
    // Bound so a fetch taken from `globalThis` keeps its receiver.
    fetch: o.fetch ? (o.fetch as FetchLike) : (input, init) => globalThis.fetch(input, init),
    onEvent: o.onEvent as EventListener | undefined,
    desk,
    campaignsLimits,
  };
}

function resolveDesk(value: unknown): ResolvedDesk {
  const desk: ResolvedDesk = {
    orgId: undefined,
    maxConcurrency: DEFAULT_DESK_CONCURRENCY,
    idempotencyField: 'cf_zohokit_key',
  };
  if (value === undefined) return desk;
  if (!isPlainObject(value)) throw configError('option "desk" must be an object', 'For example { orgId: "123456" }');
  rejectUnknown(value, 'desk', ['orgId', 'maxConcurrency', 'idempotencyField']);
  if (value.orgId !== undefined) {
    if (typeof value.orgId !== 'string' || !/^\S+$/.test(value.orgId)) {
      throw configError(
        `option "desk.orgId" must be a non-empty string without spaces (got ${JSON.stringify(value.orgId)})`,
        "Pass the id as a string; find it with 'zohokit desk orgs' or zoho.desk.organizations.list()",
      );
    }
    desk.orgId = value.orgId;
  }
  desk.maxConcurrency = positiveInteger(value, 'desk.maxConcurrency', 'maxConcurrency', DEFAULT_DESK_CONCURRENCY);
  if (value.idempotencyField !== undefined) {
    // Desk names custom fields `cf_<name>` in API payloads and in search (`customField1=cf_x:value`).
    if (typeof value.idempotencyField !== 'string' || !/^cf_\w+$/.test(value.idempotencyField)) {
      throw configError(
        `option "desk.idempotencyField" must be a Desk custom field API name like "cf_zohokit_key" (got ${JSON.stringify(value.idempotencyField)})`,
        'Create a single-line ticket field and pass its API name (Setup → Layouts and Fields)',
      );
    }
    desk.idempotencyField = value.idempotencyField;
  }
  return desk;
}

function resolveCampaigns(value: unknown): Record<string, LimitWindow[]> {
  const limits: Record<string, LimitWindow[]> = {};
  for (const [api, windows] of Object.entries(DEFAULT_CAMPAIGNS_LIMITS)) limits[api] = [...windows];
  if (value === undefined) return limits;
  if (!isPlainObject(value))
    throw configError('option "campaigns" must be an object', 'For example { limits: { listsubscribe: {...} } }');
  rejectUnknown(value, 'campaigns', ['limits']);
  if (value.limits === undefined) return limits;
  if (!isPlainObject(value.limits))
    throw configError(
      'option "campaigns.limits" must be an object keyed by API name',
      'For example { listsubscribe: { max: 500, windowMs: 60000 } }',
    );
  for (const [api, given] of Object.entries(value.limits)) {
    const list = Array.isArray(given) ? given : [given];
    if (list.length === 0) throw configError(`option "campaigns.limits.${api}" must not be empty`);
    limits[api.toLowerCase()] = list.map((w, i) =>
      limitWindow(w, `campaigns.limits.${api}${Array.isArray(given) ? `[${i}]` : ''}`),
    );
  }
  return limits;
}

function limitWindow(value: unknown, label: string): LimitWindow {
  if (!isPlainObject(value))
    throw configError(`option "${label}" must be { max, windowMs }`, 'For example { max: 500, windowMs: 60000 }');
  rejectUnknown(value, label, ['max', 'windowMs']);
  if (value.max === undefined || value.windowMs === undefined) {
    throw configError(`option "${label}" needs both max and windowMs`, 'For example { max: 500, windowMs: 60000 }');
  }
  return {
    max: positiveInteger(value, `${label}.max`, 'max', 1),
    windowMs: positiveNumber(value, 'windowMs', 1, `${label}.windowMs`),
  };
}

function resolveRetry(value: unknown): RetryPolicy {
  if (value === undefined) return { ...DEFAULT_RETRY };
  if (value === false) return { ...DEFAULT_RETRY, maxRetries: 0 };
  if (!isPlainObject(value))
    throw configError('option "retry" must be an object or false', 'For example { maxRetries: 3 }');
  rejectUnknown(value, 'retry', Object.keys(DEFAULT_RETRY));
  return {
    maxRetries: nonNegativeInteger(value, 'retry.maxRetries', 'maxRetries', DEFAULT_RETRY.maxRetries),
    baseDelayMs: nonNegativeNumber(value, 'baseDelayMs', DEFAULT_RETRY.baseDelayMs, 'retry.baseDelayMs'),
    maxDelayMs: nonNegativeNumber(value, 'maxDelayMs', DEFAULT_RETRY.maxDelayMs, 'retry.maxDelayMs'),
    maxRetryAfterMs: nonNegativeNumber(
      value,
      'maxRetryAfterMs',
      DEFAULT_RETRY.maxRetryAfterMs,
      'retry.maxRetryAfterMs',
    ),
  };
}

function checkClientCredentials(value: unknown): { scope: string | string[]; soid: string } {
  if (!isPlainObject(value)) throw configError('option "clientCredentials" must be an object', 'Pass { scope, soid }');
  rejectUnknown(value, 'clientCredentials', ['scope', 'soid']);
  const scope = value.scope;
  const scopeOk =
    (typeof scope === 'string' && scope !== '') ||
    (Array.isArray(scope) && scope.length > 0 && scope.every((s) => typeof s === 'string'));
  if (!scopeOk)
    throw configError(
      'option "clientCredentials.scope" must be a non-empty string or string array',
      'For example "Desk.tickets.READ"',
    );
  if (typeof value.soid !== 'string' || value.soid === '') {
    throw configError(
      'option "clientCredentials.soid" is required',
      "Pass '<ServiceName>.<org id>', for example 'ZohoCRM.600000000'",
    );
  }
  return { scope: scope as string | string[], soid: value.soid };
}

function requireString(o: Record<string, unknown>, key: string, what: string): string {
  const value = o[key];
  if (typeof value !== 'string' || value.trim() === '') {
    throw configError(`option "${key}" is required and must be a non-empty string`, `Pass ${what}`);
  }
  return value;
}

function optionalString(o: Record<string, unknown>, key: string): string | undefined {
  const value = o[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') {
    throw configError(`option "${key}" must be a non-empty string`, 'Omit it, or pass the value from a code exchange');
  }
  return value;
}

function positiveNumber(o: Record<string, unknown>, key: string, fallback: number, label = key): number {
  const value = o[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw configError(
      `option "${label}" must be a positive number of milliseconds (got ${JSON.stringify(value)})`,
      `Omit it for the default ${fallback}`,
    );
  }
  return value;
}

function nonNegativeNumber(o: Record<string, unknown>, key: string, fallback: number, label = key): number {
  const value = o[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw configError(
      `option "${label}" must be a number >= 0 (got ${JSON.stringify(value)})`,
      `Omit it for the default ${fallback}`,
    );
  }
  return value;
}

function nonNegativeInteger(o: Record<string, unknown>, label: string, key: string, fallback: number): number {
  const value = o[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw configError(
      `option "${label}" must be a whole number >= 0 (got ${JSON.stringify(value)})`,
      `Omit it for the default ${fallback}`,
    );
  }
  return value;
}

function positiveInteger(o: Record<string, unknown>, label: string, key: string, fallback: number): number {
  const value = nonNegativeInteger(o, label, key, fallback);
  if (value === 0) throw configError(`option "${label}" must be at least 1`, `Omit it for the default ${fallback}`);
  return value;
}

function rejectUnknown(o: Record<string, unknown>, prefix: string, known: readonly string[]): void {
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) throw configError(`unknown option "${prefix}.${key}"`, `Known: ${known.join(', ')}`);
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
