import { CampaignsControl } from './campaigns/control-client.js';
import type {
  ClientSummary,
  ControlError,
  CountersSnapshot,
  CreateClientInput,
  CreatedClient,
  ExpireTokensInput,
  ExpireTokensResult,
  FaultQueueSummary,
  FaultSpec,
  MintedGrantCode,
  MintGrantCodeInput,
  Outage,
  RevokeTokenResult,
  TokensSnapshot,
} from './control/types.js';

/** The client and scopes for `EmulatorControl.issueRefreshToken()`. */
export interface IssueRefreshTokenInput {
  clientId: string;
  clientSecret: string;
  scope: string | readonly string[];
}

/** The tokens `EmulatorControl.issueRefreshToken()` obtained by a real code exchange. */
export interface IssuedTokens {
  refreshToken: string;
  accessToken: string;
}

import { CrmControl } from './crm/crm-control-client.js';
import { DeskControl } from './desk/desk-control-client.js';
import type { EmulatorInfo, RequestLogEntry, RequestLogQuery } from './inspector/types.js';

/**
 * Typed client for the control API (/__emulator/...). One fetch per method, so it works against an emulator in
 * another process too. Any non-2xx answer throws an Error carrying the route's message.
 */
export class EmulatorControl {
  readonly baseUrl: string;
  /** Campaigns lists, subscribers, confirmations and lock-outs. */
  readonly campaigns: CampaignsControl;
  /** Desk orgs, seeded tickets, what was created, and the per-org concurrency limit. */
  readonly desk: DeskControl;
  /** CRM modules, seeded records, custom fields, credits and the concurrency limit. */
  readonly crm: CrmControl;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.campaigns = new CampaignsControl((method, path, body) => this.#call(method, path, body));
    this.desk = new DeskControl((method, path, body) => this.#call(method, path, body));
    this.crm = new CrmControl((method, path, body) => this.#call(method, path, body));
  }

  /** Registers an OAuth client (self or server-based), as in Zoho's API console; returns its id and secret. */
  createClient(input: CreateClientInput): Promise<CreatedClient> {
    return this.#call('POST', '/__emulator/clients', input);
  }

  /** Every registered client, secrets masked. */
  async listClients(): Promise<ClientSummary[]> {
    return (await this.#call<{ clients: ClientSummary[] }>('GET', '/__emulator/clients')).clients;
  }

  /** The API console's "Generate code" for a self client. */
  mintGrantCode(input: MintGrantCodeInput): Promise<MintedGrantCode> {
    return this.#call('POST', '/__emulator/grant-codes', input);
  }
  /**
   * A refresh token obtained the way a user gets one: a console grant code for a self client, exchanged at this
   * emulator's own `/oauth/v2/token` (form body). Counts as a token call like any other exchange.
   */
  async issueRefreshToken(input: IssueRefreshTokenInput): Promise<IssuedTokens> {
    const scope = typeof input.scope === 'string' ? input.scope : [...input.scope];
    const { code } = await this.mintGrantCode({ clientId: input.clientId, scope });
    const response = await fetch(`${this.baseUrl}/oauth/v2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: input.clientId,
        client_secret: input.clientSecret,
        code,
      }),
    });
    const body = (await response.json()) as { refresh_token?: string; access_token?: string; error?: string };
    if (!body.refresh_token || !body.access_token) {
      throw new Error(`@zohokit/emulator: the code exchange returned no refresh token (${body.error ?? 'no error'})`);
    }
    return { refreshToken: body.refresh_token, accessToken: body.access_token };
  }

  /** Makes every live access token (or those of one client) expired now. */
  expireTokens(input: ExpireTokensInput = {}): Promise<ExpireTokensResult> {
    return this.#call('POST', '/__emulator/tokens/expire', input);
  }

  /** Revokes a refresh token and every access token minted from it. */
  revokeToken(refreshToken: string): Promise<RevokeTokenResult> {
    return this.#call('POST', '/__emulator/tokens/revoke', { refreshToken });
  }

  /** Every token with its state; token values are masked. */
  tokens(): Promise<TokensSnapshot> {
    return this.#call('GET', '/__emulator/tokens');
  }

  /** Appends faults to the queue of `spec.method` + `spec.path`; returns that queue. */
  queueFaults(spec: FaultSpec): Promise<FaultQueueSummary> {
    return this.#call('POST', '/__emulator/faults', spec);
  }

  /**
   * A full outage: every non-control route, the token endpoint included, answers `status` (default 503, with
   * `retryAfter` seconds if given) for `forMs` from now, ahead of any queued fault. Queued faults wait.
   */
  async outage(options: { forMs: number; status?: number; retryAfter?: number }): Promise<Outage> {
    return (await this.#call<{ outage: Outage }>('POST', '/__emulator/outage', options)).outage;
  }

  /** Ends an outage now. */
  async endOutage(): Promise<void> {
    await this.#call('DELETE', '/__emulator/outage');
  }

  /** Every fault queue still holding faults (or a mix). */
  async listFaults(): Promise<FaultQueueSummary[]> {
    return (await this.#call<{ queues: FaultQueueSummary[] }>('GET', '/__emulator/faults')).queues;
  }

  /** Clears every fault queue, or only the one of `route` (its `method`, or the any-method queue). */
  async clearFaults(route?: { method?: string; path: string }): Promise<void> {
    const query = route
      ? `?${new URLSearchParams({ path: route.path, ...(route.method ? { method: route.method } : {}) })}`
      : '';
    await this.#call('DELETE', `/__emulator/faults${query}`);
  }

  /** The request log, newest first, secrets masked (what the inspector's Requests view shows). */
  async requests(query: RequestLogQuery = {}): Promise<RequestLogEntry[]> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    const suffix = params.size > 0 ? `?${params}` : '';
    return (await this.#call<{ requests: RequestLogEntry[] }>('GET', `/__emulator/requests${suffix}`)).requests;
  }

  /** Empties the request log. */
  async clearRequests(): Promise<void> {
    await this.#call('DELETE', '/__emulator/requests');
  }

  /** This emulator's settings as the inspector shows them. */
  info(): Promise<EmulatorInfo> {
    return this.#call('GET', '/__emulator/info');
  }

  /** Token calls, token errors and API requests counted since start (or the last reset). */
  counters(): Promise<CountersSnapshot> {
    return this.#call('GET', '/__emulator/counters');
  }

  /** Sets every counter back to zero. */
  async resetCounters(): Promise<void> {
    await this.#call('POST', '/__emulator/counters/reset');
  }

  /** Back to the just-started state: no clients, tokens, faults or counts; the options stay. */
  async reset(): Promise<void> {
    await this.#call('POST', '/__emulator/reset');
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const message = (parsed as ControlError | undefined)?.error ?? (text || response.statusText);
      throw new Error(`@zohokit/emulator: ${message} (${method} ${path} answered ${response.status})`);
    }
    return parsed as T;
  }
}
