import type { TokenState } from '../auth/token-records.js';
import type { Counters } from '../counters.js';
import type { Fault, FaultMix, FaultSpec, Outage, WeightedFault } from '../fault-queue.js';
import type { ClientRecord, ClientType, GrantType, TokenRecord } from '../state.js';

/*
 * Request and response shapes of the control API (/__emulator/...), shared by the routes and EmulatorControl.
 * Token values and client secrets are masked in every listing: the control API is for inspection, and an
 * inspector page must be safe to screenshot.
 */

export type { Fault, FaultMix, FaultSpec, Outage, TokenState, WeightedFault };

/** A client to register with `control.createClient()`. */
export interface CreateClientInput {
  type: ClientType;
  /** Required for server clients: the exact URIs `/oauth/v2/auth` accepts. Self clients have none. */
  redirectUris?: string[];
  name?: string;
  /** Pin the client id or secret (e.g. to reuse one across restarts); generated in Zoho's format otherwise. */
  clientId?: string;
  clientSecret?: string;
}

/** A newly registered client, with its secret in clear (the only time the control API shows it). */
export interface CreatedClient {
  clientId: string;
  clientSecret: string;
  type: ClientType;
  redirectUris: string[];
}

/** A registered client as `control.listClients()` lists it, secret masked. */
export interface ClientSummary extends Omit<ClientRecord, 'clientSecret'> {
  /** Masked, e.g. `3f…9a`. */
  clientSecret: string;
}

/** The client and scopes of a console grant code (`control.mintGrantCode()`). */
export interface MintGrantCodeInput {
  clientId: string;
  /** Comma-separated like the console, or a list. */
  scope: string | string[];
  ttlSec?: number;
}

/** A single-use grant code and how long it stays valid. */
export interface MintedGrantCode {
  code: string;
  expiresInSec: number;
}

/** Whose access tokens `control.expireTokens()` expires: one client's, or everyone's when empty. */
export interface ExpireTokensInput {
  clientId?: string;
}

/** How many live access tokens `control.expireTokens()` expired. */
export interface ExpireTokensResult {
  expired: number;
}

/** What `control.revokeToken()` revoked. */
export interface RevokeTokenResult {
  status: 'success';
  revokedAccessTokens: number;
}

/** A token as listings show it: the stored fields minus the bookkeeping, the value masked. */
interface TokenSummary extends Pick<TokenRecord, 'id' | 'clientId' | 'userId' | 'scopes' | 'createdAt' | 'endedAt'> {
  /** Masked, e.g. `1000.ab…ef`. */
  token: string;
}

/** A refresh token as `control.tokens()` lists it: masked value, state and minting throttle. */
export interface RefreshTokenSummary extends TokenSummary {
  state: Exclude<TokenState, 'expired'>;
  liveAccessTokens: number;
  /** Access tokens minted in the running throttle window (0 when none is running). */
  mintedInWindow: number;
  /** When the running window ends; null when none is running. */
  windowEndsAt: number | null;
}

/** An access token as `control.tokens()` lists it: masked value, expiry and state. */
export interface AccessTokenSummary extends TokenSummary {
  expiresAt: number;
  state: TokenState;
  /** The `id` of the refresh token it was minted for. */
  refreshTokenId: string | null;
  grantType: GrantType;
}

/** Every refresh and access token the emulator holds, values masked. */
export interface TokensSnapshot {
  refreshTokens: RefreshTokenSummary[];
  accessTokens: AccessTokenSummary[];
}

/** One route's queue of scripted faults, in the order they will apply. */
export interface FaultQueueSummary {
  method: string | null;
  path: string;
  sequence: Fault[];
  activeUntil: number | null;
  /** The standing random mix drawn from once the sequence is used up, or null. */
  mix: FaultMix | null;
}

/** The counters as `GET /__emulator/counters` returns them. */
export type CountersSnapshot = Counters;

/** Every control route answers a failure with this body and a 4xx status. */
export interface ControlError {
  error: string;
}
