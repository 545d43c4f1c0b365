import type { MiddlewareHandler } from 'hono';
import { parseAuthorization } from '../auth/authenticate.js';
import type { EmulatorEnv } from '../connection.js';
import type { EmulatorContext } from '../emulator-context.js';
import { lookup } from '../state.js';

/**
 * CRM limits the calls one app has in progress in an org (zoho-api.md §4, Kaizen #203: per app per org). The
 * emulated CRM has one org, so calls are counted per client id of the access token. As with Desk, a call is
 * active from its arrival until its answer is ready (latency and fault delays included); admission is decided
 * on arrival and the 429 is answered by the route after the token check.
 */
export interface CrmConcurrency {
  readonly middleware: MiddlewareHandler<EmulatorEnv>;
  /** True when the request arrived while its app had no free slot. */
  rejected(request: Request): boolean;
  /** Calls in progress, all apps together. */
  inFlight(): number;
  limit(): number;
}

export const isCrmApiPath = (path: string): boolean => path.startsWith('/crm/');

export function createCrmConcurrency(ctx: EmulatorContext): CrmConcurrency {
  const active = new Map<string, number>();
  const rejected = new WeakSet<Request>();
  const limit = () => ctx.state.crm.concurrency ?? ctx.options.crm.concurrency;

  const middleware: MiddlewareHandler<EmulatorEnv> = async (c, next) => {
    if (!isCrmApiPath(c.req.path)) return next();
    const token = lookup(ctx.state.accessTokens, parseAuthorization(c.req.header('authorization')) ?? undefined);
    if (!token) return next();
    const app = token.clientId;
    const count = active.get(app) ?? 0;
    if (count >= limit()) {
      rejected.add(c.req.raw);
      return next();
    }
    active.set(app, count + 1);
    try {
      await next();
    } finally {
      const left = (active.get(app) ?? 1) - 1;
      if (left > 0) active.set(app, left);
      else active.delete(app);
    }
  };

  return {
    middleware,
    rejected: (request) => rejected.has(request),
    inFlight: () => [...active.values()].reduce((a, b) => a + b, 0),
    limit,
  };
}
