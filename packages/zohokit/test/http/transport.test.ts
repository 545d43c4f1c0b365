/**
 * One suite, three transports: the global `fetch` (undici) and `createNodeTransport` with keep-alive on and
 * off must look the same to the SDK. Each case goes through the SDK's `send` (the one place a failed fetch
 * becomes a failure kind) against a real `node:http` server on 127.0.0.1, port 0; the last block runs the
 * SDK itself against the emulator.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DESK_ORG_ID, DESK_SUPPORT_DEPARTMENT_ID, type EmulatorHandle, startEmulator } from '@zohokit/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Zoho, ZohoConfigError, type ZohoOptions } from 'zohokit';
import { createNodeTransport, type NodeTransport } from 'zohokit/node';
import { type FetchLike, send, TransportFailure } from '../../src/http/transport.js';

const LARGE = 'zohokit-'.repeat(640_000); // 5 MB: many chunks on every transport

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const ROUTES: Record<string, Handler> = {
  '/hello': (_req, res) => {
    res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'req-7', 'x-multi': ['a', 'b'] });
    res.end('{"hello":"wörld"}');
  },
  '/empty': (_req, res) => {
    res.writeHead(204);
    res.end();
  },
  '/large': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(LARGE);
  },
  '/echo': (req, res, body) => {
    const received: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(received));
  },
  '/error': (_req, res) => {
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '3' });
    res.end('{"errorCode":"SERVICE_UNAVAILABLE"}');
  },
  // Headers and half the promised body, then the connection is cut.
  '/reset-mid-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    res.write('{"data":[', () => setTimeout(() => res.socket?.destroy(), 20));
  },
  // The connection is cut before any answer.
  '/reset-at-once': (req) => {
    req.socket.destroy();
  },
  '/hang': () => {
    // Never answers; the server's close() ends it.
  },
  '/hang-mid-body': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
    res.write('{"data":[');
  },
};

/** Any path under /moved/: a redirect whose target counts its visits (a redirect must never be followed). */
let redirectTargetHits = 0;
const moved: Handler = (_req, res) => {
  res.writeHead(302, { location: '/redirect-target/login?session=s3cr3t-value' });
  res.end();
};
ROUTES['/redirect-target/login'] = (_req, res) => {
  redirectTargetHits += 1;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"followed":true}');
};

let server: Server;
let base: string;
const sockets = new Set<Socket>();
let refusedUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const route = path.startsWith('/moved/') ? moved : ROUTES[path];
      if (!route) {
        res.writeHead(404).end();
        return;
      }
      route(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port that was just in use and is now closed: connecting to it is refused.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  refusedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/hello`;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
});

afterAll(async () => {
  for (const t of nodeTransports) t.close();
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const nodeTransports: NodeTransport[] = [];
function node(keepAlive: boolean): FetchLike {
  const transport = createNodeTransport({ keepAlive });
  nodeTransports.push(transport);
  return transport;
}

const TRANSPORTS: [string, () => FetchLike][] = [
  ['global fetch', () => globalThis.fetch],
  ['node transport, keep-alive', () => node(true)],
  ['node transport, no keep-alive', () => node(false)],
];

const failure = (promise: Promise<unknown>) =>
  promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value).slice(0, 200)}`);
    },
    (error: unknown) => error,
  );

describe.each(TRANSPORTS)('transport conformance: %s', (_name, make) => {
  let fetchFn: FetchLike;
  beforeAll(() => {
    fetchFn = make();
  });

  it('answers with status, headers (case-insensitive, repeated ones joined) and the body', async () => {
    const res = await send(fetchFn, `${base}/hello`, { method: 'GET' }, 5000);
    expect(res.status).toBe(201);
    expect(res.headers.get('X-Request-Id')).toBe('req-7');
    expect(res.headers.get('x-multi')).toBe('a, b');
    expect(res.headers.get('x-absent')).toBeNull();
    expect(res.text).toBe('{"hello":"wörld"}');
  });

  it('sends the method, the path with its query, and the headers', async () => {
    const res = await send(
      fetchFn,
      `${base}/echo?from=0&limit=5&q=a%20b`,
      { method: 'GET', headers: { authorization: 'Zoho-oauthtoken t', orgId: '123', accept: 'application/json' } },
      5000,
    );
    const got = JSON.parse(res.text) as Received;
    expect(got.method).toBe('GET');
    expect(got.url).toBe('/echo?from=0&limit=5&q=a%20b');
    expect(got.headers.authorization).toBe('Zoho-oauthtoken t');
    expect(got.headers.orgid).toBe('123');
    expect(got.headers.accept).toBe('application/json');
    expect(got.body).toBe('');
  });

  it('answers 204 with an empty body', async () => {
    const res = await send(fetchFn, `${base}/empty`, { method: 'GET' }, 5000);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
  });

  it('reads a large body whole', async () => {
    const res = await send(fetchFn, `${base}/large`, { method: 'GET' }, 10_000);
    expect(res.text.length).toBe(LARGE.length);
    expect(createHash('sha256').update(res.text).digest('hex')).toBe(createHash('sha256').update(LARGE).digest('hex'));
  });

  it('answers an error status like any other (the pipeline classifies it)', async () => {
    const res = await send(fetchFn, `${base}/error`, { method: 'GET' }, 5000);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(JSON.parse(res.text)).toEqual({ errorCode: 'SERVICE_UNAVAILABLE' });
  });

  it('sends a JSON body with its exact byte length', async () => {
    const body = JSON.stringify({ subject: 'Ünïcødé ✓ 💡', description: 'x'.repeat(10_000) });
    const res = await send(
      fetchFn,
      `${base}/echo`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body },
      5000,
    );
    const got = JSON.parse(res.text) as Received;
    expect(got.method).toBe('POST');
    expect(got.headers['content-type']).toBe('application/json');
    expect(got.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(got.body).toBe(body);
  });

  it('sends a form body', async () => {
    const body = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: '1000.a+b/c', x: 'é' }).toString();
    const res = await send(
      fetchFn,
      `${base}/echo`,
      { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body },
      5000,
    );
    const got = JSON.parse(res.text) as Received;
    expect(got.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(got.headers['content-length']).toBe(String(body.length));
    expect(Object.fromEntries(new URLSearchParams(got.body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: '1000.a+b/c',
      x: 'é',
    });
  });

  it('serves many sequential and concurrent requests', async () => {
    for (let i = 0; i < 20; i++) {
      expect((await send(fetchFn, `${base}/hello`, { method: 'GET' }, 5000)).status).toBe(201);
    }
    const all = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        send(fetchFn, `${base}/echo?i=${i}`, { method: 'POST', body: `{"i":${i}}` }, 5000),
      ),
    );
    expect(all.map((r) => (JSON.parse(r.text) as Received).body)).toEqual(
      Array.from({ length: 20 }, (_, i) => `{"i":${i}}`),
    );
  });

  it('a refused connection is kind "refused" with code ECONNREFUSED', async () => {
    const error = await failure(send(fetchFn, refusedUrl, { method: 'GET' }, 5000));
    expect(error).toBeInstanceOf(TransportFailure);
    expect((error as TransportFailure).kind).toBe('refused');
    expect((error as TransportFailure).errorCode).toBe('ECONNREFUSED');
  });

  it('a connection cut mid-response is kind "reset"', async () => {
    const error = await failure(send(fetchFn, `${base}/reset-mid-body`, { method: 'GET' }, 5000));
    expect(error).toBeInstanceOf(TransportFailure);
    expect((error as TransportFailure).kind).toBe('reset');
  });

  it('a connection cut before any answer is kind "reset"', async () => {
    const error = await failure(send(fetchFn, `${base}/reset-at-once`, { method: 'POST', body: '{}' }, 5000));
    expect(error).toBeInstanceOf(TransportFailure);
    expect((error as TransportFailure).kind).toBe('reset');
  });

  it('a server that never answers hits the deadline: kind "timeout"', async () => {
    const started = Date.now();
    const error = await failure(send(fetchFn, `${base}/hang`, { method: 'GET' }, 300));
    expect((error as TransportFailure).kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a body that never ends hits the deadline: kind "timeout"', async () => {
    const error = await failure(send(fetchFn, `${base}/hang-mid-body`, { method: 'GET' }, 300));
    expect((error as TransportFailure).kind).toBe('timeout');
  });

  it('the caller\'s abort is kind "aborted", before and during the request', async () => {
    const before = new AbortController();
    before.abort(new Error('not wanted'));
    expect(((await failure(send(fetchFn, `${base}/hello`, {}, 5000, before.signal))) as TransportFailure).kind).toBe(
      'aborted',
    );
    const during = new AbortController();
    setTimeout(() => during.abort(new Error('user left')), 100);
    const error = await failure(send(fetchFn, `${base}/hang`, { method: 'GET' }, 5000, during.signal));
    expect((error as TransportFailure).kind).toBe('aborted');
    const midBody = new AbortController();
    setTimeout(() => midBody.abort(new Error('user left')), 100);
    const cut = await failure(send(fetchFn, `${base}/hang-mid-body`, { method: 'GET' }, 5000, midBody.signal));
    expect((cut as TransportFailure).kind).toBe('aborted');
  });

  it('a redirect is not followed: a 3xx answer (fetch hides which), the target never asked', async () => {
    const hits = redirectTargetHits;
    const res = await send(fetchFn, `${base}/moved/x`, { method: 'POST', body: '{}' }, 5000);
    expect(res.status).toBeGreaterThanOrEqual(300);
    expect(res.status).toBeLessThan(400);
    expect(redirectTargetHits).toBe(hits);
  });

  it('still works after the failures above (no poisoned sockets)', async () => {
    const res = await send(fetchFn, `${base}/hello`, { method: 'GET' }, 5000);
    expect(res.status).toBe(201);
    expect(res.text).toBe('{"hello":"wörld"}');
  });
});

describe.each(TRANSPORTS)('the SDK on the emulator: %s', (_name, make) => {
  let emulator: EmulatorHandle;
  let zoho: Zoho;
  let options: ZohoOptions;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0 });
    const client = await emulator.control.createClient({ type: 'self', name: 'transport-tests' });
    const { refreshToken } = await emulator.control.issueRefreshToken({
      ...client,
      scope: ['Desk.tickets.ALL', 'Desk.basic.READ'],
    });
    options = {
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      refreshToken,
      endpoints: emulator.endpoints,
      desk: { orgId: DESK_ORG_ID },
      fetch: make(),
    };
    zoho = new Zoho(options);
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('a product URL that redirects is one ZohoConfigError naming where, sent once, never followed', async () => {
    const hits = redirectTargetHits;
    const events: string[] = [];
    const moved = new Zoho({
      ...options,
      endpoints: { ...emulator.endpoints, desk: `${base}/moved` },
      onEvent: (event) => events.push(event.type),
    });
    const error = await failure(moved.desk.tickets.list().toArray({ limit: 5 }));
    expect(error).toBeInstanceOf(ZohoConfigError);
    const config = error as ZohoConfigError;
    expect(config.code).toBe('redirect');
    expect(config.outcome).toBe('blocked');
    expect(config.fix).toMatch(/base URL/);
    expect(config.message).not.toContain('s3cr3t');
    expect(JSON.stringify(config)).not.toContain('s3cr3t');
    if (config.status === 302) expect(config.message).toContain('/redirect-target/login');
    expect(events.filter((type) => type === 'request')).toHaveLength(1);
    expect(events).not.toContain('retry');
    expect(redirectTargetHits).toBe(hits);
  });

  it('creates a ticket and lists it back', async () => {
    const created = await zoho.desk.tickets.create({
      subject: 'Wrong size — Größe falsch',
      departmentId: DESK_SUPPORT_DEPARTMENT_ID,
      contact: { email: 'ana@example.com', lastName: 'Ana' },
      description: 'From the contact form',
    });
    expect(created.subject).toBe('Wrong size — Größe falsch');
    const listed = await zoho.desk.tickets.list().toArray({ limit: 5 });
    expect(listed.map((t) => t.id)).toContain(created.id);
  });
});
