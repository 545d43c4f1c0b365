import type { Context } from 'hono';
import { authenticate } from '../auth/authenticate.js';
import { scopeCovers } from '../auth/scopes.js';
import { crmError, crmInvalidToken, crmScopeMismatch, crmUrlNotFound } from '../crm-errors.js';
import { deskUrlNotFound } from '../desk/desk-errors.js';
import { isDeskHost } from '../desk/desk-host.js';
import type { EmulatorContext } from '../emulator-context.js';
import type { AccessTokenRecord, UserRecord } from '../state.js';
import { lookup } from '../state.js';
import type { CrmConcurrency } from './crm-concurrency.js';
import { creditsLeft, spendCredits } from './crm-credits.js';
import type { CrmModuleRecord } from './crm-state.js';
import { findModule } from './crm-state.js';

/*
 * The checks every CRM records call passes, in this order: token (401 INVALID_TOKEN), concurrency (429), credits
 * (429), module (400 INVALID_MODULE), scope (401 OAUTH_SCOPE_MISMATCH). Then the call's credits are spent.
 * docs/zoho-behaviour.md "CRM records" says where the order is the emulator's decision.
 */

/** API names that are not modules (`/users/...`, `/settings/...`): their unknown paths are INVALID_URL_PATTERN. */
const NOT_MODULES = new Set(['users', 'org', 'settings', 'coql', 'search', 'upsert']);

/** Record operations as CRM's scopes name them (`ZohoCRM.modules.{module}.{operation}`). */
export type CrmOperation = 'READ' | 'CREATE' | 'WRITE' | 'DELETE';

export type CrmCall =
  | { ok: true; token: AccessTokenRecord; user: UserRecord; module: CrmModuleRecord }
  | { ok: false; response: Response };

/** The scope word of a module: its API name in lower case; every custom module is `custom` (Zoho's scope list). */
const scopeName = (module: CrmModuleRecord) => (module.custom ? 'custom' : module.api_name.toLowerCase());

/**
 * Whether the token may do one of `operations` on `module`: `ZohoCRM.modules.ALL`, `ZohoCRM.modules.{op}`,
 * `ZohoCRM.modules.{module}.ALL` or `ZohoCRM.modules.{module}.{op}` (Zoho's record pages, "Scope").
 */
export function mayAccess(token: AccessTokenRecord, module: CrmModuleRecord, operations: readonly CrmOperation[]) {
  return operations.some(
    (op) =>
      scopeCovers(token.scopes, `ZohoCRM.modules.${scopeName(module)}.${op}`) ||
      scopeCovers(token.scopes, `ZohoCRM.modules.${op}`),
  );
}

export function crmTooManyRequests(): Response {
  return crmError(429, 'TOO_MANY_REQUESTS', 'the concurrency limit of the user for the app is exceeded');
}

export function crmCreditsExceeded(): Response {
  return crmError(429, 'TOO_MANY_REQUESTS', 'number of API requests for the 24 hour period is exceeded');
}

export function crmInvalidModule(): Response {
  return crmError(400, 'INVALID_MODULE', 'the module name given seems to be invalid', { resource_path_index: 0 });
}

/** Token, limits and credits: what every CRM call checks before looking at what it asks. */
export function openCrmRequest(
  ctx: EmulatorContext,
  concurrency: CrmConcurrency,
  c: Context,
  cost = 1,
): { ok: true; token: AccessTokenRecord; user: UserRecord } | { ok: false; response: Response } {
  // A Desk host is Desk whatever the path (desk-host.ts).
  if (isDeskHost(c.req.header('host'))) return { ok: false, response: deskUrlNotFound() };
  const auth = authenticate(ctx, c.req.header('authorization'));
  if (!auth.ok) return { ok: false, response: crmInvalidToken() };
  if (concurrency.rejected(c.req.raw)) return { ok: false, response: crmTooManyRequests() };
  if (!creditsLeft(ctx, cost)) return { ok: false, response: crmCreditsExceeded() };
  spendCredits(ctx, cost);
  const user = lookup(ctx.state.users, auth.token.userId);
  if (!user) return { ok: false, response: crmInvalidToken() };
  return { ok: true, token: auth.token, user };
}

/** A call on one module (`/{module}/...`): the request checks, then the module and the scope for `operations`. */
export function openCrmCall(
  ctx: EmulatorContext,
  concurrency: CrmConcurrency,
  c: Context,
  operations: readonly CrmOperation[],
  moduleName = c.req.param('module'),
): CrmCall {
  // First segments that are CRM APIs, not modules: a path under them that no route serves is a wrong URL.
  if (NOT_MODULES.has((moduleName ?? '').toLowerCase())) return { ok: false, response: crmUrlNotFound() };
  const opened = openCrmRequest(ctx, concurrency, c);
  if (!opened.ok) return opened;
  const module = findModule(ctx.state.crm, moduleName);
  if (!module) return { ok: false, response: crmInvalidModule() };
  if (!mayAccess(opened.token, module, operations)) return { ok: false, response: crmScopeMismatch() };
  return { ok: true, token: opened.token, user: opened.user, module };
}
