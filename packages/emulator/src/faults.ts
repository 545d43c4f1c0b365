import { STATUS_CODES } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import type { EmulatorEnv, EmulatorHonoContext } from './connection.js';
import { dropConnection, waitUnlessAborted } from './connection.js';
import type { RequestOutcome } from './counters.js';
import { countRequest } from './counters.js';
import type { EmulatorContext } from './emulator-context.js';
import type { Fault, Outage } from './fault-queue.js';
import { currentOutage, takeFault } from './fault-queue.js';
import { isInspectorPage } from './inspector/page.js';
import { markFault, markOutcome } from './inspector/request-marks.js';
import { isControlPath, routeKey } from './route-key.js';

/** Statuses whose responses may not carry a body (the Response constructor throws otherwise). */
const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * What a load balancer in front of Zoho sends when the service behind it is down: an HTML page, not the
 * product's JSON envelope. Clients must survive a body they cannot parse as JSON.
 */
export function proxyErrorPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<html><head><title>${title}</title></head><body><center><h1>${title}</h1></center><hr></body></html>`;
}

export function faultResponse(fault: Fault & { status: number }): Response {
  const headers = new Headers(fault.headers);
  if (fault.retryAfter !== undefined) headers.set('Retry-After', String(fault.retryAfter));
  if (NULL_BODY_STATUSES.has(fault.status)) return new Response(null, { status: fault.status, headers });
  let body: string;
  if (typeof fault.body === 'string') {
    body = fault.body;
    if (!headers.has('content-type')) headers.set('Content-Type', 'text/plain; charset=UTF-8');
  } else if (fault.body !== undefined) {
    body = JSON.stringify(fault.body);
    if (!headers.has('content-type')) headers.set('Content-Type', 'application/json');
  } else if (fault.status >= 500) {
    body = proxyErrorPage(fault.status);
    if (!headers.has('content-type')) headers.set('Content-Type', 'text/html');
  } else {
    body = '{}';
    if (!headers.has('content-type')) headers.set('Content-Type', 'application/json');
  }
  return new Response(body, { status: fault.status, headers });
}

/**
 * In front of every non-control route (the token endpoint included): adds the configured latency, applies the
 * next scripted fault for this method + path, and counts the outcome per route. Control routes pass untouched.
 */
export function faultMiddleware(ctx: EmulatorContext): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    if (isControlPath(c.req.path) || isInspectorPage(c.req.method, c.req.path)) return next();
    const key = routeKey(c);
    const count = (outcome: RequestOutcome) => {
      countRequest(ctx.state.counters, key, outcome);
      markOutcome(c.req.raw, outcome);
    };
    const gone = AbortSignal.any([c.req.raw.signal, ctx.shutdown]);

    if (ctx.options.latencyMs > 0 && !(await waitUnlessAborted(ctx.options.latencyMs, gone))) {
      count('aborted');
      return dropConnection(c);
    }
    // A full outage answers ahead of every queued fault (and leaves the queues as they are).
    const now = ctx.now();
    const outage = currentOutage(ctx.state, now);
    const fault = outage ? outageFault(outage) : takeFault(ctx.state, c.req.method, c.req.path, now);
    if (fault) markFault(c.req.raw, fault);
    if (fault?.delayMs && !(await waitUnlessAborted(fault.delayMs, gone))) {
      count('aborted');
      return dropConnection(c);
    }
    if (fault?.hang) {
      count('hang');
      await waitUnlessAborted(null, gone);
      return dropConnection(c);
    }
    if (fault?.reset === 'before') {
      count('reset');
      return dropConnection(c);
    }
    if (fault?.status !== undefined) {
      count(fault.status);
      return faultResponse({ ...fault, status: fault.status });
    }
    await next();
    if (fault?.reset === 'after') {
      // The handler ran and its side effects stand; only the answer is lost. This is how a test proves that a
      // client does not blindly replay a POST whose outcome it cannot know (DESIGN.md §2).
      count('reset');
      replaceResponse(c, dropConnection(c));
      return;
    }
    count(c.res.status);
  };
}

function outageFault(outage: Outage): Fault {
  return outage.retryAfter === undefined
    ? { status: outage.status }
    : { status: outage.status, retryAfter: outage.retryAfter };
}

function replaceResponse(c: EmulatorHonoContext, response: Response): void {
  // Clearing first stops Hono from merging the handler's headers into the replacement.
  c.res = undefined;
  c.res = response;
}
