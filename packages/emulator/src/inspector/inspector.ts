import type { Hono, MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import type { EmulatorContext } from '../emulator-context.js';
import { registerInspectorRoutes } from './inspector-routes.js';
import { loadInspectorAssets, registerInspectorPage } from './page.js';
import { RequestLog } from './request-log.js';
import { requestRecorder } from './request-recorder.js';

/**
 * The inspector (DESIGN.md §4): a request log and a browser page at `/` to see and steer the emulator. Two
 * parts go into the app at different places, like Desk's: the recorder first in the middleware chain, the
 * routes before the control API's catch-all.
 */
export interface Inspector {
  readonly log: RequestLog;
  readonly middleware: MiddlewareHandler<EmulatorEnv>;
  registerRoutes(app: Hono<EmulatorEnv>): void;
}

export function createInspector(ctx: EmulatorContext): Inspector {
  const log = new RequestLog(ctx.options.requestLogSize);
  const startedAt = ctx.now();
  const assets = loadInspectorAssets();
  return {
    log,
    middleware: requestRecorder(ctx, log),
    registerRoutes(app) {
      registerInspectorPage(app, assets);
      registerInspectorRoutes(app, ctx, log, startedAt);
    },
  };
}
