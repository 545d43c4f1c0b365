import type { Context } from 'hono';
import { deskUrlNotFound } from './desk-errors.js';

/*
 * All products share one port. Desk is `/api/v1/...` (Campaigns is `/api/v1.1/...`), and a request addressed
 * to a Desk host (`desk.zoho.com`, `desk.zoho.eu`, ... zoho-api.md §2.1) is Desk whatever its path, so a client
 * pointed at the emulator through a Desk host name gets Desk's envelope for a wrong URL too.
 */

export const DESK_PREFIX = '/api/v1';

export function isDeskApiPath(path: string): boolean {
  return path === DESK_PREFIX || path.startsWith(`${DESK_PREFIX}/`);
}

export function isDeskHost(host: string | undefined): boolean {
  return /^desk\./i.test(host ?? '');
}

export function isDeskRequest(c: Context): boolean {
  return isDeskApiPath(c.req.path) || isDeskHost(c.req.header('host'));
}

/** The app's not-found answer for Desk requests; null for everything else. */
export function deskNotFoundFor(c: Context): Response | null {
  return isDeskRequest(c) ? deskUrlNotFound() : null;
}
