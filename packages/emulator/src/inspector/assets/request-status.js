// @ts-check
// How a logged request went, shared by the request log, its detail view and the counters.

import { badge } from './dom.js';

/** @typedef {import('./control-api.js').RequestLogEntry} RequestLogEntry */

/** An HTTP error, a Zoho error in a 200, or a dropped connection. @param {RequestLogEntry} entry */
export const isFailure = (entry) => entry.status === null || entry.status >= 400 || entry.errorCode !== null;

/** @param {RequestLogEntry} entry */
export function statusBadge(entry) {
  if (entry.status === null) return badge(entry.outcome, 'drop');
  const tone = entry.status >= 500 ? 'bad' : entry.status >= 400 ? 'warn' : entry.errorCode ? 'warn' : 'ok';
  return badge(String(entry.status), tone);
}
