import { describeBody, isRecord, parseJson } from '../body.js';
import { dataCentreOfAccountsServer, isTrustedAccountsServer, trimUrl } from '../datacenters.js';
import { createZohoError, type RedactedRequest, type ZohoError, type ZohoErrorKind } from '../errors.js';
import { type FetchLike, isRedirect, send, TransportFailure } from '../http/transport.js';

/** A token response from Zoho Accounts, normalised. */
export interface TokenSet {
  accessToken: string;
  /** Only from a code exchange with `access_type=offline`; refreshes never rotate it. */
  refreshToken?: string | undefined;
  /** Epoch ms. */
  expiresAt: number;
  obtainedAt: number;
  apiDomain?: string | undefined;
  scope: string[];
}

/** What `tokens.authorizeUrl()` puts in Zoho's consent URL. */
export interface AuthorizeUrlInput {
  scope: string | string[];
  redirectUri: string;
  state?: string;
  /** Default `offline`: without it Zoho returns no refresh token. */
  accessType?: 'offline' | 'online';
  /** Default `consent`: without it a repeat consent returns no refresh token. */
  prompt?: 'consent' | 'none';
}

/** A grant code to exchange with `tokens.exchangeCode()`. */
export interface ExchangeCodeInput {
  code: string;
  /** Required for a server-based client (the redirect flow); omit for a self client. */
  redirectUri?: string;
  /** The `accounts-server` from the OAuth callback: the code must be exchanged in that data centre. */
  accountsServer?: string;
}

export interface TokenEndpointOptions {
  accountsUrl: string;
  clientId: string;
  clientSecret: string;
  fetch: FetchLike;
  timeoutMs: number;
  /** Non-Zoho accounts servers the caller configured explicitly (emulator, proxy). */
  trustedAccountsServers: readonly string[];
}

type Grant = 'authorization_code' | 'refresh_token' | 'client_credentials';

/** Zoho Accounts' token endpoint. Parameters always travel in the form body, never in the URL. */
export class TokenEndpoint {
  readonly #o: TokenEndpointOptions;

  constructor(options: TokenEndpointOptions) {
    this.#o = { ...options, accountsUrl: trimUrl(options.accountsUrl) };
  }

  /** The Zoho Accounts base URL this client talks to. */
  get accountsUrl(): string {
    return this.#o.accountsUrl;
  }

  /** Zoho's consent page URL for the redirect flow. */
  authorizeUrl(input: AuthorizeUrlInput): string {
    const url = new URL(`${this.#o.accountsUrl}/oauth/v2/auth`);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', this.#o.clientId);
    url.searchParams.set('scope', Array.isArray(input.scope) ? input.scope.join(',') : input.scope);
    url.searchParams.set('redirect_uri', input.redirectUri);
    url.searchParams.set('access_type', input.accessType ?? 'offline');
    url.searchParams.set('prompt', input.prompt ?? 'consent');
    if (input.state !== undefined) url.searchParams.set('state', input.state);
    return url.toString();
  }

  /** Exchanges a grant code for a refresh and an access token. */
  async exchangeCode(input: ExchangeCodeInput): Promise<TokenSet> {
    let accountsUrl = this.#o.accountsUrl;
    if (input.accountsServer !== undefined) {
      const trusted = [this.#o.accountsUrl, ...this.#o.trustedAccountsServers];
      if (!isTrustedAccountsServer(input.accountsServer, trusted)) {
        throw createZohoError('config', {
          message: `refusing to send the client secret to accounts-server ${safeHost(input.accountsServer)}: it is not a Zoho accounts server`,
          code: 'untrusted_accounts_server',
          product: 'accounts',
          fix: 'Only https://accounts.zoho.* hosts (and endpoints.accounts) are accepted; check the callback URL was not tampered with',
        });
      }
      accountsUrl = trimUrl(input.accountsServer);
    }
    const params: Record<string, string> = { grant_type: 'authorization_code', code: input.code };
    if (input.redirectUri !== undefined) params.redirect_uri = input.redirectUri;
    return this.#token('authorization_code', params, accountsUrl, [input.code]);
  }

  /** Mints a new access token from a refresh token. */
  async refresh(refreshToken: string): Promise<TokenSet> {
    return this.#token(
      'refresh_token',
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      this.#o.accountsUrl,
      [refreshToken],
    );
  }

  /** A token for a self client's own org (`client_credentials` grant). */
  async clientCredentials(input: { scope: string | string[]; soid: string }): Promise<TokenSet> {
    const scope = Array.isArray(input.scope) ? input.scope.join(',') : input.scope;
    return this.#token(
      'client_credentials',
      { grant_type: 'client_credentials', scope, soid: input.soid },
      this.#o.accountsUrl,
      [],
    );
  }

  /** Revokes a refresh token (and every access token minted from it) or a single access token. */
  async revoke(token: string): Promise<void> {
    const url = `${this.#o.accountsUrl}/oauth/v2/token/revoke`;
    const request: RedactedRequest = { method: 'POST', url };
    const res = await this.#post(url, { token }, request, [token]);
    const body = parseJson(res.text);
    if (res.status < 300 && isRecord(body) && body.status === 'success') return;
    throw createZohoError(res.status === 400 ? 'auth' : 'api', {
      message: 'Zoho did not revoke the token: it is unknown, already revoked, or of another data centre',
      code: isRecord(body) && typeof body.error === 'string' ? body.error : 'revoke_failed',
      status: res.status,
      product: 'accounts',
      request,
      secrets: [token, this.#o.clientSecret],
    });
  }

  async #token(grant: Grant, params: Record<string, string>, accountsUrl: string, secrets: string[]) {
    const url = `${accountsUrl}/oauth/v2/token`;
    const request: RedactedRequest = { method: 'POST', url };
    // Zoho's clock starts the token's hour when it answers; counting from our send errs on the early side.
    const sentAt = Date.now();
    const res = await this.#post(
      url,
      { ...params, client_id: this.#o.clientId, client_secret: this.#o.clientSecret },
      request,
      secrets,
    );
    const body = parseJson(res.text);
    // Success is an access_token in the body, whatever the status; errors usually come as HTTP 200.
    if (isRecord(body) && typeof body.access_token === 'string' && body.access_token.length > 0) {
      return toTokenSet(body, sentAt);
    }
    throw tokenError(grant, res.status, body, res.text, request, accountsUrl, [...secrets, this.#o.clientSecret]);
  }

  async #post(url: string, form: Record<string, string>, request: RedactedRequest, secrets: string[]) {
    try {
      return await send(
        this.#o.fetch,
        url,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: new URLSearchParams(form).toString(),
        },
        this.#o.timeoutMs,
      );
    } catch (error) {
      const kind = error instanceof TransportFailure ? error.kind : 'network';
      throw createZohoError('connection', {
        message: `could not reach Zoho Accounts at ${safeHost(url)} (${kind})`,
        code: kind,
        product: 'accounts',
        request,
        fix: 'Check the network and the data centre (dc option); the token call was not completed',
        cause: error,
        secrets: [...secrets, this.#o.clientSecret],
      });
    }
  }
}

function toTokenSet(body: Record<string, unknown>, obtainedAt: number): TokenSet {
  // Old Zoho responses carried expires_in in milliseconds next to expires_in_sec (zoho-api.md §1.3).
  // Without expires_in_sec, a value above a day can only be milliseconds: Zoho tokens live an hour.
  const seconds =
    typeof body.expires_in_sec === 'number'
      ? body.expires_in_sec
      : typeof body.expires_in === 'number'
        ? body.expires_in > 86_400
          ? body.expires_in / 1000
          : body.expires_in
        : 3600;
  const scope = typeof body.scope === 'string' ? body.scope.split(/[\s,]+/).filter(Boolean) : [];
  return {
    accessToken: body.access_token as string,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    expiresAt: obtainedAt + seconds * 1000,
    obtainedAt,
    apiDomain: typeof body.api_domain === 'string' ? trimUrl(body.api_domain) : undefined,
    scope,
  };
}

const TOKEN_ERRORS: Record<string, { kind: ZohoErrorKind; message: (g: Grant, host: string) => string; fix: string }> =
  {
    invalid_code: {
      kind: 'auth',
      message: (g) =>
        g === 'refresh_token'
          ? 'Zoho rejected the refresh token: it was revoked, or deleted because more than 20 were issued for this user and client'
          : 'Zoho rejected the grant code: it was already used, has expired (codes live 1 to 10 minutes), or belongs to another client',
      fix: 'Re-authorise: generate a new grant code and exchange it at once (zohokit auth login, or auth exchange --code)',
    },
    invalid_client: {
      kind: 'auth',
      message: (_g, host) => `Zoho Accounts at ${host} does not know this client id`,
      fix: "Check the client id, and use the data centre the client was registered in (dc: 'eu' for accounts.zoho.eu, …); for a multi-DC app enable that data centre in the API console",
    },
    invalid_client_secret: {
      kind: 'auth',
      message: () => 'Zoho Accounts rejected the client secret for this client id',
      fix: 'Copy the secret again from the API console; with multi-DC enabled each data centre has its own secret',
    },
    invalid_redirect_uri: {
      kind: 'auth',
      message: () => 'the redirect URI does not match the one registered for this client',
      fix: 'Pass exactly the redirect URI registered in the API console (scheme, host, port and path)',
    },
    'Access Denied': {
      kind: 'rate_limit',
      message: () =>
        'Zoho is throttling this refresh token: more than 10 access tokens were requested within 10 minutes',
      fix: 'Wait for the window to end, cache access tokens (they live an hour) and share them between processes',
    },
    missing_org_info: {
      kind: 'validation',
      message: () => 'the client_credentials grant needs the organisation (soid)',
      fix: "Pass soid as '<ServiceName>.<org id>', for example 'ZohoCRM.600000000'",
    },
  };

function tokenError(
  grant: Grant,
  status: number,
  body: unknown,
  text: string,
  request: RedactedRequest,
  accountsUrl: string,
  secrets: string[],
): ZohoError {
  const host = safeHost(accountsUrl);
  if (isRecord(body) && typeof body.error === 'string') {
    const known = TOKEN_ERRORS[body.error];
    const dc = dataCentreOfAccountsServer(accountsUrl);
    return createZohoError(known?.kind ?? 'auth', {
      message: known?.message(grant, host) ?? `Zoho Accounts refused the ${grant} grant`,
      code: body.error,
      status,
      product: 'accounts',
      request,
      fix: known?.fix ?? 'Check the client id, secret and data centre, then re-authorise',
      details: dc ? { grant, dc } : { grant },
      retryAfterMs: known?.kind === 'rate_limit' ? 10 * 60_000 : undefined,
      secrets,
    });
  }
  if (isRedirect(status)) {
    // Zoho Accounts never redirects its token endpoint; fetch was told not to follow (http/transport.ts).
    return createZohoError('config', {
      message: `Zoho Accounts at ${host} answered the ${grant} grant with a redirect, which was not followed`,
      code: 'redirect',
      status,
      product: 'accounts',
      request,
      fix: "Set endpoints.accounts (or dc) to the https URL of your data centre's accounts server",
      secrets,
    });
  }
  return createZohoError(status >= 500 ? 'api' : 'auth', {
    message: `Zoho Accounts answered the ${grant} grant without a token: ${describeBody(text, secrets)}`,
    code: body === undefined ? 'non_json_response' : 'unexpected_token_response',
    status,
    product: 'accounts',
    request,
    fix:
      status >= 500
        ? 'Zoho Accounts is failing; retry later'
        : 'Check endpoints.accounts points at a Zoho accounts server for your data centre',
    secrets,
  });
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '(invalid URL)';
  }
}
