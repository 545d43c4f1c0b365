import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';

/*
 * The inspector page: hand-written HTML, native ES modules (the browser follows their `import`s) and one CSS
 * file, shipped as files with the package (src/inspector/assets, copied to dist/inspector by tsup) and read once
 * when the app is created. No build step for the user, and no request leaves the emulator: the
 * Content-Security-Policy allows this origin only, which covers module imports too.
 */

export const INSPECTOR_ASSET_PREFIX = '/__emulator/inspector';

/**
 * What is served, by extension: every file of the assets folder with one of these. Anything else there (the
 * type-check's tsconfig.json, describe-fault.d.ts) is not, and a module must be text/javascript or the
 * browser refuses it.
 */
const ASSET_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const typeOf = (name: string): string | undefined =>
  Object.hasOwn(ASSET_TYPES, extname(name)) ? ASSET_TYPES[extname(name)] : undefined;

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

/** `GET /` (and `HEAD /`) is the page; any other method on `/` is an unknown Zoho path like any other. */
export function isInspectorPage(method: string, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && path === '/';
}

/**
 * The assets folder: beside this file when running from source (src/inspector/assets), or `inspector/` beside
 * the bundle when running from dist (dist/index.js → dist/inspector).
 */
export function findAssetsDir(): string | null {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'assets'), join(here, 'inspector'), join(here, '..', 'src', 'inspector', 'assets')];
  return candidates.find((dir) => existsSync(join(dir, 'index.html'))) ?? null;
}

export type InspectorAssets = ReadonlyMap<string, string>;

/** Reads every asset; an empty map when they cannot be found (the page then says so, the emulator still works). */
export function loadInspectorAssets(dir = findAssetsDir()): InspectorAssets {
  const assets = new Map<string, string>();
  if (!dir) return assets;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile() || typeOf(entry.name) === undefined) continue;
    try {
      assets.set(entry.name, readFileSync(join(dir, entry.name), 'utf8'));
    } catch {
      // Unreadable: answered 404 below like a missing file.
    }
  }
  return assets;
}

function serve(assets: InspectorAssets, name: string): Response {
  const body = assets.get(name);
  const type = typeOf(name);
  if (body === undefined || type === undefined) {
    if (name === 'index.html') {
      return new Response(
        '@zohokit/emulator: the inspector page was not found (src/inspector/assets or dist/inspector). The emulator and its control API still work.\n',
        { status: 500, headers: { 'Content-Type': 'text/plain; charset=utf-8' } },
      );
    }
    return Response.json({ error: `no inspector asset '${name}'` }, { status: 404 });
  }
  return new Response(body, { headers: { 'Content-Type': type, ...SECURITY_HEADERS } });
}

export function registerInspectorPage(app: Hono<EmulatorEnv>, assets: InspectorAssets): void {
  app.get('/', () => serve(assets, 'index.html'));
  app.get(INSPECTOR_ASSET_PREFIX, () => serve(assets, 'index.html'));
  app.get(`${INSPECTOR_ASSET_PREFIX}/`, () => serve(assets, 'index.html'));
  app.get(`${INSPECTOR_ASSET_PREFIX}/:file`, (c) => serve(assets, c.req.param('file')));
}
