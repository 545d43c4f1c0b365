import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { EmulatorEnv } from '../connection.js';
import type { ResolvedEmulatorOptions } from '../options.js';
import { isControlPath } from '../route-key.js';
import { createHostCheck } from './allowed-hosts.js';

/*
 * What keeps a web page the user happens to visit from steering the emulator or reading what it holds
 * (README "Safety"): the Host check stops DNS rebinding; the control API refuses cross-origin writes and any
 * write body that is not JSON, so neither a cross-site form nor a `text/plain` fetch (the requests a page may
 * send without a CORS preflight) reaches it; and no route answers with CORS headers, so a preflight always fails.
 * The Zoho routes keep taking forms: servers, not browsers, call them, and their tokens guard them.
 */

const plain = (status: number, text: string): Response =>
  new Response(`${text}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' },
  });

const controlRefusal = (status: number, error: string): Response => Response.json({ error }, { status });

const READ_METHODS = new Set(['GET', 'HEAD']);

/** `Sec-Fetch-Site` values a browser sends for the emulator's own page, or for a typed URL / bookmark. */
const OWN_FETCH_SITES = new Set(['same-origin', 'none']);

/** Media type of a Content-Type header, lower case, without parameters; '' when absent. */
function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Whether a request carries a body (a declared length above 0, or a chunked one). */
function hasBody(headers: Headers): boolean {
  if (headers.has('transfer-encoding')) return true;
  const length = headers.get('content-length');
  return length !== null && length.trim() !== '0';
}

/**
 * Same origin means the scheme, host and port the request was addressed to; the Host header has passed the
 * Host check by then. Compared through URL so default ports and case do not matter.
 */
function isOwnOrigin(origin: string, hostHeader: string): boolean {
  try {
    const from = new URL(origin);
    if (from.origin === 'null' || (from.protocol !== 'http:' && from.protocol !== 'https:')) return false;
    return from.host === new URL(`${from.protocol}//${hostHeader}`).host;
  } catch {
    return false;
  }
}

/** Host check for every route; origin and content-type rules for control-API writes. */
export function requestGuard(options: ResolvedEmulatorOptions): MiddlewareHandler<EmulatorEnv> {
  const hostAllowed = createHostCheck(options.host, options.allowedHosts);
  return async (c, next) => {
    // In-process (`app.request`) there may be no Host header; the URL's host is what was addressed.
    const host = c.req.header('host') ?? new URL(c.req.url).host;
    if (!hostAllowed(host)) {
      return plain(
        403,
        `@zohokit/emulator: Host '${host.slice(0, 100)}' is not allowed (DNS-rebinding guard). The emulator ` +
          `answers to IP addresses, localhost, its bind address and Zoho's host names; add another name with ` +
          `the 'allowedHosts' option.`,
      );
    }
    if (isControlPath(c.req.path) && !READ_METHODS.has(c.req.method)) {
      const site = c.req.header('sec-fetch-site')?.toLowerCase();
      const origin = c.req.header('origin');
      if ((site !== undefined && !OWN_FETCH_SITES.has(site)) || (origin !== undefined && !isOwnOrigin(origin, host))) {
        return controlRefusal(
          403,
          `cross-origin ${c.req.method} to the control API refused (Origin ${origin?.slice(0, 100) ?? '(none)'}, ` +
            `Sec-Fetch-Site ${site ?? '(none)'}): only the emulator's own page and non-browser clients may change it`,
        );
      }
      const type = mediaType(c.req.header('content-type'));
      if (type !== 'application/json' && (type !== '' || hasBody(c.req.raw.headers))) {
        return controlRefusal(
          415,
          `content-type: control-API writes take application/json, not ${type || 'a body without a content type'}`,
        );
      }
    }
    await next();
  };
}

/** 413 past `maxBodyBytes`, on every route; checked on the declared length, else while the body streams in. */
export function bodySizeLimit(options: ResolvedEmulatorOptions): MiddlewareHandler<EmulatorEnv> {
  return bodyLimit({
    maxSize: options.maxBodyBytes,
    onError: () =>
      plain(
        413,
        `@zohokit/emulator: request body larger than ${options.maxBodyBytes} bytes; raise the 'maxBodyBytes' option ` +
          'if you need more.',
      ),
  });
}
