import type { Context } from 'hono';
import { authenticate } from '../auth/authenticate.js';
import { scopeCovers } from '../auth/scopes.js';
import type { EmulatorContext } from '../emulator-context.js';
import type { AccessTokenRecord } from '../state.js';
import { lookup } from '../state.js';
import type { DeskConcurrency } from './desk-concurrency.js';
import {
  deskExtraQueryParameter,
  deskInvalidOAuth,
  deskOrgMismatch,
  deskScopeMismatch,
  deskTooManyRequests,
  deskValidationError,
} from './desk-errors.js';
import type { DeskOrgRecord } from './desk-state.js';

/** What one Desk endpoint requires: its scopes (docs/zoho-behaviour.md "Scopes") and its query parameters. */
export interface DeskEndpoint {
  /** All required; the first one the token lacks is named in SCOPE_MISMATCH. */
  scopes: readonly string[];
  query?: readonly string[];
  /** Also accept `customField1`, `customField2`, ... (search, zoho-api.md §2.2). */
  customFields?: boolean;
}

export type DeskQuery = Map<string, string>;

export type DeskAccountCall =
  | { ok: true; token: AccessTokenRecord; query: DeskQuery }
  | { ok: false; response: Response };
export type DeskCall =
  | { ok: true; token: AccessTokenRecord; org: DeskOrgRecord; query: DeskQuery }
  | { ok: false; response: Response };

/**
 * The orgs a token may act in: its user's orgs. A client-credentials token names its org in `soid`
 * (`ZohoDesk.<orgId>`, zoho-api.md §1.3), which narrows that to the one org.
 */
export function tokenOrgs(ctx: EmulatorContext, token: AccessTokenRecord): DeskOrgRecord[] {
  const soidOrg = token.soid ? /^(?:Zoho)?Desk\.(\d+)$/i.exec(token.soid)?.[1] : undefined;
  return Object.values(ctx.state.desk.orgs).filter(
    (org) => org.userIds.includes(token.userId) && (soidOrg === undefined || org.id === soidOrg),
  );
}

function checkToken(ctx: EmulatorContext, c: Context): AccessTokenRecord | Response {
  // Missing, unknown, expired, revoked or evicted: Desk has one answer for all (zoho-api.md §6 item 9).
  const auth = authenticate(ctx, c.req.header('authorization'));
  return auth.ok ? auth.token : deskInvalidOAuth();
}

function checkScopesAndQuery(c: Context, token: AccessTokenRecord, endpoint: DeskEndpoint): DeskQuery | Response {
  const missing = endpoint.scopes.find((scope) => !scopeCovers(token.scopes, scope));
  if (missing !== undefined) return deskScopeMismatch(missing);
  const allowed = new Set(endpoint.query ?? []);
  const query: DeskQuery = new Map();
  for (const [name, value] of new URL(c.req.url).searchParams) {
    if (!allowed.has(name) && !(endpoint.customFields && /^customField[1-9]\d*$/.test(name))) {
      return deskExtraQueryParameter(name);
    }
    if (!query.has(name)) query.set(name, value);
  }
  return query;
}

/** `GET /organizations` is the one Desk call without `orgId` (zoho-api.md §2.1). */
export function openDeskAccountCall(ctx: EmulatorContext, c: Context, endpoint: DeskEndpoint): DeskAccountCall {
  const token = checkToken(ctx, c);
  if (token instanceof Response) return { ok: false, response: token };
  const query = checkScopesAndQuery(c, token, endpoint);
  if (query instanceof Response) return { ok: false, response: query };
  return { ok: true, token, query };
}

/**
 * The checks every other Desk call passes, in this order: token (401 INVALID_OAUTH), `orgId` header (422),
 * org of the token (401 OAUTH_ORG_MISMATCH), concurrency (429), scopes (401 SCOPE_MISMATCH), query parameters
 * (422). zoho-api.md §2.1, §2.3, §6 items 9–10; bodies from docs/zoho-behaviour.md.
 */
export function openDeskCall(
  ctx: EmulatorContext,
  concurrency: DeskConcurrency,
  c: Context,
  endpoint: DeskEndpoint,
): DeskCall {
  const token = checkToken(ctx, c);
  if (token instanceof Response) return { ok: false, response: token };
  const orgId = c.req.header('orgId')?.trim() ?? '';
  if (orgId === '') {
    const error = { fieldName: '/orgId', errorType: 'missing', errorMessage: 'The orgId header is required.' } as const;
    return { ok: false, response: deskValidationError([error]) };
  }
  if (!/^\d{1,30}$/.test(orgId)) {
    const error = {
      fieldName: '/orgId',
      errorType: 'invalid',
      errorMessage: 'The orgId header must be an organization id.',
    } as const;
    return { ok: false, response: deskValidationError([error]) };
  }
  // An org that does not exist is, to the caller, just another org than the token's.
  const org = lookup(ctx.state.desk.orgs, orgId);
  if (!org || !tokenOrgs(ctx, token).includes(org)) return { ok: false, response: deskOrgMismatch() };
  if (concurrency.rejected(c.req.raw)) return { ok: false, response: deskTooManyRequests() };
  const query = checkScopesAndQuery(c, token, endpoint);
  if (query instanceof Response) return { ok: false, response: query };
  return { ok: true, token, org, query };
}
