/** `serveIntake(app, { host, port })`: the intake on a node:http server, 127.0.0.1 unless told otherwise. */

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Hono } from 'hono';

export interface ServeIntakeOptions {
  /** Default 127.0.0.1: only this machine. Another address exposes the intake; put TLS in front of it. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
}

export interface ServedIntake {
  /** `http://127.0.0.1:<port>` (a wildcard bind reports loopback). */
  url: string;
  /** Stops listening and ends open connections. Idempotent. */
  close(): Promise<void>;
}

// biome-ignore lint/suspicious/noExplicitAny: any Hono app, whatever its env.
export function serveIntake(app: Hono<any>, options: ServeIntakeOptions): Promise<ServedIntake> {
  const host = options.host ?? '127.0.0.1';
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host }) as Server;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
      let closed: Promise<void> | undefined;
      resolve({
        url: `http://${shown}:${port}`,
        close() {
          closed ??= new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          });
          return closed;
        },
      });
    });
  });
}
