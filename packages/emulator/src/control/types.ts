import type { TokenState } from '../auth/token-records.js';
import type { Counters } from '../counters.js';
import type { Fault, FaultSpec } from '../fault-queue.js';
import type { ClientRecord, ClientType, GrantType, TokenRecord } from '../state.js';

/*
 * Request and response shapes of the control API (/__emulator/...), shared by the routes and EmulatorControl.
 * Token values and client secrets are masked in every listing: the control API is for inspection, and an
 * inspector page must be safe to screenshot.
 */

export type { Fault, FaultSpec, TokenState };

export interface CreateClientInput {
  type: ClientType;
  /** Required for server clients: the exact URIs `/oauth/v2/auth` accepts. Self clients have none. */
  redirectUris?: string[];
  name?: string;
  /** Pin the client id or secret (e.g. to reuse one across restarts); generated in Zoho's format otherwise. */
  clientId?: string;
  clientSecret?: string;
}

export interface CreatedClient {
  clientId: string;
  clientSecret: string;
  type: ClientType;
  redirectUris: string[];
}

export interface ClientSummary extends Omit<ClientRecord, 'clientSecret'> {
  /** Masked, e.g. `3f…9a`. */
  clientSecret: string;
}

export interface MintGrantCodeInput {
  clientId: string;
  /** Comma-separated like the console, or a list. */
  scope: string | string[];
  ttlSec?: number;
}

export interface MintedGrantCode {
  code: string;
  expiresInSec: number;
}

export interface ExpireTokensInput {
  clientId?: string;
}

export interface ExpireTokensResult {
  expired: number;
}

export interface RevokeTokenResult {
  status: 'success';
  revokedAccessTokens: number;
}

/** A token as listings show it: the stored fields minus the bookkeeping, the value masked. */
interface TokenSummary extends Pick<TokenRecord, 'id' | 'clientId' | 'userId' | 'scopes' | 'createdAt' | 'endedAt'> {
  /** Masked, e.g. `1000.ab…ef`. */
  token: string;
}

export interface RefreshTokenSummary extends TokenSummary {
  state: Exclude<TokenState, 'expired'>;
  liveAccessTokens: number;
  /** Access tokens minted in the running throttle window (0 when none is running). */
  mintedInWindow: number;
  /** When the running window ends; null when none is running. */
  windowEndsAt: number | null;
}

export interface AccessTokenSummary extends TokenSummary {
  expiresAt: number;
  state: TokenState;
  /** The `id` of the refresh token it was minted for. */
  refreshTokenId: string | null;
  grantType: GrantType;
}

export interface TokensSnapshot {
  refreshTokens: RefreshTokenSummary[];
  accessTokens: AccessTokenSummary[];
}

export interface FaultQueueSummary {
  method: string | null;
  path: string;
  sequence: Fault[];
  activeUntil: number | null;
}

export type CountersSnapshot = Counters;

/** Every control route answers a failure with this body and a 4xx status. */
export interface ControlError {
  error: string;
}
