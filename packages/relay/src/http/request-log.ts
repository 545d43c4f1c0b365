/**
 * One log line per intake request: method, route (the pattern, `/v1/deliveries/:id`, not the path a client
 * typed), status, duration and the error code of a refusal. Never a body, a header, a query or a key: what a
 * client sends may hold a person's address or a secret, and a log is read by more people than the queue is.
 */

import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { RelayLogger } from '../relay-logger.js';
import { errorCodeOf } from './intake-responses.js';

export function logRequests(logger: RelayLogger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const status = c.res.status;
      const handlers = matchedRoutes(c).filter((r) => !r.path.endsWith('*'));
      const route = handlers.at(-1)?.path ?? '(no route)';
      const record = {
        method: c.req.method,
        route,
        status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        code: errorCodeOf(c.res),
      };
      const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
      logger[level](record, 'request');
    }
  };
}
