import type { CampaignsState } from './campaigns/campaigns-state.js';
import { createCampaignsState } from './campaigns/campaigns-state.js';
import type { Counters } from './counters.js';
import { emptyCounters } from './counters.js';
import type { CrmState } from './crm/crm-state.js';
import { createCrmState } from './crm/crm-state.js';
import type { DeskState } from './desk/desk-state.js';
import { createDeskState } from './desk/desk-state.js';
import type { FaultQueue, Outage } from './fault-queue.js';

/*
 * All emulator state lives in one plain object: no Maps, Dates or class instances, so that the state file
 * (state-file.ts) can JSON.stringify it and read it back. Times are epoch milliseconds (Desk records keep
 * Desk's ISO strings).
 */

/** A Zoho user the emulator signs requests in as. */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
}

/** Zoho's client types: a self client (console grant codes) or a server-based one (redirect flow). */
export type ClientType = 'self' | 'server';

/** A registered OAuth client as the emulator stores it. */
export interface ClientRecord {
  clientId: string;
  clientSecret: string;
  type: ClientType;
  name: string;
  redirectUris: string[];
  createdAt: number;
}

/** A grant code waiting to be exchanged. */
export interface GrantCodeRecord {
  code: string;
  clientId: string;
  userId: string;
  scopes: string[];
  /** null for self-client codes, which are exchanged without a redirect URI (zoho-api.md §1.7). */
  redirectUri: string | null;
  accessType: 'online' | 'offline';
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

/** `expired` is never stored: it is derived from `expiresAt` when a live token is looked at. */
export type StoredTokenState = 'live' | 'revoked' | 'evicted';

/** What refresh and access tokens have in common. */
export interface TokenRecord {
  /** Stable, non-secret id so the inspector can point at a token without showing it. */
  id: string;
  token: string;
  clientId: string;
  userId: string;
  scopes: string[];
  createdAt: number;
  /** Creation order; breaks ties between tokens minted in the same millisecond when evicting the oldest. */
  seq: number;
  state: StoredTokenState;
  endedAt: number | null;
}

export interface RefreshTokenRecord extends TokenRecord {
  /** Fixed throttle window (zoho-api.md §1.5): starts at the first mint, counts mints until it ends. */
  window: { startedAt: number; minted: number } | null;
}

/** The `grant_type` values `/oauth/v2/token` accepts. */
export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';

export interface AccessTokenRecord extends TokenRecord {
  expiresAt: number;
  /** Token value of the refresh token it was minted for; null for online codes and client credentials. */
  refreshToken: string | null;
  grantType: GrantType;
  soid: string | null;
}

/** The emulator's whole state: users, clients, codes, tokens, faults and product data (saved to `stateFile`). */
export interface EmulatorState {
  users: Record<string, UserRecord>;
  /** The user every authorize request is approved as. */
  defaultUserId: string;
  clients: Record<string, ClientRecord>;
  grantCodes: Record<string, GrantCodeRecord>;
  refreshTokens: Record<string, RefreshTokenRecord>;
  accessTokens: Record<string, AccessTokenRecord>;
  nextSeq: number;
  counters: Counters;
  faults: FaultQueue[];
  /** A full outage in progress (`control.outage()`), or null. */
  outage: Outage | null;
  /** Zoho Campaigns lists, contacts and per-API call windows (src/campaigns). */
  campaigns: CampaignsState;
  /** Zoho Desk orgs, departments, contacts and tickets (src/desk). */
  desk: DeskState;
  /** Zoho CRM modules, fields, records and credits (src/crm). */
  crm: CrmState;
}

export const SEED_USER: UserRecord = { id: '10000001', email: 'dev@zohokit.test', name: 'Dev User' };

export function createState(): EmulatorState {
  return {
    users: { [SEED_USER.id]: { ...SEED_USER } },
    defaultUserId: SEED_USER.id,
    clients: {},
    grantCodes: {},
    refreshTokens: {},
    accessTokens: {},
    nextSeq: 1,
    counters: emptyCounters(),
    faults: [],
    outage: null,
    campaigns: createCampaignsState(),
    desk: createDeskState(SEED_USER.id),
    crm: createCrmState(),
  };
}

/** Back to the just-started state, in place, so every holder of the object sees the reset. */
export function resetState(state: EmulatorState): void {
  Object.assign(state, createState());
}

export function nextSeq(state: EmulatorState): number {
  const seq = state.nextSeq;
  state.nextSeq += 1;
  return seq;
}

/**
 * Reads a record by a key that came from a request. Own properties only, so `constructor` or `__proto__` sent
 * as a client id or token never resolve to something inherited from Object.prototype.
 */
export function lookup<T>(record: Record<string, T>, key: string | undefined): T | undefined {
  return key !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}
