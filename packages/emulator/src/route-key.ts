import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';

export const CONTROL_PREFIX = '/__emulator';

/**
 * The control API is everything under /__emulator/ except the two authenticated test routes, which stand in
 * for a product API and so get latency, faults and counting like one.
 */
export function isControlPath(path: string): boolean {
  if (path !== CONTROL_PREFIX && !path.startsWith(`${CONTROL_PREFIX}/`)) return false;
  const rest = path.slice(CONTROL_PREFIX.length);
  return !(rest === '/whoami' || rest === '/echo' || rest.startsWith('/echo/'));
}

/**
 * `'<METHOD> <route path>'`, e.g. `POST /oauth/v2/token` or `GET /__emulator/echo/*`, found from the router's
 * match even when a fault answered before the handler ran. Unrouted paths are counted under the literal path,
 * which is what one needs to see a typo'd URL.
 */
export function routeKey(c: Context): string {
  // Middleware registered with app.use() has the path '*'; the first other match is the route itself.
  const route = matchedRoutes(c).find((r) => r.path !== '*' && r.path !== '/*');
  return `${c.req.method} ${route ? route.path : c.req.path}`;
}
