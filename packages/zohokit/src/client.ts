import { MemoryTokenStore } from './auth/stores.js';
import { TokenEndpoint } from './auth/token-endpoint.js';
import { TokenManager } from './auth/token-manager.js';
import { type ResolvedConfig, resolveConfig, type ZohoOptions } from './config.js';
import { type DataCentre, type Endpoints, resolveEndpoints } from './datacenters.js';
import { type EventListener, safeEmitter } from './http/events.js';
import { ProductLimits } from './http/limiter.js';
import { Pipeline } from './http/pipeline.js';
import type { RequestSpec } from './http/request-spec.js';
import { CampaignsClient } from './products/campaigns/campaigns-client.js';
import { CrmClient } from './products/crm/crm-client.js';
import { DeskClient } from './products/desk/desk-client.js';
import { redact } from './redact.js';

/**
 * A Zoho client for one tenant (client id + refresh token + data centre). Wires the configuration, the token
 * manager and the request pipeline; product clients sit on top of `request`.
 */
export class Zoho {
  /** The token manager: `get`, `refresh`, `invalidate`, `exchangeCode`, `authorizeUrl`, `revoke`. */
  readonly tokens: TokenManager;
  readonly dc: DataCentre;
  /** The resolved hosts (after overrides). `api` may be replaced per call by the token's `api_domain`. */
  readonly endpoints: Readonly<Endpoints>;
  /**
   * Zoho Desk: organizations, departments, contacts, tickets (needs `desk.orgId`, or `desk.withOrg(id)`, for all
   * but organizations).
   */
  readonly desk: DeskClient;
  /** Zoho Campaigns: subscribe, unsubscribe, bulk add, lists, list contacts. */
  readonly campaigns: CampaignsClient;
  /**
   * Zoho CRM (`crm.version`, default v8) at the token's `api_domain`: records, search, COQL, users, org,
   * modules and fields.
   */
  readonly crm: CrmClient;
  readonly #pipeline: Pipeline;

  constructor(options: ZohoOptions) {
    const config = resolveConfig(options);
    this.dc = config.dc;
    this.endpoints = Object.freeze(resolveEndpoints(config.dc, config.endpointOverrides));
    const secrets = () => [config.clientSecret, config.refreshToken];
    const emit = redactingEmitter(config, secrets);
    const endpointFor = (accountsUrl: string) => tokenEndpoint(config, accountsUrl, this.endpoints.accounts);
    this.tokens = new TokenManager({
      endpoint: endpointFor(this.endpoints.accounts),
      endpointFor,
      clientId: config.clientId,
      refreshToken: config.refreshToken,
      clientCredentials: config.clientCredentials,
      store: config.tokenStore ?? new MemoryTokenStore(),
      sha256: config.sha256,
      refreshBeforeMs: config.refreshBeforeMs,
      budget: config.refreshBudget,
      lockTtlMs: config.timeoutMs + 5_000,
      emit,
    });
    this.#pipeline = new Pipeline({
      fetch: config.fetch,
      tokens: this.tokens,
      endpoints: this.endpoints,
      apiOverridden: config.endpointOverrides.api !== undefined,
      retry: config.retry,
      timeoutMs: config.timeoutMs,
      emit,
      secrets,
      // Per instance: two clients (two tenants) never share a limit (DESIGN.md §2).
      limits: new ProductLimits({
        deskConcurrency: config.desk.maxConcurrency,
        crmConcurrency: config.crm.maxConcurrency,
        campaignsLimits: config.campaignsLimits,
        emit,
      }),
    });
    const request = <T>(spec: RequestSpec) => this.#pipeline.request<T>(spec);
    this.desk = new DeskClient({
      request,
      orgId: config.desk.orgId,
      idempotencyField: config.desk.idempotencyField,
      retry: config.retry,
      emit,
    });
    this.campaigns = new CampaignsClient(request);
    this.crm = new CrmClient({
      request,
      version: config.crm.version,
      idempotencyField: config.crm.idempotencyField,
      retry: config.retry,
      emit,
    });
  }

  /**
   * Any Zoho API call, through the full pipeline: token, timeout, retries, refresh-once on 401, typed errors.
   * Resolves to the parsed JSON body (undefined for 204 or an empty body).
   */
  request<T = unknown>(spec: RequestSpec): Promise<T> {
    return this.#pipeline.request<T>(spec);
  }
}

function tokenEndpoint(config: ResolvedConfig, accountsUrl: string, configuredAccounts: string): TokenEndpoint {
  return new TokenEndpoint({
    accountsUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    fetch: config.fetch,
    timeoutMs: config.timeoutMs,
    trustedAccountsServers: config.endpointOverrides.accounts ? [configuredAccounts] : [],
  });
}

/** Events pass through the one redaction function, with the configured secrets masked literally too. */
function redactingEmitter(config: ResolvedConfig, secrets: () => (string | undefined)[]): EventListener | undefined {
  const listener = safeEmitter(config.onEvent);
  if (!listener) return undefined;
  return (event) => listener(redact(event, secrets()));
}
