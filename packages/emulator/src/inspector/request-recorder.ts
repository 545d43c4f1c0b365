import type { MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import { isDeskApiPath, isDeskHost } from '../desk/desk-host.js';
import type { EmulatorContext } from '../emulator-context.js';
import { isControlPath, routeKey } from '../route-key.js';
import { describeFault } from './assets/describe-fault.js';
import { createMasker } from './mask.js';
import { isInspectorPage } from './page.js';
import { recordBody, zohoErrorCode } from './record-body.js';
import type { RequestLog } from './request-log.js';
import { readMarks } from './request-marks.js';
import type { RequestProduct } from './types.js';

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

function productOf(path: string, host: string | undefined): RequestProduct {
  if (path.startsWith('/oauth/')) return 'accounts';
  if (path === '/api/v1.1' || path.startsWith('/api/v1.1/')) return 'campaigns';
  if (isDeskApiPath(path) || isDeskHost(host)) return 'desk';
  if (path.startsWith('/crm/')) return 'crm';
  if (path.startsWith('/__emulator/')) return 'api';
  return 'other';
}

async function readBytes(read: () => Promise<ArrayBuffer>): Promise<ArrayBuffer | null> {
  try {
    return await read();
  } catch {
    return null; // the client went away mid-body; the handler sees the same failure
  }
}

/**
 * First in the chain (before Desk's concurrency and the faults), so it sees what the client saw: fault
 * answers, dropped connections, and latency with every delay. Control routes and the inspector page are not
 * recorded; a control call that may change the state tells the inspector to refresh instead.
 */
export function requestRecorder(ctx: EmulatorContext, log: RequestLog): MiddlewareHandler<EmulatorEnv> {
  return async (c, next) => {
    const { method, path } = c.req;
    if (isControlPath(path) || isInspectorPage(method, path) || !log.enabled) {
      await next();
      if (!BODYLESS.has(method)) log.changed();
      return;
    }
    const started = performance.now();
    const time = ctx.now();
    // Read through Hono's body cache, so the route handler can still read the body after this.
    const requestBytes = BODYLESS.has(method) ? null : await readBytes(() => c.req.arrayBuffer());
    let thrown: unknown;
    try {
      await next();
    } catch (error) {
      thrown = error; // in-process, a dropped connection is an exception (EmulatedConnectionReset)
    }
    const latencyMs = Math.round((performance.now() - started) * 10) / 10;
    const marks = readMarks(c.req.raw);
    const droppedBy = typeof marks.outcome === 'string' ? marks.outcome : thrown !== undefined ? 'reset' : null;
    const masker = createMasker(Object.values(ctx.state.clients).map((client) => client.clientSecret));
    const url = new URL(c.req.url);

    let status: number | null = null;
    let response: { headers: Record<string, string>; body: string | null } | null = null;
    let errorCode: string | null = null;
    if (droppedBy === null) {
      const res = c.res;
      status = res.status;
      // Read, then answer with a copy made from the bytes: cheaper than clone(), which would turn
      // @hono/node-server's fast string/bytes responses into streamed ones.
      const bytes = await readBytes(() => res.arrayBuffer());
      c.res = undefined;
      c.res = new Response(bytes && bytes.byteLength > 0 ? new Uint8Array(bytes) : null, {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
      });
      const contentType = res.headers.get('content-type');
      response = { headers: masker.headers(res.headers), body: await recordBody(bytes, contentType, masker, false) };
      errorCode = bytes && bytes.byteLength < 1_000_000 ? zohoErrorCode(new TextDecoder().decode(bytes)) : null;
    }

    log.add({
      time,
      method,
      path: masker.text(path),
      query: url.search.length > 1 ? masker.params(url.search.slice(1)) : '',
      route: routeKey(c).slice(method.length + 1),
      product: productOf(path, c.req.header('host')),
      status,
      outcome: droppedBy ?? String(status),
      errorCode,
      latencyMs,
      fault: marks.fault ? describeFault(marks.fault) : null,
      request: {
        headers: masker.headers(c.req.raw.headers),
        body: await recordBody(requestBytes, c.req.header('content-type') ?? null, masker, true),
      },
      response,
    });
    if (thrown !== undefined) throw thrown;
  };
}
