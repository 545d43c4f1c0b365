import type { MiddlewareHandler } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import { isDeskApiPath, isDeskHost } from '../desk/desk-host.js';
import type { EmulatorContext } from '../emulator-context.js';
import { isControlPath, routeKey } from '../route-key.js';
import { describeFault } from './assets/describe-fault.js';
import { createMasker } from './mask.js';
import { isInspectorPage } from './page.js';
import { isMultipart, recordBody, recordMultipart, zohoErrorCode } from './record-body.js';
import type { RequestLog } from './request-log.js';
import { readMarks } from './request-marks.js';
import type { RequestLogEntry, RequestProduct } from './types.js';

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
    // The client secrets as they are now: one deleted before the entry is built is still masked.
    const secrets = Object.values(ctx.state.clients).map((client) => client.clientSecret);
    const requestType = c.req.header('content-type') ?? null;
    const requestForm = isMultipart(requestType)
      ? await recordMultipart(requestBytes, requestType ?? '', createMasker(secrets))
      : undefined;
    const url = c.req.url;
    const route = routeKey(c).slice(method.length + 1);
    const host = c.req.header('host');

    let answer: { status: number; headers: Headers; bytes: ArrayBuffer | null } | null = null;
    if (droppedBy === null) {
      const res = c.res;
      // Read, then answer with a copy made from the bytes: cheaper than clone(), which would turn
      // @hono/node-server's fast string/bytes responses into streamed ones.
      const bytes = await readBytes(() => res.arrayBuffer());
      c.res = undefined;
      c.res = new Response(bytes && bytes.byteLength > 0 ? new Uint8Array(bytes) : null, {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
      });
      answer = { status: res.status, headers: res.headers, bytes };
    }

    // Everything else (masking, decoding, the error code) waits until the answer is on its way.
    log.addLater(() => {
      const masker = createMasker(secrets);
      const search = new URL(url).search;
      let response: RequestLogEntry['response'] = null;
      let errorCode: string | null = null;
      if (answer) {
        const { bytes, headers } = answer;
        const text = bytes && bytes.byteLength < 1_000_000 ? new TextDecoder().decode(bytes) : undefined;
        const body = recordBody(bytes, headers.get('content-type'), masker, false, text);
        response = { headers: masker.headers(headers), body };
        errorCode = text === undefined ? null : zohoErrorCode(text);
      }
      return {
        time,
        method,
        path: masker.text(path),
        query: search.length > 1 ? masker.params(search.slice(1)) : '',
        route,
        product: productOf(path, host),
        status: answer?.status ?? null,
        outcome: droppedBy ?? String(answer?.status),
        errorCode,
        latencyMs,
        fault: marks.fault ? describeFault(marks.fault) : null,
        request: {
          headers: masker.headers(c.req.raw.headers),
          body: requestForm ?? recordBody(requestBytes, requestType, masker, true),
        },
        response,
      };
    });
    if (thrown !== undefined) throw thrown;
  };
}
