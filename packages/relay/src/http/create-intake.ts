/**
 * `createIntake({ relay, keys, options })`: the relay's HTTP front door, a Hono app. Web forms and servers
 * POST tickets and sign-ups; each is stored durably (`relay.enqueue`) before the 202, and the worker delivers
 * it. The order of checks is the order of cost: Host, CORS preflight, key, origin, rate limit, body size, JSON,
 * honeypot, schema, the SDK's own check. Nothing is enqueued unless every check passed.
 */

import type { HttpBindings } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ZodError } from 'zod';
import { isZohoError, ZohoValidationError } from 'zohokit';
import type { Operation } from '../operations.js';
import type { Relay } from '../relay.js';
import { RelayConflictError } from '../relay-errors.js';
import type { RelayLogger } from '../relay-logger.js';
import { RelayMetrics } from '../relay-metrics.js';
import { registerAdminRoutes } from './admin-routes.js';
import { type AllowedHosts, createHostCheck } from './host-check.js';
import {
  FieldRefusal,
  sdkFieldToBody,
  subscriptionBody,
  subscriptionOperation,
  ticketBody,
  ticketOperation,
  zodFields,
} from './intake-requests.js';
import { deliveryView, fieldProblems, problem, readJsonObject } from './intake-responses.js';
import type { ApiKeyRecord, KeyStore } from './key-store.js';
import { DEFAULT_RATE_LIMIT, type RateLimit, TokenBuckets } from './rate-limiter.js';
import { logRequests } from './request-log.js';
import { registerStatusPage } from './status-page.js';

export interface IntakeOptions {
  /** The Desk department of a ticket whose body names none; without it, `departmentId` is required. */
  defaultDepartmentId?: string;
  /** The Campaigns list of a subscription whose body names none; without it, `listKey` is required. */
  defaultListKey?: string;
  /**
   * Desk custom fields (`cf_…` API names) a ticket body may set in `customFields`. Default: any. A public form
   * should list its own: otherwise anyone with the publishable key may set any custom field.
   */
  allowedCustomFields?: readonly string[];
  /** The Zoho client's `desk.idempotencyField` (default `cf_zohokit_key`): never settable from a body. */
  idempotencyField?: string;
  /** Largest request body, in bytes (default 64 KiB); a larger one is refused with 413 before it is read. */
  bodyLimitBytes?: number;
  /**
   * A form field people never see (hidden by CSS) and bots fill in (default `website`). A request that fills
   * it is answered 202 as if accepted, and nothing is stored: the bot learns nothing.
   */
  honeypotField?: string;
  /** Per publishable key and client IP (default 10 a minute); `false` turns it off. Secret keys are not limited. */
  rateLimit?: RateLimit | false;
  /** Host names besides IP literals and localhost the intake answers to (DNS-rebinding guard). */
  allowedHosts?: AllowedHosts;
  /**
   * The client's address for the rate limit. Default: the socket's peer. Behind a reverse proxy, return the
   * address the proxy puts in its header (only a proxy you run can be trusted to set it).
   */
  clientIp?: (request: Request, remoteAddress: string | undefined) => string | undefined;
  /**
   * The status page at `/` (default on). Its files hold no data and are served to anyone who passes the Host
   * check; what it shows comes from the admin endpoints, which take a secret key.
   */
  statusPage?: boolean;
  /**
   * `GET /metrics` (Prometheus text, secret key): the relay's metrics. Default: a `RelayMetrics` made for this
   * intake's relay; `false` serves no metrics.
   */
  metrics?: RelayMetrics | false;
  /** Logs each request (method, route, status, duration, error code; never a body, header or key). */
  logger?: RelayLogger;
  /** For tests of the rate limit. */
  now?: () => number;
}

export interface CreateIntakeInput {
  relay: Relay;
  keys: KeyStore;
  options?: IntakeOptions;
}

type IntakeEnv = { Bindings: HttpBindings; Variables: { apiKey: ApiKeyRecord } };

export const INTAKE_DEFAULT_BODY_LIMIT = 64 * 1024;

/** Paths a publishable key may POST to from a browser, and so the only ones that answer a CORS preflight. */
const PUBLIC_WRITES = new Set(['/v1/tickets', '/v1/subscriptions']);
const ALLOW_HEADERS = 'authorization, content-type, idempotency-key';
const EXPOSE_HEADERS = 'location, retry-after';
// The header's characters are the SDK's idempotency-key characters; 80 leaves room for the key-id namespace.
const IDEMPOTENCY_KEY = /^[\w.@-]{1,80}$/;

export function createIntake(input: CreateIntakeInput): Hono<IntakeEnv> {
  const { relay, keys } = input;
  const options = input.options ?? {};
  const hostAllowed = createHostCheck(options.allowedHosts ?? []);
  const honeypot = options.honeypotField ?? 'website';
  const buckets =
    options.rateLimit === false ? undefined : new TokenBuckets(options.rateLimit ?? DEFAULT_RATE_LIMIT, options.now);
  const ticketRules = {
    defaultDepartmentId: options.defaultDepartmentId,
    allowedCustomFields: options.allowedCustomFields,
    idempotencyField: options.idempotencyField ?? 'cf_zohokit_key',
  };
  const app = new Hono<IntakeEnv>();

  app.onError((_error, c) =>
    // The error itself stays out of the answer: it may quote the request.
    problem(c, 500, 'internal_error', 'The intake failed while handling the request', {
      fix: 'Retry with the same Idempotency-Key; if it persists, check the relay process log',
    }),
  );
  app.notFound((c) => problem(c, 404, 'not_found', `No route ${c.req.method} ${c.req.path}`));

  // First, so that what the Host check refuses is logged too.
  if (options.logger) app.use('*', logRequests(options.logger));
  app.use('*', async (c, next) => {
    // In-process (`app.request`) there may be no Host header; the URL's host is what was addressed.
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (!hostAllowed(host)) {
      return problem(c, 403, 'host_not_allowed', `Host ${JSON.stringify(host.slice(0, 100))} is not allowed`, {
        fix: 'Add the name the intake is served under to the allowedHosts option (a DNS-rebinding guard)',
      });
    }
    await next();
    // Every answer is JSON: a browser must never sniff one into something it runs.
    c.res.headers.set('x-content-type-options', 'nosniff');
  });

  app.get('/healthz', (c) => c.json({ ok: true }));
  app.get('/readyz', async (c) => {
    try {
      const status = await relay.status();
      if (status.paused) {
        return c.json({ ready: false, reason: 'paused', code: status.paused.code ?? null }, 503);
      }
      return c.json({ ready: true });
    } catch {
      return c.json({ ready: false, reason: 'queue_unavailable', code: null }, 503);
    }
  });

  if (options.statusPage !== false) registerStatusPage(app);

  app.use('/v1/*', cors(keys));
  app.use('/v1/*', authenticate(keys));

  const metrics = options.metrics === false ? undefined : (options.metrics ?? new RelayMetrics(relay));
  if (metrics) {
    app.use('/metrics', authenticate(keys));
    app.get('/metrics', async (c) => c.body(await metrics.metrics(), 200, { 'content-type': metrics.contentType }));
  }

  const writes = [limitRate(buckets, options.clientIp), limitBody(options.bodyLimitBytes)] as const;

  app.post('/v1/tickets', ...writes, (c) =>
    accept(c, relay, honeypot, (raw) => {
      const parsed = ticketBody.safeParse(raw);
      return parsed.success ? ticketOperation(parsed.data, ticketRules) : parsed.error;
    }),
  );
  app.post('/v1/subscriptions', ...writes, (c) =>
    accept(c, relay, honeypot, (raw) => {
      const parsed = subscriptionBody.safeParse(raw);
      return parsed.success ? subscriptionOperation(parsed.data, options.defaultListKey) : parsed.error;
    }),
  );

  app.get('/v1/deliveries/:id', async (c) => {
    const delivery = await relay.get(c.req.param('id'));
    if (!delivery) return problem(c, 404, 'not_found', 'No delivery has this id');
    return c.json(deliveryView(delivery, c.get('apiKey').kind === 'secret'));
  });
  // Secret keys only: `authenticate` answers a publishable key 403 on anything but the two writes.
  registerAdminRoutes(app, relay, options.now ?? Date.now);

  return app;
}

/**
 * CORS for publishable keys' allowed origins only: a preflight names no key, so it is answered for an origin
 * some active publishable key lists, for the two public write paths; anything else gets no CORS headers and
 * the browser blocks it. Never a wildcard; `Vary: Origin` because the answer depends on it.
 */
function cors(keys: KeyStore): MiddlewareHandler<IntakeEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin')?.toLowerCase();
    const allowed = origin !== undefined && PUBLIC_WRITES.has(c.req.path) && (await keys.originAllowed(origin));
    if (c.req.method === 'OPTIONS') {
      if (!allowed) {
        c.header('vary', 'Origin');
        return problem(
          c,
          403,
          'origin_not_allowed',
          `Origin ${JSON.stringify(origin ?? null)} may not call ${c.req.path}`,
          {
            fix: 'List the website origin on a publishable key (keys create --kind publishable --origin …)',
          },
        );
      }
      return new Response(null, {
        status: 204,
        headers: {
          'access-control-allow-origin': origin,
          'access-control-allow-methods': 'POST',
          'access-control-allow-headers': ALLOW_HEADERS,
          'access-control-max-age': '600',
          vary: 'Origin',
        },
      });
    }
    await next();
    c.res.headers.append('vary', 'Origin');
    // A secret key's answers never carry CORS headers, whatever the origin.
    if (allowed && c.get('apiKey')?.kind !== 'secret') {
      c.res.headers.set('access-control-allow-origin', origin);
      c.res.headers.set('access-control-expose-headers', EXPOSE_HEADERS);
    }
  };
}

function authenticate(keys: KeyStore): MiddlewareHandler<IntakeEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const presented = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (presented === undefined) {
      return problem(c, 401, 'missing_key', 'No API key: send "Authorization: Bearer <key>"', {
        fix: 'Create a key with `keys create`, and send it in the Authorization header',
      });
    }
    const key = await keys.verify(presented);
    if (!key) {
      return problem(c, 401, 'unknown_key', 'The API key is not valid (unknown, mistyped or revoked)', {
        fix: 'Check the key, or create a new one',
      });
    }
    // Known before the kind and origin checks, so that a refusal to a secret key carries no CORS headers.
    c.set('apiKey', key);
    const publicWrite = c.req.method === 'POST' && PUBLIC_WRITES.has(c.req.path);
    if (key.kind === 'publishable' && !publicWrite) {
      return problem(c, 403, 'wrong_key_kind', `A publishable key may not call ${c.req.method} ${c.req.path}`, {
        fix: 'Publishable keys only POST /v1/tickets and /v1/subscriptions; use a secret key from a server',
      });
    }
    const origin = c.req.header('origin');
    if (origin !== undefined) {
      if (key.kind === 'publishable' && !key.origins.includes(origin.toLowerCase())) {
        return problem(c, 403, 'origin_not_allowed', `This key may not be used from ${JSON.stringify(origin)}`, {
          fix: `Add the origin to the key's origins (it allows: ${key.origins.join(', ') || 'none'})`,
        });
      }
      if (key.kind === 'secret' && !isOwnOrigin(origin, c.req.header('host') ?? new URL(c.req.url).host)) {
        return problem(c, 403, 'cross_origin_refused', 'A secret key may not be used from a web page', {
          fix: 'Keep secret keys on servers; a website uses a publishable key listing its origin',
        });
      }
    }
    await next();
  };
}

function limitRate(
  buckets: TokenBuckets | undefined,
  clientIp: IntakeOptions['clientIp'],
): MiddlewareHandler<IntakeEnv> {
  return async (c, next) => {
    const key = c.get('apiKey');
    if (!buckets || key.kind !== 'publishable') return next();
    let remote: string | undefined;
    try {
      remote = getConnInfo(c).remote.address;
    } catch {
      remote = undefined; // in-process requests have no socket
    }
    const ip = (clientIp ? clientIp(c.req.raw, remote) : remote) ?? 'unknown';
    const waitMs = buckets.take(`${key.id}|${ip}`);
    if (waitMs > 0) {
      c.header('retry-after', String(Math.max(1, Math.ceil(waitMs / 1000))));
      return problem(c, 429, 'rate_limited', 'Too many requests from this address with this key', {
        fix: 'Wait the number of seconds in Retry-After, then send it again',
      });
    }
    await next();
  };
}

function limitBody(maxSize = INTAKE_DEFAULT_BODY_LIMIT): MiddlewareHandler<IntakeEnv> {
  // Checks Content-Length before reading, and counts a chunked body as it streams in.
  return bodyLimit({
    maxSize,
    onError: (c) =>
      problem(c, 413, 'body_too_large', `The request body is larger than ${maxSize} bytes`, {
        fix: 'Send a shorter message',
      }),
  });
}

async function accept(
  c: Context<IntakeEnv>,
  relay: Relay,
  honeypot: string,
  toOperation: (raw: Record<string, unknown>) => Operation | ZodError,
): Promise<Response> {
  const body = await readJsonObject(c);
  if (body instanceof Response) return body;
  const header = c.req.header('idempotency-key');
  if (header !== undefined && !IDEMPOTENCY_KEY.test(header)) {
    return fieldProblems(c, [
      { field: 'Idempotency-Key', problem: 'must be 1–80 letters, digits or . _ - @ (for example a UUID)' },
    ]);
  }
  const bait = body[honeypot];
  if (bait !== undefined && bait !== null && bait !== '') {
    // Looks exactly like an acceptance; the id names nothing.
    const id = crypto.randomUUID();
    c.header('location', `/v1/deliveries/${id}`);
    return c.json({ id, state: 'pending' }, 202);
  }
  delete body[honeypot];
  let operation: Operation;
  try {
    const result = toOperation(body);
    if (result instanceof ZodError) return fieldProblems(c, zodFields(result, body));
    operation = result;
  } catch (error) {
    if (error instanceof FieldRefusal) return fieldProblems(c, [error.field]);
    throw error;
  }
  const key = c.get('apiKey');
  try {
    // Each key has its own idempotency keys: another key's "order-1" is another delivery.
    const idempotencyKey = header === undefined ? undefined : `${key.id}.${header}`;
    const queued = await relay.enqueue(operation, idempotencyKey ? { idempotencyKey } : {});
    c.header('location', `/v1/deliveries/${queued.id}`);
    return c.json({ id: queued.id, state: queued.state }, queued.created ? 202 : 200);
  } catch (error) {
    if (error instanceof RelayConflictError) {
      return problem(
        c,
        409,
        error.code,
        `Idempotency-Key ${JSON.stringify(header)} already names delivery ${error.deliveryId}, made from another body`,
        { fix: error.fix },
      );
    }
    if (error instanceof ZohoValidationError) {
      const fieldName = error.details?.fieldName;
      const field = typeof fieldName === 'string' ? sdkFieldToBody(fieldName) : '(body)';
      const problemText = /^[^"]*"[^"]*"\s+(.+)$/s.exec(error.summary)?.[1] ?? error.summary;
      return fieldProblems(c, [{ field, problem: problemText }]);
    }
    if (isZohoError(error)) throw error;
    return problem(c, 503, 'queue_unavailable', 'The delivery could not be stored', {
      fix: 'Retry with the same Idempotency-Key: it is stored at most once',
    });
  }
}

/** Whether a browser `Origin` is the intake itself (scheme aside, the host it was addressed as). */
function isOwnOrigin(origin: string, hostHeader: string): boolean {
  try {
    const from = new URL(origin);
    if (from.protocol !== 'http:' && from.protocol !== 'https:') return false;
    return from.host === new URL(`${from.protocol}//${hostHeader}`).host;
  } catch {
    return false;
  }
}
