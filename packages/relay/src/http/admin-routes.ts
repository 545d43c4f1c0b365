/**
 * The admin endpoints (secret keys only; `authenticate` refuses a publishable key with 403 before these run):
 * what the status page and an operator's scripts read and do. Policy stays in the library: these call
 * `relay.status()`, `relay.list()`, `relay.retry()`, `relay.discard()` and `relay.resume()`, nothing else.
 *
 * Cross-site requests: the only credential is the `Authorization` header, which a browser never adds by itself
 * (no cookie, no ambient authority), so a form or a script on another site cannot act with it; a secret key sent
 * from another origin is refused anyway, and writes take JSON only (a cross-site form cannot send it).
 */

import type { Context, Env, Hono } from 'hono';
import { z } from 'zod';
import { DELIVERY_STATES } from '../delivery.js';
import { OPERATION_NAMES } from '../operations.js';
import type { DeliveryFilter } from '../queue.js';
import type { Relay } from '../relay.js';
import { adminDeliveryView, statusView } from './admin-views.js';
import { zodFields } from './intake-requests.js';
import { fieldProblems, readJsonObject } from './intake-responses.js';

const UNCHANGED = 'Nothing was changed; correct the fields named and send the request again';
const LIST_LIMIT = { default: 50, max: 500 } as const;

const listQuery = z.strictObject(
  {
    state: z
      .string()
      .transform((s) => s.split(','))
      .pipe(z.array(z.enum(DELIVERY_STATES, `must be states among ${DELIVERY_STATES.join(', ')}`)))
      .optional(),
    operation: z.enum(OPERATION_NAMES, `must be one of ${OPERATION_NAMES.join(', ')}`).optional(),
    code: z.string().min(1).max(100).optional(),
    limit: z
      .string()
      .regex(/^\d+$/, 'must be a whole number')
      .transform(Number)
      .pipe(z.number().int().min(1).max(LIST_LIMIT.max))
      .optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? 'is not a known parameter' : undefined) },
);

/** Which dead or expired deliveries to retry or discard: by id, by operation and/or code, or `all`. */
const selection = z
  .strictObject(
    {
      ids: z.array(z.string().min(1).max(100)).min(1).max(1000).optional(),
      operation: z.enum(OPERATION_NAMES, `must be one of ${OPERATION_NAMES.join(', ')}`).optional(),
      code: z.string().min(1).max(100).optional(),
      all: z.literal(true, 'must be true (or left out)').optional(),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? 'is not a known field' : undefined) },
  )
  .refine((s) => s.ids || s.operation || s.code || s.all, {
    message: 'name the deliveries: ids, operation, code, or "all": true',
  });

export function registerAdminRoutes<E extends Env>(app: Hono<E>, relay: Relay, now: () => number): void {
  app.get('/v1/status', async (c) => c.json(statusView(await relay.status(), now())));

  app.get('/v1/deliveries', async (c) => {
    const parsed = listQuery.safeParse(c.req.query());
    if (!parsed.success) return fieldProblems(c, zodFields(parsed.error, c.req.query()), UNCHANGED);
    const { state, operation, code, limit } = parsed.data;
    const deliveries = await relay.list({ states: state, operation, code, limit: limit ?? LIST_LIMIT.default });
    return c.json({ deliveries: deliveries.map(adminDeliveryView) });
  });

  app.post('/v1/deliveries/retry', (c) => act(c, async (filter) => ({ retried: await relay.retry(filter) })));
  app.post('/v1/deliveries/discard', (c) => act(c, async (filter) => ({ discarded: await relay.discard(filter) })));

  app.post('/v1/resume', async (c) => {
    const { paused } = await relay.status();
    await relay.resume();
    return c.json({ resumed: paused !== undefined });
  });
}

async function act<E extends Env>(
  c: Context<E>,
  run: (filter: DeliveryFilter) => Promise<Record<string, number>>,
): Promise<Response> {
  const body = await readJsonObject(c);
  if (body instanceof Response) return body;
  const parsed = selection.safeParse(body);
  if (!parsed.success) return fieldProblems(c, zodFields(parsed.error, body), UNCHANGED);
  const { ids, operation, code } = parsed.data;
  return c.json(await run({ ids, operation, code }));
}
