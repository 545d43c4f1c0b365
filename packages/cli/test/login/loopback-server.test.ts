import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Loopback } from '../../src/login/loopback-server.js';
import { isLoopbackHost, startLoopback } from '../../src/login/loopback-server.js';

/*
 * The `auth login` redirect target follows the rules of every local server (README "Safety" in the emulator):
 * Host check, GET only, no body, no CORS. node:http sends exactly the Host given, which fetch cannot.
 */

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<Reply>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

let loopback: Loopback;
beforeEach(async () => {
  loopback = await startLoopback(0);
});
afterEach(() => loopback.close());

const callback = '/callback?code=c&state=s';

describe('loopback server', () => {
  it('refuses a rebound or look-alike Host with 403 and does not take the callback', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${loopback.port}`,
      `127.0.0.1.evil.example:${loopback.port}`,
      'localhost.evil.example',
      'user@127.0.0.1',
    ]) {
      const reply = await send(loopback.port, 'GET', callback, { host });
      expect([400, 403], host).toContain(reply.status);
    }
    const real = loopback.next(5_000);
    const answered = send(loopback.port, 'GET', callback, { host: `LOCALHOST:${loopback.port}` });
    const taken = await real;
    expect(taken.params.get('code')).toBe('c');
    await taken.respond(200, 'Done', 'ok');
    expect((await answered).status).toBe(200);
  });

  it('answers GET only (405 with Allow), refuses a body (413), and sends no CORS headers', async () => {
    const host = `127.0.0.1:${loopback.port}`;
    const post = await send(loopback.port, 'POST', callback, { host, origin: 'http://evil.example' }, 'x=1');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET');
    const preflight = await send(loopback.port, 'OPTIONS', callback, {
      host,
      origin: 'http://evil.example',
      'access-control-request-method': 'GET',
    });
    expect(preflight.status).toBe(405);
    const withBody = await send(loopback.port, 'GET', callback, { host, 'content-length': '3' }, 'x=1');
    expect(withBody.status).toBe(413);
    const other = await send(loopback.port, 'GET', '/elsewhere', { host, origin: 'http://evil.example' });
    expect(other.status).toBe(404);
    for (const reply of [post, preflight, withBody, other]) {
      expect(Object.keys(reply.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('isLoopbackHost matches 127.0.0.1 and localhost, any case and port, and nothing else', () => {
    expect(isLoopbackHost('127.0.0.1:53682')).toBe(true);
    expect(isLoopbackHost('LocalHost')).toBe(true);
    for (const host of [undefined, '', '127.0.0.2', '127.0.0.1.nip.io', 'localhost:x', '[::1]', 'a@localhost']) {
      expect(isLoopbackHost(host), String(host)).toBe(false);
    }
  });
});
