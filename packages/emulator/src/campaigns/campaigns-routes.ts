import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import type { EmulatorContext } from '../emulator-context.js';
import { CAMPAIGNS_BASE, registerCampaignsApi } from './campaigns-api.js';
import { CampaignsErrors, campaignsJson } from './campaigns-envelope.js';
import { registerCampaignsControlRoutes } from './control-routes.js';
import { getListSubscribers, getMailingLists, listSubscribersCount } from './read-apis.js';
import { addListSubscribersInBulk, listSubscribe, listUnsubscribe } from './write-apis.js';

/**
 * Zoho Campaigns v1.1 under /api/v1.1 (zoho-api.md §3) and its control routes. Register before the control
 * API's catch-all. Any other path or method under /api/v1.1 gets Zoho's HTTP 200 code 1004 "Wrong URL entered."
 * without a token check (observed unauthenticated, zoho-api.md §3.4).
 */
export function registerCampaignsRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  for (const spec of [
    listSubscribe,
    listUnsubscribe,
    addListSubscribersInBulk,
    getMailingLists,
    getListSubscribers,
    listSubscribersCount,
  ]) {
    registerCampaignsApi(app, ctx, spec);
  }
  app.all(`${CAMPAIGNS_BASE}/*`, (c) => campaignsJson(CampaignsErrors.wrongUrl(c.req.path)));
  registerCampaignsControlRoutes(app, ctx);
}
