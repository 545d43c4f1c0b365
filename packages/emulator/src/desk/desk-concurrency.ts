import type { MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import type { EmulatorContext } from '../emulator-context.js';
import { lookup } from '../state.js';
import { isDeskApiPath } from './desk-host.js';
import type { DeskOrgRecord } from './desk-state.js';

/**
 * Desk limits the calls a portal has in progress at once (zoho-api.md §2.4: 5/10/10/15/25 by edition). A call
 * is active from its arrival until its answer is ready, so the emulator's latency and a fault's `delayMs` keep
 * it active: that is what makes a concurrency test deterministic. Admission is decided on arrival, before the
 * fault middleware; the 429 itself is answered by the Desk route (after auth and org checks), so it is delayed,
 * faulted and counted like any other answer.
 */
export interface DeskConcurrency {
  /** Registered before the fault middleware (app.ts). */
  readonly middleware: MiddlewareHandler<EmulatorEnv>;
  /** True when the request arrived while its org had no free slot. */
  rejected(request: Request): boolean;
  /** Calls in progress per org id. */
  inFlight(orgId: string): number;
  limitOf(org: DeskOrgRecord): number;
}

export function createDeskConcurrency(ctx: EmulatorContext): DeskConcurrency {
  const active = new Map<string, number>();
  const rejected = new WeakSet<Request>();
  const limitOf = (org: DeskOrgRecord) => org.concurrency ?? ctx.options.desk.concurrency;

  const middleware: MiddlewareHandler<EmulatorEnv> = async (c, next) => {
    if (!isDeskApiPath(c.req.path)) return next();
    // Counted per org named in the header, whatever the token: Zoho counts the portal's calls, not the user's.
    const org = lookup(ctx.state.desk.orgs, c.req.header('orgId')?.trim());
    if (!org) return next();
    const count = active.get(org.id) ?? 0;
    if (count >= limitOf(org)) {
      rejected.add(c.req.raw);
      return next();
    }
    active.set(org.id, count + 1);
    try {
      await next();
    } finally {
      const left = (active.get(org.id) ?? 1) - 1;
      if (left > 0) active.set(org.id, left);
      else active.delete(org.id);
    }
  };

  return {
    middleware,
    rejected: (request) => rejected.has(request),
    inFlight: (orgId) => active.get(orgId) ?? 0,
    limitOf,
  };
}
