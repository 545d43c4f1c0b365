import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import type { EmulatorContext } from '../emulator-context.js';
import { registerContactRoutes } from './contact-routes.js';
import type { DeskConcurrency } from './desk-concurrency.js';
import { createDeskConcurrency } from './desk-concurrency.js';
import { registerDeskControlRoutes } from './desk-control-routes.js';
import { registerFieldRoutes } from './field-routes.js';
import { registerOrgRoutes } from './org-routes.js';
import { registerTicketRoutes } from './ticket-routes.js';

/**
 * Zoho Desk v1 (`/api/v1/...`, zoho-api.md §2). Two parts go into the app at different places: the
 * concurrency middleware in front of the fault middleware (so latency and fault delays keep a call active),
 * and the routes after it.
 */
export interface DeskModule {
  readonly concurrency: DeskConcurrency;
  registerRoutes(app: Hono<EmulatorEnv>): void;
}

export function createDesk(ctx: EmulatorContext): DeskModule {
  const concurrency = createDeskConcurrency(ctx);
  return {
    concurrency,
    registerRoutes(app) {
      registerOrgRoutes(app, ctx, concurrency);
      registerContactRoutes(app, ctx, concurrency);
      registerTicketRoutes(app, ctx, concurrency);
      registerFieldRoutes(app, ctx, concurrency);
      registerDeskControlRoutes(app, ctx, concurrency);
    },
  };
}
