import type { EmulatorHandle } from '@zohokit/emulator';
import { createEmulatorApp, startEmulator } from '@zohokit/emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { selfClientTokens } from '../support/helpers.js';
import { rawRequest } from '../support/http-raw.js';

/*
 * README "Safety": a web page the user visits must not steer the emulator (cross-site writes) or read it
 * (DNS rebinding). Every case goes over real HTTP with node:http, which sends exactly the headers given.
 */

let emu: EmulatorHandle;
beforeEach(async () => {
  emu = await startEmulator();
});
afterEach(() => emu.close());

const JSON_TYPE = { 'content-type': 'application/json' };
const newClient = JSON.stringify({ type: 'self' });
const own = () => new URL(emu.url).host;

async function clientCount(): Promise<number> {
  return (await emu.control.listClients()).length;
}

describe('the two reported attacks (regression)', () => {
  it('a rebound page (Host and Origin evil.example) cannot create a client or read its secret', async () => {
    const reply = await rawRequest(emu.url, {
      method: 'POST',
      path: '/__emulator/clients',
      headers: { host: `evil.example:${emu.port}`, origin: `http://evil.example:${emu.port}`, ...JSON_TYPE },
      body: newClient,
    });
    expect(reply.status).toBe(403);
    expect(reply.text).toContain("Host 'evil.example");
    expect(reply.text).toContain("'allowedHosts'");
    expect(reply.text).not.toMatch(/clientSecret/);
    expect(await clientCount()).toBe(0);
  });

  it('a text/plain POST (sent by a page without a preflight) cannot create a client', async () => {
    const reply = await rawRequest(emu.url, {
      method: 'POST',
      path: '/__emulator/clients',
      headers: { host: own(), 'content-type': 'text/plain;charset=UTF-8' },
      body: newClient,
    });
    expect(reply.status).toBe(415);
    expect(JSON.parse(reply.text)).toEqual({
      error: 'content-type: control-API writes take application/json, not text/plain',
    });
    expect(await clientCount()).toBe(0);
  });
});

describe('Host check', () => {
  const hostStatus = async (host: string, path = '/__emulator/counters') =>
    (await rawRequest(emu.url, { path, headers: { host } })).status;

  it('answers to loopback names and addresses, any port, any case', async () => {
    for (const host of [
      own(),
      '127.0.0.1',
      `LOCALHOST:${emu.port}`,
      'localhost.',
      'app.localhost:1234',
      `[::1]:${emu.port}`,
      '192.168.1.20:80',
    ]) {
      expect(await hostStatus(host), host).toBe(200);
    }
  });

  it("answers to Zoho's host names (hosts-file aliases), for every data centre", async () => {
    for (const host of [
      'accounts.zoho.com',
      'ACCOUNTS.ZOHO.EU:443',
      'desk.zoho.in',
      'desk.zoho.com.au',
      'campaigns.zoho.jp',
      'www.zohoapis.com',
      'www.zohoapis.ca',
      'accounts.zohocloud.ca',
      'accounts.zoho.sa',
    ]) {
      expect(await hostStatus(host), host).toBe(200);
    }
  });

  it('refuses DNS-rebinding names, look-alikes and malformed Hosts with 403 on every route', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${emu.port}`,
      '127.0.0.1.evil.example',
      `127.0.0.1.nip.io:${emu.port}`,
      'localhost.evil.example',
      'accounts.zoho.com.evil.example',
      'evilzoho.com',
      'zoho.com',
    ]) {
      for (const path of ['/__emulator/counters', '/', '/oauth/v2/token', '/api/v1/tickets']) {
        expect(await hostStatus(host, path), `${host} ${path}`).toBe(403);
      }
    }
    // Malformed Hosts: refused by the guard (403) or already by the HTTP layer (400), never served.
    for (const host of ['user@127.0.0.1', '127.0.0.1/x', '[::1', '[not-ipv6]', '127.0.0.1:port']) {
      expect([400, 403], host).toContain(await hostStatus(host));
    }
  });

  it('checks the Zoho routes too, and keeps refused requests out of the request log and counters', async () => {
    const reply = await rawRequest(emu.url, {
      method: 'POST',
      path: '/oauth/v2/token',
      headers: { host: 'rebind.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=refresh_token',
    });
    expect(reply.status).toBe(403);
    expect(reply.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(await emu.control.requests()).toEqual([]);
    expect((await emu.control.counters()).requests).toEqual({});
  });

  it('allowedHosts adds exact names and .suffix patterns; true allows any Host', async () => {
    await emu.close();
    emu = await startEmulator({ allowedHosts: ['dev.example.test', '.lan'] });
    expect(await hostStatus('DEV.example.test:8080')).toBe(200);
    expect(await hostStatus('lan')).toBe(200);
    expect(await hostStatus('box.office.lan')).toBe(200);
    expect(await hostStatus('other.example.test')).toBe(403);
    expect(await hostStatus('dev.example.test.evil.example')).toBe(403);
    expect(await hostStatus('evillan')).toBe(403);
    await emu.close();
    emu = await startEmulator({ allowedHosts: true });
    expect(await hostStatus('anything.example')).toBe(200);
  });

  it('validates allowedHosts', () => {
    for (const bad of ['http://x.test', 'x.test:80', '*.x.test', '', 'a b', 'x.test/']) {
      expect(() => createEmulatorApp({ allowedHosts: [bad] }), bad).toThrow(
        /@zohokit\/emulator: option 'allowedHosts\.0': must be a host name without scheme or port/,
      );
    }
    expect(() => createEmulatorApp({ allowedHosts: false as never })).toThrow(/option 'allowedHosts'/);
  });

  it('the bind address answers when it is a name', async () => {
    await emu.close();
    emu = await startEmulator({ host: 'localhost' });
    expect(await hostStatus(`localhost:${emu.port}`)).toBe(200);
  });
});

describe('cross-origin writes to the control API', () => {
  const write = (headers: Record<string, string>, path = '/__emulator/clients', method = 'POST') =>
    rawRequest(emu.url, { method, path, headers: { host: own(), ...JSON_TYPE, ...headers }, body: newClient });

  it('refuses a foreign Origin, a null Origin and Sec-Fetch-Site cross-site or same-site', async () => {
    const attempts: Array<Record<string, string>> = [
      { origin: 'http://evil.example' },
      { origin: `http://localhost:${emu.port + 1}` },
      { origin: `https://${own()}.evil.example` },
      { origin: 'null' },
      { origin: 'file://' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: `http://${own()}`, 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of attempts) {
      const reply = await write(headers);
      expect(reply.status, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(reply.text).error).toMatch(/^cross-origin POST to the control API refused/);
    }
    expect(await clientCount()).toBe(0);
  });

  it("refuses the inspector's actions and every write method from another origin", async () => {
    const evil = { origin: 'http://evil.example' };
    expect((await write(evil, '/__emulator/tokens/rt_1/revoke')).status).toBe(403);
    expect((await write(evil, '/__emulator/reset')).status).toBe(403);
    expect((await write(evil, '/__emulator/faults', 'DELETE')).status).toBe(403);
    expect((await write(evil, '/__emulator/requests', 'DELETE')).status).toBe(403);
    expect((await write(evil, '/__emulator/clients', 'OPTIONS')).status).toBe(403);
  });

  it("accepts the emulator's own page (same Origin, Sec-Fetch-Site same-origin) and non-browser clients", async () => {
    expect((await write({ origin: `http://${own()}`, 'sec-fetch-site': 'same-origin' })).status).toBe(201);
    expect((await write({ origin: `http://${own().toUpperCase()}` })).status).toBe(201);
    expect((await write({ 'sec-fetch-site': 'none' })).status).toBe(201);
    expect((await write({})).status).toBe(201);
    expect(await clientCount()).toBe(4);
  });

  it('lets cross-origin pages read nothing and answers no CORS headers, preflights included', async () => {
    const preflight = await rawRequest(emu.url, {
      method: 'OPTIONS',
      path: '/__emulator/clients',
      headers: {
        host: own(),
        origin: 'http://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    const zohoPreflight = await rawRequest(emu.url, {
      method: 'OPTIONS',
      path: '/oauth/v2/token',
      headers: { host: own(), origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    const read = await rawRequest(emu.url, {
      path: '/__emulator/clients',
      headers: { host: own(), origin: 'http://evil.example' },
    });
    const page = await rawRequest(emu.url, { path: '/', headers: { host: own(), origin: 'http://evil.example' } });
    for (const reply of [preflight, zohoPreflight, read, page]) {
      const corsHeaders = Object.keys(reply.headers).filter((name) => name.startsWith('access-control-'));
      expect(corsHeaders).toEqual([]);
    }
    expect(preflight.status).toBe(403);
    expect(read.status).toBe(200);
  });
});

describe('control-API writes take JSON only', () => {
  const post = (headers: Record<string, string>, body?: string, path = '/__emulator/clients') =>
    rawRequest(emu.url, { method: 'POST', path, headers: { host: own(), ...headers }, body });

  it('refuses form, multipart, text and typeless bodies with 415', async () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ 'content-type': 'application/x-www-form-urlencoded' }, 'type=self'],
      [
        { 'content-type': 'multipart/form-data; boundary=x' },
        '--x\r\nContent-Disposition: form-data; name="type"\r\n\r\nself\r\n--x--\r\n',
      ],
      [{ 'content-type': 'text/plain' }, newClient],
      [{ 'content-type': 'application/jsonx' }, newClient],
      [{}, newClient],
    ];
    for (const [headers, body] of cases) {
      const reply = await post(headers, body);
      expect(reply.status, JSON.stringify(headers)).toBe(415);
      expect(JSON.parse(reply.text).error).toMatch(/^content-type: control-API writes take application\/json/);
    }
    expect(await clientCount()).toBe(0);
  });

  it('takes application/json with parameters, and bodyless writes without a content type', async () => {
    expect((await post({ 'content-type': 'Application/JSON; charset=utf-8' }, newClient)).status).toBe(201);
    expect((await post({}, undefined, '/__emulator/counters/reset')).status).toBe(200);
    expect((await post({ 'content-type': 'text/plain' }, undefined, '/__emulator/counters/reset')).status).toBe(415);
  });

  it('leaves the Zoho routes taking forms and multipart, as real clients send them', async () => {
    const { client, refreshToken } = await selfClientTokens(emu);
    const form = `grant_type=refresh_token&client_id=${client.clientId}&client_secret=${client.clientSecret}&refresh_token=${refreshToken}`;
    const reply = await rawRequest(emu.url, {
      method: 'POST',
      path: '/oauth/v2/token',
      headers: { host: 'accounts.zoho.com', 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.text).access_token).toMatch(/^1000\./);
  });
});

describe('body size limit', () => {
  beforeEach(async () => {
    await emu.close();
    emu = await startEmulator({ maxBodyBytes: 1024 });
  });

  it('answers 413 past maxBodyBytes on control and Zoho routes, declared or chunked', async () => {
    const big = JSON.stringify({ type: 'self', name: 'x'.repeat(2000) });
    for (const chunked of [false, true]) {
      for (const [path, type] of [
        ['/__emulator/clients', 'application/json'],
        ['/oauth/v2/token', 'application/x-www-form-urlencoded'],
        ['/api/v1/tickets', 'application/json'],
      ] as const) {
        const reply = await rawRequest(emu.url, {
          method: 'POST',
          path,
          headers: { host: own(), 'content-type': type },
          body: big,
          chunked,
        });
        expect(reply.status, `${path} chunked=${chunked}`).toBe(413);
        expect(reply.text).toContain("'maxBodyBytes'");
      }
    }
    expect(await clientCount()).toBe(0);
  });

  it('takes a body up to the limit, chunked too', async () => {
    const body = `{"type":"self"${' '.repeat(1000)}}`;
    expect(body.length).toBe(1015);
    const reply = await rawRequest(emu.url, {
      method: 'POST',
      path: '/__emulator/clients',
      headers: { host: own(), ...JSON_TYPE },
      body,
      chunked: true,
    });
    expect(reply.status).toBe(201);
  });

  it('validates maxBodyBytes', () => {
    expect(() => createEmulatorApp({ maxBodyBytes: 0 })).toThrow(/option 'maxBodyBytes'/);
    expect(() => createEmulatorApp({ maxBodyBytes: 1.5 })).toThrow(/option 'maxBodyBytes'/);
  });
});
