/**
 * `addlistsubscribersinbulk` takes at most 10 addresses per call (zoho-api.md §3.3), so any number of
 * addresses becomes a run of chunks. A few chunks are in flight at once (real calls take a few hundred ms, so
 * one at a time would leave most of the window unused), all through the Campaigns window limiter;
 * a chunk that fails for its own reasons (an address Zoho rejects, a 5xx) is reported and the run goes on.
 * A failure every later chunk would share too (lock-out 2101, a rejected token or scope, an unknown list)
 * stops the run: the rest is reported `not_attempted`, so the caller can resume it later.
 */

import { isZohoError, type ZohoError } from '../../errors.js';
import type { InputCheck } from '../validate.js';
import type { CampaignsApi } from './campaigns-api.js';
import type { BulkAddChunkResult, BulkAddInput, BulkAddResult } from './types.js';

/** Addresses per bulk-add call: Zoho's maximum. */
export const BULK_CHUNK = 10;
/** Default number of bulk-add calls in flight (option `concurrency`). */
export const BULK_CONCURRENCY = 4;
const STOPS_THE_RUN = new Set(['rate_limit', 'auth', 'permission', 'not_found', 'config']);

/**
 * A failure every later chunk would share: a lock-out, a rejected token or scope, an unknown list, the
 * caller's abort, or a refused connection (nothing listens there: no chunk can reach Zoho until it is back).
 */
export function stopsTheRun(error: ZohoError): boolean {
  return (
    STOPS_THE_RUN.has(error.kind) ||
    error.code === 'aborted' ||
    (error.kind === 'connection' && error.code === 'refused')
  );
}

export async function bulkAdd(api: CampaignsApi, check: InputCheck, input: BulkAddInput): Promise<BulkAddResult> {
  const o = check.object(input);
  check.known(o, ['listKey', 'emails', 'concurrency', 'signal', 'onChunk']);
  const listkey = check.id(o.listKey, 'listKey');
  if (!Array.isArray(o.emails) || o.emails.length === 0) throw check.fail('emails', 'must be a non-empty list');
  // Every address is checked before the first call: a typo must not leave half a list imported.
  const emails = o.emails.map((email, i) => check.email(email, `emails[${i}]`));
  const concurrency =
    o.concurrency === undefined ? BULK_CONCURRENCY : check.integer(o.concurrency, 'concurrency', 1, 10);
  if (o.onChunk !== undefined && typeof o.onChunk !== 'function') throw check.fail('onChunk', 'must be a function');
  const onChunk = input.onChunk;

  const chunks: BulkAddChunkResult[] = [];
  for (let start = 0; start < emails.length; start += BULK_CHUNK) {
    chunks.push({
      chunk: chunks.length,
      emails: emails.slice(start, start + BULK_CHUNK),
      status: 'not_attempted',
      ok: false,
    });
  }
  let next = 0;
  let stopped = false;
  // Workers take chunks in order; once a run-stopping failure is seen no new chunk starts (those already in
  // flight finish and report their own outcome).
  const worker = async (): Promise<void> => {
    while (!stopped && next < chunks.length) {
      const chunk = chunks[next++] as BulkAddChunkResult;
      try {
        await api.write('addlistsubscribersinbulk', { listkey, emailids: chunk.emails.join(',') }, input.signal);
        chunk.status = 'added';
        chunk.ok = true;
      } catch (error) {
        if (!isZohoError(error)) {
          stopped = true;
          throw error;
        }
        chunk.status = 'failed';
        chunk.error = error;
        if (stopsTheRun(error)) stopped = true;
      }
      // The caller records the chunk (a checkpoint, a progress bar) before this worker takes the next one.
      if (onChunk && (await onChunk(chunk)) === false) stopped = true;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));

  const count = (status: BulkAddChunkResult['status']) =>
    chunks.filter((c) => c.status === status).reduce((n, c) => n + c.emails.length, 0);
  const totals = {
    chunks: chunks.length,
    emails: emails.length,
    added: count('added'),
    failed: count('failed'),
    notAttempted: count('not_attempted'),
  };
  return { ok: totals.added === totals.emails, chunks, totals };
}
