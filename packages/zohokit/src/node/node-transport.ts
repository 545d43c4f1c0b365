import type { Agent as HttpAgent, IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import { DEADLINE_EXCEEDED, DEADLINE_MS, ENFORCES_DEADLINE } from '../http/transport.js';

/** Options for {@link createNodeTransport}. */
export interface NodeTransportOptions {
  /**
   * Reuse connections between requests (default `true`, right for a server process). Idle sockets are unref'd,
   * so they never hold a process open; a short-lived process may still pass `false` to send `Connection: close`.
   */
  keepAlive?: boolean;
  /** Most sockets open at once per host (default: no limit; the SDK's own limiter already bounds concurrency). */
  maxSockets?: number;
  /**
   * How long an idle keep-alive socket is kept, in ms (default 4000, below the 5 s most servers use, so the
   * client closes first and a request never lands on a socket the server is closing). A server's
   * `Keep-Alive: timeout=…` hint shortens it further.
   */
  idleTimeoutMs?: number;
}

/**
 * The part of `Response` this transport answers with: what the SDK reads (status, `headers.get`, `text()`)
 * plus `ok`, `statusText`, `json()` and `arrayBuffer()`. It is not a WHATWG `Response`: building one would
 * start undici, the cost this transport exists to avoid.
 */
export interface NodeTransportResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly url: string;
  readonly headers: {
    /** A header's value (lower-case name), or null. */
    get(name: string): string | null;
    /** Whether the response has this header. */
    has(name: string): boolean;
    /** Calls `callback` for every header. */
    forEach(callback: (value: string, name: string) => void): void;
  };
  /** The body as text. */
  text(): Promise<string>;
  /** The body parsed as JSON. */
  json(): Promise<unknown>;
  /** The body as bytes. */
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** A `fetch`-shaped function over `node:http`/`node:https`, plus `close()` to free its sockets. */
export interface NodeTransport {
  (input: string | URL, init?: RequestInit): Promise<Response>;
  /** Destroys every socket of this transport (idle and in use: requests in flight fail as `reset`). Later calls reject. */
  close(): void;
}

type HttpModule = typeof import('node:http');
type HttpsModule = typeof import('node:https');

// Loaded on first use, so `import 'zohokit/node'` for the file token store costs nothing, and `node:https`
// (which pulls in TLS) loads only for an https URL. `process.getBuiltinModule` (Node >= 20.16) is synchronous
// and skips the ES module loader, which a dynamic `import()` would start in a CommonJS program (~5 ms, the
// CLI's case); older Node falls back to `import()`.
let httpModule: HttpModule | undefined;
let httpsModule: HttpsModule | undefined;

const builtin = <T>(id: 'node:http' | 'node:https'): T | undefined =>
  (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule?.(id) as T | undefined;

/**
 * Creates a transport for the SDK's `fetch` option that speaks `node:http`/`node:https` directly:
 *
 * ```ts
 * import { Zoho } from 'zohokit';
 * import { createNodeTransport } from 'zohokit/node';
 * const transport = createNodeTransport();
 * const zoho = new Zoho({ ...credentials, fetch: transport });
 * // at shutdown
 * transport.close();
 * ```
 *
 * Why: on Node 20 the built-in `fetch` (undici) costs about 40 ms to initialise on first use, and more per
 * request than `node:http` with a keep-alive agent (bench/sdk-realistic.ts measures both). Everything
 * Zoho-specific (tokens, retries, envelopes, redaction) stays in the SDK's pipeline; this only moves bytes.
 *
 * Behaviour: each transport has its own agents (`keepAlive`, `maxSockets`); the request body may be a string,
 * a `Uint8Array` or `URLSearchParams`, sent with its exact `content-length`; the caller's `AbortSignal` cancels
 * the request or the body read (an `AbortError`); the whole body is read before the promise for `text()`
 * settles; socket errors keep their `code` (`ECONNREFUSED`, `ECONNRESET`, …), which the SDK maps to failure
 * kinds, and a response cut short by the server fails with `ECONNRESET`. Redirects are returned, not followed.
 */
export function createNodeTransport(options: NodeTransportOptions = {}): NodeTransport {
  const keepAlive = options.keepAlive ?? true;
  const maxSockets = options.maxSockets ?? Number.POSITIVE_INFINITY;
  if (!(maxSockets >= 1)) throw new RangeError(`maxSockets must be at least 1 (got ${String(options.maxSockets)})`);
  const idleTimeoutMs = options.idleTimeoutMs ?? 4000;
  if (!(idleTimeoutMs > 0)) {
    throw new RangeError(`idleTimeoutMs must be a positive number (got ${String(options.idleTimeoutMs)})`);
  }
  const agentOptions = { keepAlive, maxSockets, scheduling: 'lifo' as const };
  let httpAgent: HttpAgent | undefined;
  let httpsAgent: HttpsAgent | undefined;
  let closed = false;

  const transport = async (input: string | URL, init: RequestInit = {}): Promise<Response> => {
    if (closed) throw Object.assign(new Error('this node transport was closed'), { code: 'ERR_TRANSPORT_CLOSED' });
    const url = typeof input === 'string' ? new URL(input) : input;
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw abortError(signal);
    let agent: HttpAgent;
    let request: HttpModule['request'];
    if (url.protocol === 'http:') {
      httpModule ??= builtin<HttpModule>('node:http') ?? (await import('node:http'));
      httpAgent ??= new (idleTimeoutAgent(httpModule.Agent, idleTimeoutMs))(agentOptions);
      agent = httpAgent;
      request = httpModule.request;
    } else if (url.protocol === 'https:') {
      httpsModule ??= builtin<HttpsModule>('node:https') ?? (await import('node:https'));
      httpsAgent ??= new (idleTimeoutAgent(httpsModule.Agent, idleTimeoutMs))(agentOptions);
      agent = httpsAgent;
      request = httpsModule.request as HttpModule['request'];
    } else {
      throw new TypeError(`the node transport sends http: and https: URLs only (got ${url.protocol})`);
    }
    const body = requestBody(init.body);
    const headers = requestHeaders(init.headers);
    if (body !== undefined)
      headers['content-length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
    else if (init.method !== undefined && /^(POST|PUT|PATCH)$/i.test(init.method)) headers['content-length'] = '0';
    if (!keepAlive && headers.connection === undefined) headers.connection = 'close';
    const requestOptions: RequestOptions = {
      protocol: url.protocol,
      hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port,
      path: `${url.pathname}${url.search}`,
      method: (init.method ?? 'GET').toUpperCase(),
      headers,
      agent,
    };
    if (url.username !== '' || url.password !== '') {
      requestOptions.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
    }
    if (closed) throw Object.assign(new Error('this node transport was closed'), { code: 'ERR_TRANSPORT_CLOSED' });
    const deadlineMs = (init as { [DEADLINE_MS]?: number })[DEADLINE_MS];
    return exchange(request, requestOptions, body, signal, url.href, deadlineMs) as unknown as Promise<Response>;
  };

  return Object.assign(transport, {
    // The SDK's `send` passes its deadline instead of an AbortController (see ENFORCES_DEADLINE).
    [ENFORCES_DEADLINE]: true,
    close(): void {
      closed = true;
      httpAgent?.destroy();
      httpsAgent?.destroy();
    },
  });
}

type AgentClass = typeof import('node:http').Agent;

/**
 * An agent whose sockets time out only while idle in its pool (Node's `timeout` agent option arms a timer
 * around every request too, ~7% of a keep-alive exchange on loopback; the SDK's deadline covers requests in
 * flight). Node's agent destroys a pooled socket whose timer fires.
 */
function idleTimeoutAgent<A extends AgentClass>(Base: A, idleTimeoutMs: number): A {
  return class extends (Base as AgentClass) {
    override keepSocketAlive(socket: import('node:net').Socket): boolean {
      const keep = (super.keepSocketAlive as (s: typeof socket) => boolean)(socket);
      socket.setTimeout(idleTimeoutMs);
      return keep;
    }
    override reuseSocket(socket: import('node:net').Socket, request: import('node:http').ClientRequest): void {
      socket.setTimeout(0);
      super.reuseSocket(socket, request);
    }
  } as unknown as A;
}

function exchange(
  request: HttpModule['request'],
  options: RequestOptions,
  body: string | Uint8Array | undefined,
  signal: AbortSignal | undefined,
  href: string,
  deadlineMs: number | undefined,
): Promise<NodeTransportResponse> {
  return new Promise((resolve, reject) => {
    const req = request(options);
    let settledBody = false;
    let rejectBody: ((error: Error) => void) | undefined;
    // Before the headers: fail the request; after: fail the body read (the response is destroyed with it).
    const fail = (error: Error) => {
      if (rejectBody) rejectBody(error);
      req.destroy(error);
    };
    const onAbort = () => fail(abortError(signal));
    signal?.addEventListener('abort', onAbort, { once: true });
    // A plain timer for the SDK's deadline, cleared once the body is in or the request failed.
    const timer =
      deadlineMs === undefined
        ? undefined
        : setTimeout(() => {
            const error = new Error(`no complete response within ${deadlineMs} ms`);
            fail(Object.assign(error, { name: 'TimeoutError', code: DEADLINE_EXCEEDED }));
          }, deadlineMs);
    const done = () => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    req.on('error', (error) => {
      done();
      if (rejectBody) rejectBody(error);
      else reject(error);
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      const text = new Promise<Buffer>((resolveBody, rejectWith) => {
        rejectBody = (error) => {
          if (settledBody) return;
          settledBody = true;
          done();
          res.destroy();
          rejectWith(error);
        };
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          if (settledBody) return;
          settledBody = true;
          done();
          resolveBody(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
        });
        res.on('error', (error) => rejectBody?.(error));
        // The server closed the connection before the body was complete (Node's 'aborted' / "response aborted").
        // ('close' before the end covers Node's deprecated 'aborted' event too, with one listener fewer.)
        res.on('close', () => {
          if (!res.complete) {
            rejectBody?.(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' }));
          }
        });
      });
      // The body is read at once: a caller that never reads it must not hold the socket, nor see a rejection
      // go unhandled.
      text.catch(() => undefined);
      resolve(new NodeResponse(res.statusCode ?? 0, res.statusMessage ?? '', res.headers, text, href));
    });
    req.end(body);
  });
}

class NodeResponse implements NodeTransportResponse {
  readonly ok: boolean;
  readonly headers: NodeTransportResponse['headers'];
  readonly #body: Promise<Buffer>;

  constructor(
    readonly status: number,
    readonly statusText: string,
    raw: IncomingHttpHeaders,
    body: Promise<Buffer>,
    readonly url: string,
  ) {
    this.ok = status >= 200 && status < 300;
    this.#body = body;
    this.headers = {
      get: (name) => headerValue(raw[name.toLowerCase()]),
      has: (name) => raw[name.toLowerCase()] !== undefined,
      forEach: (callback) => {
        for (const [name, value] of Object.entries(raw)) {
          const joined = headerValue(value);
          if (joined !== null) callback(joined, name);
        }
      },
    };
  }

  async text(): Promise<string> {
    return (await this.#body).toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#body;
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Lower-cased header names, from whichever form `fetch` accepts (a record, a `Headers`, or pairs). */
function requestHeaders(init: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (init === undefined || init === null) return out;
  if (Array.isArray(init)) {
    for (const [name, value] of init) out[String(name).toLowerCase()] = String(value);
  } else if (typeof (init as Headers).forEach === 'function' && typeof (init as Headers).get === 'function') {
    (init as Headers).forEach((value, name) => {
      out[name.toLowerCase()] = value;
    });
  } else {
    for (const [name, value] of Object.entries(init as Record<string, string>)) {
      if (value !== undefined) out[name.toLowerCase()] = String(value);
    }
  }
  return out;
}

function requestBody(body: RequestInit['body']): string | Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof URLSearchParams) return body.toString();
  throw new TypeError(
    'the node transport sends string, Uint8Array or URLSearchParams bodies only; serialise the body first (the SDK always sends strings)',
  );
}

function abortError(signal: AbortSignal | undefined): Error {
  const error = new Error('the request was aborted', { cause: signal?.reason });
  error.name = 'AbortError';
  return error;
}
