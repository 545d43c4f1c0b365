import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { revokeToken } from '../auth/token-records.js';
import type { EmulatorEnv } from '../connection.js';
import { controlError, describeInputIssue } from '../control/read-input.js';
import type { RevokeTokenResult } from '../control/types.js';
import { DESK_ORG_ID } from '../desk/desk-state.js';
import type { EmulatorContext } from '../emulator-context.js';
import type { RequestLog, RequestLogEvent } from './request-log.js';
import type { EmulatorInfo, RequestLogQuery } from './types.js';

/** A comment line every 15 s keeps proxies and the browser from timing the stream out. */
const HEARTBEAT_MS = 15_000;

const queryInt = (min: number) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min));

const requestQuerySchema = z.strictObject({
  limit: queryInt(1).optional(),
  status: z
    .string()
    .regex(
      /^(all|error|dropped|reset|hang|aborted|[1-5]xx|[1-5]\d\d)$/i,
      'must be all, error, dropped, 2xx…5xx or a status',
    )
    .optional(),
  path: z.string().optional(),
  method: z
    .string()
    .regex(/^[A-Za-z]+$/, 'must be an HTTP method name')
    .optional(),
  product: z.enum(['accounts', 'desk', 'campaigns', 'crm', 'api', 'other']).optional(),
  since: queryInt(0).optional(),
});

/**
 * The inspector's control routes: the request log (`/__emulator/requests`), its live stream
 * (`/__emulator/events`), what the page needs to know about this emulator (`/__emulator/info`), and revoking a
 * token by its id (the page only ever sees masked values).
 */
export function registerInspectorRoutes(
  app: Hono<EmulatorEnv>,
  ctx: EmulatorContext,
  log: RequestLog,
  startedAt: number,
): void {
  app.get('/__emulator/requests', (c) => {
    const parsed = requestQuerySchema.safeParse(c.req.query());
    if (!parsed.success) return controlError(400, parsed.error.issues.map(describeInputIssue).join('; '));
    const query: RequestLogQuery = { ...parsed.data, limit: Math.min(parsed.data.limit ?? 100, log.size || 1) };
    return c.json({ size: log.size, stored: log.length, requests: log.list(query) });
  });

  app.get('/__emulator/requests/:id', (c) => {
    const id = c.req.param('id');
    const entry = /^\d+$/.test(id) ? log.get(Number(id)) : undefined;
    if (!entry) return controlError(404, `id: no request ${id} in the log (it keeps the last ${log.size})`);
    return c.json(entry);
  });

  app.delete('/__emulator/requests', (c) => {
    log.clear();
    return c.json({ size: log.size, stored: 0, requests: [] });
  });

  app.get('/__emulator/info', (c) => {
    const { options } = ctx;
    const info: EmulatorInfo = {
      url: ctx.baseUrl(c.req.url),
      dc: options.dc,
      tokenTtlSec: options.tokenTtlSec,
      grantCodeTtlSec: options.grantCodeTtlSec,
      latencyMs: options.latencyMs,
      limits: { ...options.limits },
      requestLogSize: log.size,
      stateFile: options.stateFile !== undefined,
      startedAt,
      deskOrgId: DESK_ORG_ID,
    };
    return c.json(info);
  });

  /** Like `POST /__emulator/tokens/revoke`, by the token's `id` (`rt_3`, `at_7`) instead of its value. */
  app.post('/__emulator/tokens/:id/revoke', (c) => {
    const id = c.req.param('id');
    const record =
      Object.values(ctx.state.refreshTokens).find((rt) => rt.id === id) ??
      Object.values(ctx.state.accessTokens).find((at) => at.id === id);
    if (!record) return controlError(404, `id: no token '${id}'`);
    const revoked = revokeToken(ctx, record.token);
    if (!revoked) return controlError(400, `id: token '${id}' is not live (${record.state})`);
    return c.json({ status: 'success', revokedAccessTokens: revoked.revokedAccessTokens } satisfies RevokeTokenResult);
  });

  /**
   * Server-sent events: `request` (a new log entry, as JSON), `change` (a control call changed the state),
   * `cleared` (the log was emptied). Ends when the client goes or the emulator closes.
   */
  app.get('/__emulator/events', (c) =>
    streamSSE(c, async (stream) => {
      let queue = Promise.resolve();
      const send = (message: { event: string; data: string }) => {
        queue = queue.then(() => stream.writeSSE(message)).catch(() => undefined);
      };
      const toMessage = (event: RequestLogEvent) =>
        event.type === 'request'
          ? { event: 'request', data: JSON.stringify(event.entry) }
          : { event: event.type, data: String(ctx.now()) };
      send({ event: 'hello', data: JSON.stringify({ size: log.size, time: ctx.now() }) });
      const unsubscribe = log.subscribe((event) => send(toMessage(event)));
      const heartbeat = setInterval(() => send({ event: 'heartbeat', data: String(ctx.now()) }), HEARTBEAT_MS);
      let onShutdown: (() => void) | undefined;
      await new Promise<void>((resolve) => {
        onShutdown = resolve;
        stream.onAbort(resolve);
        ctx.shutdown.addEventListener('abort', onShutdown, { once: true });
        if (ctx.shutdown.aborted) resolve();
      });
      clearInterval(heartbeat);
      unsubscribe();
      if (onShutdown) ctx.shutdown.removeEventListener('abort', onShutdown);
      await queue;
    }),
  );
}
