/**
 * What only the node transport has: its agents (keep-alive, maxSockets, close), its input checks, and the
 * https branch. The behaviour it shares with `fetch` is in transport-conformance.test.ts.
 */
import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeTransport, type NodeTransport } from 'zohokit/node';
import { send, TransportFailure } from '../../src/http/transport.js';

let server: Server;
let base: string;
let connections: number;
let open: Set<Socket>;
let seen: IncomingMessage['headers'][];
let delayMs: number;
const transports: NodeTransport[] = [];

beforeEach(async () => {
  connections = 0;
  open = new Set();
  seen = [];
  delayMs = 0;
  server = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    req.on('end', () =>
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      }, delayMs),
    );
  });
  server.on('connection', (socket) => {
    connections++;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  for (const t of transports.splice(0)) t.close();
  for (const socket of open) socket.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function transport(options?: Parameters<typeof createNodeTransport>[0]): NodeTransport {
  const t = createNodeTransport(options);
  transports.push(t);
  return t;
}

const waitFor = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('createNodeTransport: connections', () => {
  it('keeps one connection alive across sequential requests by default', async () => {
    const t = transport();
    for (let i = 0; i < 5; i++) expect((await t(`${base}/a`)).status).toBe(200);
    expect(connections).toBe(1);
    expect(seen.every((h) => h.connection === 'keep-alive')).toBe(true);
  });

  it('with keepAlive: false, sends Connection: close and opens a connection per request', async () => {
    const t = transport({ keepAlive: false });
    for (let i = 0; i < 3; i++) expect(await (await t(`${base}/a`)).json()).toEqual({ ok: true });
    expect(connections).toBe(3);
    expect(seen.map((h) => h.connection)).toEqual(['close', 'close', 'close']);
    // The server sees each connection end without the client's help.
    await waitFor(() => open.size === 0);
    expect(open.size).toBe(0);
  });

  it('opens at most maxSockets connections; the rest wait their turn', async () => {
    delayMs = 50;
    const t = transport({ maxSockets: 2 });
    const answers = await Promise.all(Array.from({ length: 6 }, () => t(`${base}/a`)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(connections).toBe(2);
  });

  it('each transport has its own agent', async () => {
    const a = transport();
    const b = transport();
    await a(`${base}/a`);
    await b(`${base}/a`);
    await a(`${base}/a`);
    expect(connections).toBe(2);
  });

  it('closes a pooled socket after idleTimeoutMs, but not a socket that is busy for longer', async () => {
    const t = transport({ idleTimeoutMs: 150 });
    // Busy for 400 ms, longer than the idle timeout: the request still completes on its socket.
    delayMs = 400;
    expect((await t(`${base}/a`)).status).toBe(200);
    expect(connections).toBe(1);
    delayMs = 0;
    // Reused at once while still pooled: the same connection.
    expect((await t(`${base}/a`)).status).toBe(200);
    expect(connections).toBe(1);
    // Idle past the timeout: the client closes it, and the next request opens a new one.
    await waitFor(() => open.size === 0);
    expect(open.size).toBe(0);
    expect((await t(`${base}/a`)).status).toBe(200);
    expect(connections).toBe(2);
  });

  it('close() frees the idle sockets and later calls reject', async () => {
    const t = transport();
    await t(`${base}/a`);
    expect(open.size).toBe(1);
    t.close();
    await waitFor(() => open.size === 0);
    expect(open.size).toBe(0);
    await expect(t(`${base}/a`)).rejects.toMatchObject({ code: 'ERR_TRANSPORT_CLOSED' });
  });

  it('an idle keep-alive socket does not hold the process open', async () => {
    // A child process makes one keep-alive request (idle timeout 60 s) and then has nothing left to do.
    const script = `
      import { createNodeTransport } from ${JSON.stringify(fileURLToPath(new URL('../../src/node/index.ts', import.meta.url)))};
      const t = createNodeTransport({ idleTimeoutMs: 60_000 });
      const res = await t(${JSON.stringify(`${base}/a`)});
      process.stdout.write(String(res.status));
    `;
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe('200');
    expect(connections).toBe(1);
    // Far below the 60 s idle timeout: the process did not wait for the socket.
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('createNodeTransport: input', () => {
  it('rejects bad options with a RangeError naming the option', () => {
    expect(() => createNodeTransport({ maxSockets: 0 })).toThrow(/maxSockets must be at least 1/);
    expect(() => createNodeTransport({ idleTimeoutMs: -1 })).toThrow(/idleTimeoutMs must be a positive number/);
  });

  it('accepts headers as a record, a Headers object or pairs', async () => {
    const t = transport();
    await t(`${base}/a`, { headers: { 'X-One': '1' } });
    await t(`${base}/a`, { headers: new Headers({ 'X-One': '2' }) });
    await t(`${base}/a`, { headers: [['X-One', '3']] });
    expect(seen.map((h) => h['x-one'])).toEqual(['1', '2', '3']);
  });

  it('sends Uint8Array and URLSearchParams bodies with their byte length', async () => {
    const t = transport();
    await t(`${base}/a`, { method: 'POST', body: new TextEncoder().encode('ü') });
    await t(`${base}/a`, { method: 'POST', body: new URLSearchParams({ a: 'b c' }) });
    await t(`${base}/a`, { method: 'POST' });
    expect(seen.map((h) => h['content-length'])).toEqual(['2', '5', '0']);
  });

  it('refuses a body it cannot send, and a non-http URL, with a TypeError saying what to do', async () => {
    const t = transport();
    await expect(t(`${base}/a`, { method: 'POST', body: new Blob(['x']) })).rejects.toThrow(
      /string, Uint8Array or URLSearchParams bodies only; serialise the body first/,
    );
    await expect(t('ftp://127.0.0.1/a')).rejects.toThrow(/http: and https: URLs only \(got ftp:\)/);
    expect(seen).toHaveLength(0);
  });

  it('answers with a Response-like object: ok, statusText, url, headers, text, json, arrayBuffer', async () => {
    const t = transport();
    const res = await t(`${base}/a?x=1`);
    expect(res.ok).toBe(true);
    expect(res.statusText).toBe('OK');
    expect(res.url).toBe(`${base}/a?x=1`);
    expect(res.headers.has('Content-Type')).toBe(true);
    const names: string[] = [];
    res.headers.forEach((_value, name) => {
      names.push(name);
    });
    expect(names).toContain('content-type');
    expect(new TextDecoder().decode(await res.arrayBuffer())).toBe('{"ok":true}');
    expect(await res.text()).toBe('{"ok":true}');
  });
});

describe('createNodeTransport: https', () => {
  // No certificates here, so no successful TLS exchange is tested; these show the https branch runs node:https.
  it('speaks TLS to an https URL (a plain-http server fails the handshake instead of answering)', async () => {
    const t = transport();
    const error = await send(t, `https://127.0.0.1:${new URL(base).port}/a`, { method: 'GET' }, 5000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TransportFailure);
    expect((error as TransportFailure).errorCode).toMatch(/^ERR_SSL_|^EPROTO$/);
    expect(seen).toHaveLength(0);
  });

  it('an https connection that is refused is kind "refused"', async () => {
    const t = transport({ keepAlive: false });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await send(t, `https://127.0.0.1:${port}/a`, { method: 'GET' }, 5000).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as TransportFailure).kind).toBe('refused');
  });
});
