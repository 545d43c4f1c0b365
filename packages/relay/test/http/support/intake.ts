/** An intake served on 127.0.0.1:0 over a relay of the emulator tenant, with a secret and a publishable key. */
import { request as httpRequest } from 'node:http';
import { createIntake, type IntakeOptions, type Relay, SqliteKeyStore, serveIntake } from '../../../src/index.js';
import type { RelayTenant } from '../../support/relay-tenant.js';

export const SITE = 'https://shop.example';

export interface TestIntake {
  url: string;
  relay: Relay;
  keys: SqliteKeyStore;
  /** The SQLite file of both the queue and the keys. */
  path: string;
  secret: string;
  publishable: string;
  call(path: string, init?: CallInit): Promise<Answer>;
  close(): Promise<void>;
}

export interface CallInit {
  method?: string;
  key?: string | null;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
  origin?: string;
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: tests read into the JSON.
  json: any;
  text: string;
}

export async function startIntake(
  tenant: RelayTenant,
  options: IntakeOptions & { origins?: string[]; start?: boolean } = {},
): Promise<TestIntake> {
  const { relay, path } = tenant.relay();
  if (options.start) relay.start();
  const keys = new SqliteKeyStore({ path });
  const secret = (await keys.create({ name: 'server', kind: 'secret' })).key;
  const publishable = (await keys.create({ name: 'site', kind: 'publishable', origins: options.origins ?? [SITE] }))
    .key;
  const app = createIntake({ relay, keys, options });
  const served = await serveIntake(app, { port: 0 });
  return {
    url: served.url,
    relay,
    keys,
    path,
    secret,
    publishable,
    call: (p, init = {}) => call(served.url, p, { key: secret, ...init }),
    async close() {
      await served.close();
      await relay.close({ graceMs: 0 });
      await keys.close();
    },
  };
}

export async function call(url: string, path: string, init: CallInit = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.origin) headers.origin = init.origin;
  if (init.idempotencyKey) headers['idempotency-key'] = init.idempotencyKey;
  let body: string | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${url}${path}`, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** A request with headers fetch will not send as given (Host), or a body streamed in chunks. */
export function rawRequest(
  url: string,
  options: { method: string; path: string; headers: Record<string, string>; chunks?: string[] },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${options.path}`, { method: options.method, headers: options.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    // The server may answer (413) and close before the whole body is written.
    req.on('error', (error) => reject(error));
    for (const chunk of options.chunks ?? []) req.write(chunk);
    req.end();
  });
}
