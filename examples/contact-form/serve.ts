/**
 * A tiny static server for the contact form: its three files and `/config.json` (the relay's URL and a
 * publishable key), on 127.0.0.1. Any static host does the same job in production; this one exists so the example
 * runs with nothing but Node. Run alone: `RELAY_URL=… PUBLISHABLE_KEY=zr_pk_… npx tsx examples/contact-form/serve.ts`.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export interface SiteConfig {
  relayUrl: string;
  publishableKey: string;
}

export interface Site {
  url: string;
  /** The browser origin of the site: what the publishable key must list. */
  origin: string;
  close(): Promise<void>;
}

const FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/form.js': { file: 'form.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

/**
 * Serves the site. `config` is read at each request of `/config.json`, so the key can be made after the port is
 * known (its origin includes the port). The page may talk to its own origin and to the relay only.
 */
export async function serveSite(options: { port?: number; host?: string; config: () => SiteConfig | undefined }) {
  const dir = fileURLToPath(new URL('.', import.meta.url));
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://site').pathname;
    const config = options.config();
    const headers = {
      'content-security-policy': `default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self' ${config ? new URL(config.relayUrl).origin : ''}; form-action 'none'; base-uri 'none'; frame-ancestors 'none'`,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/config.json') {
      if (!config) {
        response.writeHead(503, headers).end();
        return;
      }
      response.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(config));
      return;
    }
    const entry = FILES[path];
    if (!entry) {
      response.writeHead(404, { ...headers, 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const body = await readFile(new URL(entry.file, `file://${dir}`));
    response.writeHead(200, { ...headers, 'content-type': entry.type }).end(request.method === 'HEAD' ? '' : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  const origin = `http://${address}:${port}`;
  const site: Site = {
    url: `${origin}/`,
    origin,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return site;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const relayUrl = process.env.RELAY_URL;
  const publishableKey = process.env.PUBLISHABLE_KEY;
  if (!relayUrl || !publishableKey) {
    console.error('Set RELAY_URL (e.g. http://127.0.0.1:8787) and PUBLISHABLE_KEY (a zr_pk_… key listing this origin)');
    process.exit(2);
  }
  const site = await serveSite({
    port: Number(process.env.PORT ?? 5173),
    config: () => ({ relayUrl, publishableKey }),
  });
  console.log(`contact form on ${site.url} (origin ${site.origin}); Ctrl-C stops it`);
}
