import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import type { EmulatorContext } from '../emulator-context.js';
import { registerCoqlRoute } from './coql-route.js';
import type { CrmConcurrency } from './crm-concurrency.js';
import { createCrmConcurrency } from './crm-concurrency.js';
import { registerCrmControlRoutes } from './crm-control-routes.js';
import { registerCrmRoutes } from './crm-routes.js';
import { registerMetadataRoutes } from './metadata-routes.js';
import { createPageTokens } from './page-tokens.js';
import { registerRecordsRoutes } from './records-routes.js';
import { registerSearchRoute } from './search-route.js';
import { registerUpsertRoute } from './upsert-route.js';

/**
 * Zoho CRM (`/crm/{version}/...` on the API domain, zoho-api.md §4). As with Desk, two parts go into the app at
 * different places: the concurrency middleware in front of the fault middleware, and the routes after it. The
 * routes with a fixed first segment (users, org, settings, coql) are registered before `/{module}`.
 */
export interface CrmModule {
  readonly concurrency: CrmConcurrency;
  registerRoutes(app: Hono<EmulatorEnv>): void;
}

export function createCrm(ctx: EmulatorContext): CrmModule {
  const concurrency = createCrmConcurrency(ctx);
  const pageTokens = createPageTokens();
  return {
    concurrency,
    registerRoutes(app) {
      registerCrmRoutes(app, ctx);
      registerCoqlRoute(app, ctx, concurrency);
      registerMetadataRoutes(app, ctx, concurrency);
      registerSearchRoute(app, ctx, concurrency);
      registerUpsertRoute(app, ctx, concurrency);
      registerRecordsRoutes(app, ctx, concurrency, pageTokens);
      registerCrmControlRoutes(app, ctx, concurrency);
    },
  };
}
