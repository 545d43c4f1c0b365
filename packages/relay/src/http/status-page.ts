/**
 * The status page at `/`: hand-written HTML, native ES modules and one CSS file (src/http/status-page/), the
 * emulator inspector's house style. The page and its files hold no data, so they are served without a key; the
 * data comes from the admin endpoints, which the page calls with the secret key the operator types in
 * (`Authorization: Bearer`, kept in sessionStorage). The Content-Security-Policy allows this origin only: no CDN,
 * no inline script, no form posts, no framing.
 *
 * How the files travel: from source (tests, tsx) they are read from the folder beside this module; a build
 * (this package's tsup, and the CLI's, which bundles the relay's sources) inlines them as one JSON string under
 * `__ZOHOKIT_RELAY_STATUS_PAGE__` (see status-page-assets.ts at the package root), so a bundle needs no files
 * beside it and cannot serve a page older than its code.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';

declare const __ZOHOKIT_RELAY_STATUS_PAGE__: string | undefined;

export const STATUS_PAGE_PREFIX = '/status-page';

/** What is served, by extension; anything else in the folder (its tsconfig.json) is not. */
export const STATUS_PAGE_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export const STATUS_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-cache',
};

const typeOf = (name: string): string | undefined =>
  Object.hasOwn(STATUS_PAGE_TYPES, extname(name)) ? STATUS_PAGE_TYPES[extname(name)] : undefined;

/** The page's files by name: inlined by the build, or read from the source folder. */
export function loadStatusPage(): ReadonlyMap<string, string> {
  if (typeof __ZOHOKIT_RELAY_STATUS_PAGE__ === 'string') {
    return new Map(Object.entries(JSON.parse(__ZOHOKIT_RELAY_STATUS_PAGE__) as Record<string, string>));
  }
  const dir = fileURLToPath(new URL('./status-page/', import.meta.url));
  const files = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    if (typeOf(name) !== undefined) files.set(name, readFileSync(join(dir, name), 'utf8'));
  }
  return files;
}

function serve(files: ReadonlyMap<string, string>, name: string): Response {
  const body = files.get(name);
  const type = typeOf(name);
  if (body === undefined || type === undefined) {
    return Response.json(
      { error: { code: 'not_found', message: `No status page file ${JSON.stringify(name.slice(0, 100))}` } },
      { status: 404 },
    );
  }
  return new Response(body, { headers: { 'content-type': type, ...STATUS_PAGE_HEADERS } });
}

// biome-ignore lint/suspicious/noExplicitAny: the intake's app, whatever its env.
export function registerStatusPage(app: Hono<any>): void {
  const files = loadStatusPage();
  app.get('/', () => serve(files, 'index.html'));
  app.get(`${STATUS_PAGE_PREFIX}/:file`, (c) => serve(files, c.req.param('file')));
}
