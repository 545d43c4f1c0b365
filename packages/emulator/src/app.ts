import { Hono } from 'hono';
import { registerAuthorizeRoute } from './auth/authorize-route.js';
import { registerRevokeRoute } from './auth/revoke-route.js';
import { registerTokenRoute } from './auth/token-route.js';
import { registerCampaignsRoutes } from './campaigns/campaigns-routes.js';
import type { EmulatorEnv } from './connection.js';
import { EmulatedConnectionReset } from './connection.js';
import { registerControlNotFound, registerControlRoutes } from './control/control-routes.js';
import { createCrm } from './crm/crm.js';
import { crmUrlNotFound } from './crm-errors.js';
import { createDesk } from './desk/desk.js';
import { deskNotFoundFor } from './desk/desk-host.js';
import { registerEchoRoute } from './echo-route.js';
import type { EmulatorContext } from './emulator-context.js';
import { createEmulatorContext } from './emulator-context.js';
import { faultMiddleware } from './faults.js';
import { createInspector } from './inspector/inspector.js';
import type { RequestLog } from './inspector/request-log.js';
import type { EmulatorOptions, ResolvedEmulatorOptions } from './options.js';
import { resolveOptions } from './options.js';
import { bodySizeLimit, requestGuard } from './security/request-guard.js';
import type { EmulatorState } from './state.js';
import { createStatePersistence } from './state-file.js';
import { registerWhoamiRoute } from './whoami-route.js';

/** The emulator without a socket: the Hono app, its live state and resolved options (`createEmulatorApp`). */
export interface EmulatorApp {
  /** The Hono app; `app.fetch` serves any fetch-style runtime, `app.request()` works in-process. */
  app: Hono<EmulatorEnv>;
  /** The live state (mutated in place, also by `POST /__emulator/reset`). */
  state: EmulatorState;
  /** The last `requestLogSize` non-control requests, masked (kept beside the state, never in the state file). */
  requestLog: RequestLog;
  options: ResolvedEmulatorOptions;
  /** Sets the public URL reported as `accounts-server` / `api_domain` (defaults to each request's origin). */
  setBaseUrl(url: string): void;
  /** Releases hanging and delayed requests and writes the state file (if any); call when shutting down. */
  stop(): void;
}

/**
 * Assembles the emulator: fault/latency/counting middleware in front of the Zoho routes, then the control API.
 * Without a server: reset and hang faults need a socket, so in-process they reject the request instead.
 */
export function createEmulatorApp(options: EmulatorOptions = {}): EmulatorApp {
  const ctx: EmulatorContext = createEmulatorContext(resolveOptions(options));
  const app = new Hono<EmulatorEnv>();
  // Loads the state file, if any, before anything reads the state.
  const persistence = ctx.options.stateFile ? createStatePersistence(ctx.state, ctx.options.stateFile) : null;
  const desk = createDesk(ctx);
  const crm = createCrm(ctx);
  const inspector = createInspector(ctx);

  // Before anything reads the request: a refused Host, origin or body never reaches a route or the request log.
  app.use(requestGuard(ctx.options));
  app.use(bodySizeLimit(ctx.options));
  if (persistence) app.use(persistence.middleware);
  // First of the rest: the request log sees what the client saw, fault answers and every delay included.
  app.use(inspector.middleware);
  // Before the faults: a Desk call counts against its org's concurrency during latency and fault delays too.
  app.use(desk.concurrency.middleware);
  app.use(crm.concurrency.middleware);
  app.use(faultMiddleware(ctx));

  registerAuthorizeRoute(app, ctx);
  registerTokenRoute(app, ctx);
  registerRevokeRoute(app, ctx);
  registerWhoamiRoute(app, ctx);
  registerEchoRoute(app, ctx);
  registerCampaignsRoutes(app, ctx);
  crm.registerRoutes(app);
  desk.registerRoutes(app);
  inspector.registerRoutes(app);
  registerControlRoutes(app, ctx);
  registerControlNotFound(app);

  app.notFound((c) => deskNotFoundFor(c) ?? crmUrlNotFound());
  app.onError((error) => {
    if (error instanceof EmulatedConnectionReset) throw error;
    console.error('@zohokit/emulator: unhandled error', error);
    return Response.json({ error: 'emulator internal error' }, { status: 500 });
  });

  const stop = () => {
    ctx.stop();
    persistence?.close();
  };
  return { app, state: ctx.state, requestLog: inspector.log, options: ctx.options, setBaseUrl: ctx.setBaseUrl, stop };
}
