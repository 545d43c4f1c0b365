/**
 * Options, validated once at construction. Unknown or ill-typed options are rejected with a message that
 * names the option and the fix; nothing is silently defaulted. Secret values are never echoed back.
 */

import type { TokenStore } from './auth/stores.js';
import type { Sha256Hex } from './auth/token-manager.js';
import { isRecord } from './body.js';
import {
  isHttpUrl,
  nonNegativeInteger,
  nonNegativeNumber,
  optionalString,
  positiveInteger,
  positiveNumber,
  rejectUnknown,
  requireString,
} from './config-checks.js';
import {
  type CampaignsOptions,
  type CrmOptions,
  type DeskOptions,
  type ResolvedCrm,
  type ResolvedDesk,
  resolveCampaigns,
  resolveCrm,
  resolveDesk,
} from './config-products.js';
import { DATA_CENTRE_NAMES, type DataCentre, type Endpoints, isDataCentre } from './datacenters.js';
import { configError } from './errors.js';
import type { EventListener } from './http/events.js';
import type { LimitWindow } from './http/limiter.js';
import { DEFAULT_RETRY, type RetryPolicy } from './http/retry.js';
import type { FetchLike } from './http/transport.js';

/**
 * Options of `new Zoho()`: credentials, data centre, and optional endpoints, store, limits and event listener.
 * Checked at construction (`ZohoConfigError`).
 */
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
  /**
   * SHA-256 of a string as 64 lowercase hex characters, for the token store key (which holds a hash of the
   * refresh token, never the token). Default: the runtime's own (`node:crypto` where the runtime hands it out,
   * else Web Crypto). Pass a pure-JS one (for example `@noble/hashes`) when process start-up matters: on Node 20,
   * loading `node:crypto` is ~3 ms of a short-lived process (the zohokit CLI does this). Any correct SHA-256 gives
   * the same key, so processes that hash differently still share one token.
   */
  sha256?: Sha256Hex;
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
  /** Zoho CRM settings. */
  crm?: CrmOptions;
}

export interface ResolvedConfig {
  clientId: string;
  clientSecret: string;
  refreshToken: string | undefined;
  clientCredentials: { scope: string | string[]; soid: string } | undefined;
  dc: DataCentre;
  endpointOverrides: Partial<Endpoints>;
  tokenStore: TokenStore | undefined;
  sha256: Sha256Hex | undefined;
  retry: RetryPolicy;
  timeoutMs: number;
  refreshBeforeMs: number;
  refreshBudget: { max: number; windowMs: number };
  fetch: FetchLike;
  onEvent: EventListener | undefined;
  desk: ResolvedDesk;
  campaignsLimits: Record<string, LimitWindow[]>;
  crm: ResolvedCrm;
}

const KNOWN = [
  'clientId',
  'clientSecret',
  'refreshToken',
  'clientCredentials',
  'dc',
  'endpoints',
  'tokenStore',
  'sha256',
  'retry',
  'timeoutMs',
  'refreshBeforeMs',
  'refreshBudget',
  'fetch',
  'onEvent',
  'desk',
  'campaigns',
  'crm',
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
    if (!isRecord(o.endpoints))
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

  if (o.sha256 !== undefined && typeof o.sha256 !== 'function') {
    throw configError(
      'option "sha256" must be a function from a string to its SHA-256 in hex',
      "Omit it to use the runtime's own, or pass one such as (text) => bytesToHex(sha256(utf8ToBytes(text))) from @noble/hashes",
    );
  }

  const retry = resolveRetry(o.retry);
  const timeoutMs = positiveNumber(o, 'timeoutMs', 30_000);
  const refreshBeforeMs = nonNegativeNumber(o, 'refreshBeforeMs', 300_000);

  let refreshBudget = { max: 10, windowMs: 600_000 };
  if (o.refreshBudget !== undefined) {
    if (!isRecord(o.refreshBudget))
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
  const crm = resolveCrm(o.crm);

  return {
    clientId,
    clientSecret,
    refreshToken,
    clientCredentials,
    dc,
    endpointOverrides,
    tokenStore: tokenStore as TokenStore | undefined,
    sha256: o.sha256 as Sha256Hex | undefined,
    retry,
    timeoutMs,
    refreshBeforeMs,
    refreshBudget,
    // Bound so a fetch taken from `globalThis` keeps its receiver.
    fetch: o.fetch ? (o.fetch as FetchLike) : (input, init) => globalThis.fetch(input, init),
    onEvent: o.onEvent as EventListener | undefined,
    desk,
    campaignsLimits,
    crm,
  };
}

function resolveRetry(value: unknown): RetryPolicy {
  if (value === undefined) return { ...DEFAULT_RETRY };
  if (value === false) return { ...DEFAULT_RETRY, maxRetries: 0 };
  if (!isRecord(value)) throw configError('option "retry" must be an object or false', 'For example { maxRetries: 3 }');
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
  if (!isRecord(value)) throw configError('option "clientCredentials" must be an object', 'Pass { scope, soid }');
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

export type { CampaignsOptions, CrmOptions, DeskOptions, ResolvedCrm, ResolvedDesk };
