import type { Context, Hono } from 'hono';
import { authenticate } from '../auth/authenticate.js';
import type { EmulatorEnv } from '../connection.js';
import { crmInvalidParam, crmInvalidToken, crmScopeMismatch } from '../crm-errors.js';
import { deskUrlNotFound } from '../desk/desk-errors.js';
import { isDeskHost } from '../desk/desk-host.js';
import type { EmulatorContext } from '../emulator-context.js';
import type { AccessTokenRecord, UserRecord } from '../state.js';
import { lookup } from '../state.js';
import { crmOrgView, crmUserView } from './crm-views.js';

/*
 * The smallest read-only slice of Zoho CRM, on the unified API domain (`www.zohoapis.*`, the `api` product):
 * `GET /crm/{version}/users` and `GET /crm/{version}/org`, so `zohokit api crm GET /crm/v8/users` works offline.
 * A full CRM is a separate piece of work. Facts and sources: docs/zoho-behaviour.md "CRM".
 */

/** CRM API versions that serve users and org (zoho-api.md §4: v2 … v8, v2.1 included). */
const VERSION = ':version{v(?:2|2\\.1|[3-8])}';

/** `type` values of the Users API; the ones no emulated user matches answer 204. */
const USER_TYPES = [
  'AllUsers',
  'ActiveUsers',
  'DeactiveUsers',
  'ConfirmedUsers',
  'NotConfirmedUsers',
  'DeletedUsers',
  'ActiveConfirmedUsers',
  'AdminUsers',
  'ActiveConfirmedAdmins',
  'CurrentUser',
] as const;
type UserType = (typeof USER_TYPES)[number];

/** Every emulated user is active, confirmed and an administrator, so these types match nobody. */
const NOBODY: ReadonlySet<UserType> = new Set(['DeactiveUsers', 'NotConfirmedUsers', 'DeletedUsers']);

const PER_PAGE_MAX = 200;

const crmJson = (body: unknown): Response =>
  new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json;charset=UTF-8' } });

/** A token with `scope` (or its `.ALL`), or CRM's 401 answer. */
function checkToken(ctx: EmulatorContext, c: Context, scope: string): AccessTokenRecord | Response {
  const auth = authenticate(ctx, c.req.header('authorization'), scope);
  if (auth.ok) return auth.token;
  return auth.reason === 'scope' ? crmScopeMismatch() : crmInvalidToken();
}

/** A whole number ≥ `min` (and ≤ `max`), or null; absent gives `fallback`. */
function intParam(value: string | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
}

function selectUsers(ctx: EmulatorContext, type: UserType, token: AccessTokenRecord): UserRecord[] {
  if (NOBODY.has(type)) return [];
  if (type === 'CurrentUser') {
    const user = lookup(ctx.state.users, token.userId);
    return user ? [user] : [];
  }
  return Object.values(ctx.state.users);
}

export function registerCrmRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  app.get(`/crm/${VERSION}/users`, (c) => {
    // A Desk host is Desk whatever the path (desk-host.ts).
    if (isDeskHost(c.req.header('host'))) return deskUrlNotFound();
    const token = checkToken(ctx, c, 'ZohoCRM.users.READ');
    if (token instanceof Response) return token;
    const query = c.req.query();
    // AllUsers is the default type (Kaizen #51).
    const type = (query.type ?? 'AllUsers') as UserType;
    if (!USER_TYPES.includes(type)) return crmInvalidParam('type');
    const page = intParam(query.page, 1, 1);
    if (page === null) return crmInvalidParam('page');
    const perPage = intParam(query.per_page, PER_PAGE_MAX, 1, PER_PAGE_MAX);
    if (perPage === null) return crmInvalidParam('per_page');

    const users = selectUsers(ctx, type, token);
    const slice = users.slice((page - 1) * perPage, page * perPage);
    // CRM answers an empty read with 204 and no body (zoho-api.md §4 "204/304").
    if (slice.length === 0) return c.body(null, 204);
    return crmJson({
      users: slice.map(crmUserView),
      info: { per_page: perPage, count: slice.length, page, more_records: page * perPage < users.length },
    });
  });

  app.get(`/crm/${VERSION}/org`, (c) => {
    if (isDeskHost(c.req.header('host'))) return deskUrlNotFound();
    const token = checkToken(ctx, c, 'ZohoCRM.org.READ');
    if (token instanceof Response) return token;
    return crmJson({ org: [crmOrgView(ctx)] });
  });
}
