import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import { emptyCounters } from '../counters.js';
import type { EmulatorContext } from '../emulator-context.js';
import { resetState } from '../state.js';
import { registerClientRoutes } from './client-routes.js';
import { registerFaultRoutes } from './fault-routes.js';
import { registerGrantCodeRoute } from './grant-code-route.js';
import { controlError } from './read-input.js';
import { registerTokenRoutes } from './token-routes.js';

/**
 * The control API under /__emulator/: JSON in and out, no auth, never delayed or faulted. It is how tests and
 * the CLI seed clients, mint console grant codes, age or revoke tokens, script faults and read counters.
 */
export function registerControlRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  registerClientRoutes(app, ctx);
  registerGrantCodeRoute(app, ctx);
  registerTokenRoutes(app, ctx);
  registerFaultRoutes(app, ctx);

  app.get('/__emulator/counters', (c) => c.json(ctx.state.counters));
  app.post('/__emulator/counters/reset', (c) => {
    ctx.state.counters = emptyCounters();
    return c.json(ctx.state.counters);
  });
  app.post('/__emulator/reset', (c) => {
    resetState(ctx.state);
    return c.json({ status: 'reset' });
  });
}

/** Registered after every other route, so it only sees unknown control paths. */
export function registerControlNotFound(app: Hono<EmulatorEnv>): void {
  app.all('/__emulator/*', (c) => controlError(404, `no control route ${c.req.method} ${c.req.path}`));
}
