/**
 * The OAuth redirect target for `auth login`: an HTTP server on 127.0.0.1 that waits for one
 * `GET /callback?code=…&location=…&accounts-server=…&state=…`. The browser's request is held open until the
 * login is decided, so the page it shows says whether it worked. Loaded only by `auth login`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CALLBACK_PATH = '/callback';

export interface Callback {
  params: URLSearchParams;
  /** Answers the browser with a small HTML page. */
  respond(status: number, title: string, text: string): Promise<void>;
}

export interface Loopback {
  port: number;
  redirectUri: string;
  /** Resolves with the first callback; rejects after `timeoutMs`. */
  next(timeoutMs: number): Promise<Callback>;
  close(): Promise<void>;
}

export async function startLoopback(port: number): Promise<Loopback> {
  let deliver: ((callback: Callback) => void) | undefined;
  let pending: Callback | undefined;
  let taken = false;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    // A page the user visits may aim requests at this port, and with DNS rebinding read the answers; only the
    // browser following Zoho's redirect, addressed to 127.0.0.1 or localhost, gets through (no CORS either).
    if (!isLoopbackHost(req.headers.host)) {
      page(res, 403, 'Wrong host', 'This server only answers requests addressed to 127.0.0.1 or localhost.');
      return;
    }
    if (req.method !== 'GET') {
      page(res, 405, 'Method not allowed', 'This server only receives the Zoho login callback, a GET.', {
        allow: 'GET',
      });
      return;
    }
    if (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0) {
      page(res, 413, 'Body not accepted', 'The Zoho login callback carries no body.');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== CALLBACK_PATH) {
      page(res, 404, 'Not found', 'This server only receives the Zoho login callback.');
      return;
    }
    if (taken) {
      page(
        res,
        409,
        'Login already handled',
        'This login has already received a callback. Run zohokit auth login again.',
      );
      return;
    }
    taken = true;
    const callback: Callback = {
      params: url.searchParams,
      respond: (status, title, text) =>
        new Promise((resolve) => {
          page(res, status, title, text);
          res.once('finish', () => resolve());
          res.once('close', () => resolve());
        }),
    };
    if (deliver) deliver(callback);
    else pending = callback;
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;

  return {
    port: bound,
    redirectUri: `http://127.0.0.1:${bound}${CALLBACK_PATH}`,
    next: (timeoutMs) =>
      new Promise<Callback>((resolve, reject) => {
        if (pending) {
          resolve(pending);
          return;
        }
        const timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
        deliver = (callback) => {
          clearTimeout(timer);
          resolve(callback);
        };
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** `127.0.0.1` or `localhost`, any case, any port; anything else (`127.0.0.1.evil.example`) is refused. */
export function isLoopbackHost(host: string | undefined): boolean {
  const match = /^([^\s:/?#@[\]\\]+)(?::\d{1,5})?$/.exec(host ?? '');
  const name = match?.[1]?.toLowerCase();
  return name === '127.0.0.1' || name === 'localhost';
}

function page(
  res: ServerResponse,
  status: number,
  title: string,
  text: string,
  extraHeaders: Record<string, string> = {},
): void {
  const body = `<!doctype html><html><head><meta charset="utf-8"><title>zohokit: ${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // The page is reached with the grant code in its URL: do not leak it to anything the page might load.
    'referrer-policy': 'no-referrer',
    connection: 'close',
    ...extraHeaders,
  });
  res.end(body);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
