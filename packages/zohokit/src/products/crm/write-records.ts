/**
 * CRM writes of any number of records. Zoho takes at most 100 per call (docs/zoho-behaviour.md "Insert,
 * update, delete"), so the records become a run of chunks, a few in flight at once (each also waits for the
 * CRM concurrency limit). Zoho answers each record on its own — 201/200 all ok, 207 mixed, 400 none ok with
 * `{data:[errors]}` — so the result is per record, in input order: a refused record is a result carrying a
 * `ZohoValidationError`, never a throw. A failure every later chunk would share (scope, token, module, lock,
 * abort, nothing listening) stops the run; the rest is `not_attempted`, for the caller to resume.
 */

import { isRecord } from '../../body.js';
import { createZohoError, isZohoError, type ZohoError } from '../../errors.js';
import { stopsTheRun } from '../campaigns/bulk-add.js';
import type { InputCheck } from '../validate.js';
import type { CrmChunkResult, CrmRecordResult, CrmWriteOptions, CrmWriteResult } from './types.js';

/** Records per write call: Zoho's maximum. */
export const CRM_WRITE_CHUNK = 100;
/** Default write calls in flight (option `concurrency`). */
export const CRM_WRITE_CONCURRENCY = 2;

/** One record of Zoho's answer, as sent (`{code, details, message, status}`, upsert adds `action`). */
export interface RawItem {
  code?: unknown;
  details?: unknown;
  message?: unknown;
  status?: unknown;
  action?: unknown;
  duplicate_field?: unknown;
  /** Set by zohokit for a record found by its idempotency key. */
  reconciled?: boolean;
}

/** Counts the calls a run makes (replays included). */
export interface CallCounter {
  calls: number;
}

/** Sends one chunk; resolves with Zoho's per-record answer, in the chunk's order. */
export type SendChunk = (items: readonly unknown[], start: number, counter: CallCounter) => Promise<RawItem[]>;

/** Checks the options every write shares; `extra` are the operation's own keys. */
export function writeOptions(check: InputCheck, options: unknown, extra: readonly string[] = []): CrmWriteOptions {
  const o = check.object(options, 'options');
  check.known(o, ['concurrency', 'trigger', 'signal', 'onChunk', ...extra]);
  if (o.concurrency !== undefined) check.integer(o.concurrency, 'options.concurrency', 1, 10);
  if (o.onChunk !== undefined && typeof o.onChunk !== 'function')
    throw check.fail('options.onChunk', 'must be a function');
  if (o.trigger !== undefined) {
    if (!Array.isArray(o.trigger)) throw check.fail('options.trigger', 'must be a list');
    for (const [i, t] of o.trigger.entries())
      check.oneOf(t, `options.trigger[${i}]`, ['workflow', 'approval', 'blueprint']);
  }
  return o as CrmWriteOptions;
}

/** The records, checked: a non-empty list of objects. Every record is checked before the first call. */
export function recordList(check: InputCheck, records: unknown): Record<string, unknown>[] {
  const list = Array.isArray(records) ? records : [records];
  if (list.length === 0) throw check.fail('records', 'must name at least one record');
  return list.map((record, i) => ({ ...check.object(record, `records[${i}]`) }));
}

export async function writeRecords(
  check: InputCheck,
  items: readonly unknown[],
  options: CrmWriteOptions,
  send: SendChunk,
): Promise<CrmWriteResult> {
  const results: CrmRecordResult[] = items.map((_, index) => ({ index, ok: false, status: 'not_attempted' }));
  const counter: CallCounter = { calls: 0 };
  const starts: number[] = [];
  for (let start = 0; start < items.length; start += CRM_WRITE_CHUNK) starts.push(start);
  let next = 0;
  let stopped: ZohoError | undefined;
  let halted = false;

  const worker = async (): Promise<void> => {
    while (!halted && next < starts.length) {
      const chunk = next++;
      const start = starts[chunk] as number;
      const slice = items.slice(start, start + CRM_WRITE_CHUNK);
      try {
        const answer = await send(slice, start, counter);
        slice.forEach((_, i) => {
          results[start + i] = recordResult(check, start + i, answer[i]);
        });
      } catch (error) {
        if (!isZohoError(error)) {
          halted = true;
          throw error;
        }
        const perRecord = Array.isArray(error.details?.data) ? (error.details.data as unknown[]) : undefined;
        slice.forEach((_, i) => {
          const item = perRecord?.[i];
          results[start + i] = isRecord(item)
            ? recordResult(check, start + i, item)
            : { index: start + i, ok: false, status: 'error', code: error.code, message: error.summary, error };
        });
        if (!perRecord && stopsTheRun(error)) {
          stopped = error;
          halted = true;
        }
      }
      const report: CrmChunkResult = { chunk, start, records: results.slice(start, start + slice.length) };
      if (options.onChunk && (await options.onChunk(report)) === false) halted = true;
    }
  };
  const concurrency = Math.min(options.concurrency ?? CRM_WRITE_CONCURRENCY, starts.length);
  await Promise.all(Array.from({ length: concurrency }, worker));

  const count = (status: CrmRecordResult['status']) => results.filter((r) => r.status === status).length;
  return {
    records: results,
    succeeded: count('success'),
    failed: count('error'),
    notAttempted: count('not_attempted'),
    calls: counter.calls,
    stopped,
  };
}

function recordResult(check: InputCheck, index: number, item: RawItem | undefined): CrmRecordResult {
  if (!item) {
    const error = createZohoError('api', {
      message: `${check.operation}: Zoho's answer has no entry for record ${index}`,
      code: 'missing_record_result',
      product: 'api',
      fix: 'Read the record back (by its idempotency key or a search) before sending it again',
    });
    return { index, ok: false, status: 'error', code: error.code, message: error.summary, error };
  }
  const details = isRecord(item.details) ? item.details : undefined;
  const code = typeof item.code === 'string' ? item.code : undefined;
  const message = typeof item.message === 'string' ? item.message : undefined;
  const result: CrmRecordResult = {
    index,
    ok: item.status === 'success',
    status: item.status === 'success' ? 'success' : 'error',
    id: typeof details?.id === 'string' ? details.id : undefined,
    code,
    message,
    details,
  };
  if (item.action === 'insert' || item.action === 'update') result.action = item.action;
  if (typeof item.duplicate_field === 'string') result.duplicateField = item.duplicate_field;
  if (item.reconciled) result.reconciled = true;
  if (!result.ok) {
    // A refused record is the caller's to fix: it says which field (Zoho's api_name) and why.
    const field = typeof details?.api_name === 'string' ? details.api_name : undefined;
    result.error = createZohoError('validation', {
      message: `${check.operation}: record ${index} refused: ${message ?? code ?? 'error'}${field ? ` (${field})` : ''}`,
      code: code ?? 'error',
      product: 'api',
      details: { ...details, ...(field ? { fieldName: field } : {}), index },
      fix: field ? `Fix the field ${field} of record ${index} and send it again` : 'Fix the record and send it again',
      outcome: 'permanent',
    });
  }
  return result;
}
