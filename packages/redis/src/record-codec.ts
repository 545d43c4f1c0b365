import type { StoredToken } from 'zohokit';

/**
 * A `StoredToken` at rest, with every time made relative to the writer's "now". The store keeps next to it the
 * moment it was written on Redis's clock; a reader adds the age measured on that same clock and rebuilds absolute
 * times with its own clock. So each process sees the true remaining lifetime whatever its clock says: a reader
 * whose clock runs 2 s fast does not see the token as 2 s closer to expiry (no early-refresh storm), and one whose
 * clock runs slow does not keep a token Zoho has already expired.
 */
interface WireRecord {
  v: 1;
  accessToken?: string | undefined;
  apiDomain?: string | undefined;
  scope?: string[] | undefined;
  expiresInMs: number;
  obtainedAgoMs: number;
  refreshesAgoMs?: number[] | undefined;
  blockedForMs?: number | undefined;
}

export function encodeRecord(record: StoredToken, now: number): string {
  const wire: WireRecord = {
    v: 1,
    accessToken: record.accessToken,
    apiDomain: record.apiDomain,
    scope: record.scope,
    expiresInMs: record.expiresAt - now,
    obtainedAgoMs: now - record.obtainedAt,
    refreshesAgoMs: record.refreshes?.map((t) => now - t),
    blockedForMs: record.blockedUntil === undefined ? undefined : record.blockedUntil - now,
  };
  return JSON.stringify(wire);
}

/** `ageMs`: time since the write, on Redis's clock. `now`: the reader's clock. */
export function decodeRecord(json: string, now: number, ageMs: number): StoredToken {
  const wire = JSON.parse(json) as Partial<WireRecord>;
  if (wire.v !== 1 || typeof wire.expiresInMs !== 'number' || typeof wire.obtainedAgoMs !== 'number') {
    throw new Error('not a zohokit token record (version 1)');
  }
  const at = now - Math.max(0, ageMs);
  const record: StoredToken = {
    expiresAt: at + wire.expiresInMs,
    obtainedAt: at - wire.obtainedAgoMs,
  };
  if (wire.accessToken !== undefined) record.accessToken = wire.accessToken;
  if (wire.apiDomain !== undefined) record.apiDomain = wire.apiDomain;
  if (wire.scope !== undefined) record.scope = wire.scope;
  if (wire.refreshesAgoMs !== undefined) record.refreshes = wire.refreshesAgoMs.map((ago) => at - ago);
  if (wire.blockedForMs !== undefined) record.blockedUntil = at + wire.blockedForMs;
  return record;
}

/** How long Redis keeps an entry: the token's life or the throttle block, plus an hour for the refresh budget. */
export function retentionMs(record: StoredToken, now: number): number {
  const live = Math.max(0, record.expiresAt - now, (record.blockedUntil ?? 0) - now);
  return Math.ceil(live) + 3_600_000;
}
