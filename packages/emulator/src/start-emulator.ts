import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { createEmulatorApp } from './app.js';
import { EmulatorControl } from './control-client.js';
import type { DataCenter, EmulatorOptions } from './options.js';

/** Base URLs per product. All equal `url` today; they are separate so clients are configured per product. */
export interface EmulatorEndpoints {
  accounts: string;
  api: string;
  desk: string;
  campaigns: string;
}

/** A running emulator: where it listens, the endpoints to give the SDK, its control client, and `close()`. */
export interface EmulatorHandle {
  /** e.g. `http://127.0.0.1:49321`, no trailing slash. */
  url: string;
  port: number;
  dc: DataCenter;
  endpoints: EmulatorEndpoints;
  control: EmulatorControl;
  /** Stops listening and destroys every open connection, hanging ones included. Idempotent. */
  close(): Promise<void>;
}

/** A wildcard bind address is not something a client can call; report loopback instead. */
function reachableHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

/** Starts the emulator on `host:port` (default 127.0.0.1 and a free port) and resolves once it listens. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const emulator = createEmulatorApp(options);
  const { port, host, dc } = emulator.options;
  // createAdaptorServer can build HTTP/2 servers too; without serverOptions it is a plain node:http Server.
  const server = createAdaptorServer({ fetch: emulator.app.fetch, hostname: host }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const boundPort = (server.address() as AddressInfo).port;
  const url = `http://${reachableHost(host)}:${boundPort}`;
  emulator.setBaseUrl(url);

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      emulator.stop();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    url,
    port: boundPort,
    dc,
    endpoints: { accounts: url, api: url, desk: url, campaigns: url },
    control: new EmulatorControl(url),
    close,
  };
}
