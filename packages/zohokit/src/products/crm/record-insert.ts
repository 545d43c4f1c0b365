/**
 * Insert with an optional duplicate guard, as Desk tickets have (products/desk/ticket-create.ts). A POST whose
 * outcome is unknown (reset, timeout, 5xx) is never replayed blindly: CRM may already hold the records. With
 * an idempotency key each record carries its key in the `crm.idempotencyField` custom field, and after such a
 * failure the chunk's keys are searched (`(zohokit_key:in:k1,k2,…)`): the records found are the result
 * (`reconciled`), only the others are sent again, within the retry budget. No search before the first insert:
 * it would cost a credit on every call for a rare case.
 */

import { isZohoError, messageOf } from '../../errors.js';
import { backoffDelay } from '../../http/outcome.js';
import { sleep } from '../../time.js';
import type { InputCheck } from '../validate.js';
import { criteriaString } from './criteria.js';
import { type CrmApi, moduleScope } from './crm-api.js';
import type { CallCounter, RawItem, SendChunk } from './write-records.js';

/** Search can lag behind an insert by a moment, so a lookup is asked a few times. */
const LOOKUPS = 3;

/** Kept to characters that need no escaping in criteria and survive every field type. */
export function crmIdempotencyKey(check: InputCheck, value: unknown): string {
  if (typeof value !== 'string' || !/^[\w.@-]{1,100}$/.test(value)) {
    throw check.fail('idempotencyKey', 'must be 1–100 letters, digits or . _ - @ (for example a UUID)');
  }
  return value;
}

/** The key of record `index` of `count`: the key itself for one record, `<key>.<index>` for several. */
export function recordKey(key: string, index: number, count: number): string {
  return count === 1 ? key : `${key}.${index}`;
}

interface InsertTarget {
  api: CrmApi;
  check: InputCheck;
  module: string;
  trigger?: readonly string[] | undefined;
  signal?: AbortSignal | undefined;
  /** Set when the records carry idempotency keys in `api.idempotencyField`. */
  keyed: boolean;
}

export function insertSender(target: InsertTarget): SendChunk {
  const { api, module, trigger, signal } = target;
  const post = async (items: readonly unknown[], counter: CallCounter): Promise<RawItem[]> => {
    counter.calls++;
    const body = await api.call<{ data?: RawItem[] } | undefined>({
      method: 'POST',
      path: `/${encodeURIComponent(module)}`,
      body: trigger === undefined ? { data: items } : { data: items, trigger },
      scope: moduleScope(module, 'CREATE'),
      signal,
    });
    return body?.data ?? [];
  };
  if (!target.keyed) return (items, _start, counter) => post(items, counter);
  return (items, _start, counter) => guardedInsert(target, items, counter, post);
}

async function guardedInsert(
  target: InsertTarget,
  items: readonly unknown[],
  counter: CallCounter,
  post: (items: readonly unknown[], counter: CallCounter) => Promise<RawItem[]>,
): Promise<RawItem[]> {
  const { api, signal } = target;
  const field = api.idempotencyField;
  const answer: (RawItem | undefined)[] = items.map(() => undefined);
  let pending = items.map((_, i) => i);
  for (let replays = 0; ; replays++) {
    try {
      const sent = await post(
        pending.map((i) => items[i]),
        counter,
      );
      pending.forEach((i, j) => {
        answer[i] = sent[j];
      });
      return answer as RawItem[];
    } catch (error) {
      // Only an insert that may have taken effect is looked up; anything else is the caller's answer.
      if (!isZohoError(error) || error.outcome !== 'ambiguous' || signal?.aborted) throw error;
      const keys = pending.map((i) => String((items[i] as Record<string, unknown>)[field]));
      const found = await findByKeys(target, keys).catch((lookupError: unknown) => {
        warn(
          target,
          'crm_lookup_failed',
          `could not look up the idempotency keys after ${error.code}: ${messageOf(lookupError)}`,
        );
        throw error;
      });
      const missing: number[] = [];
      pending.forEach((i, j) => {
        const id = found.get(keys[j] as string);
        if (id === undefined) missing.push(i);
        else answer[i] = reconciledItem(id);
      });
      if (found.size > 0) {
        warn(
          target,
          'crm_insert_reconciled',
          `insert failed with ${error.code}, but ${found.size} record(s) carry their idempotency key: kept them instead of inserting again`,
        );
      }
      if (missing.length === 0) return answer as RawItem[];
      if (replays >= api.retry.maxRetries) throw error;
      warn(
        target,
        'crm_insert_replayed',
        `no record carries the idempotency key of ${missing.length} record(s) after ${error.code}: inserting them again (${replays + 1} of ${api.retry.maxRetries})`,
      );
      pending = missing;
    }
  }
}

function reconciledItem(id: string): RawItem {
  return {
    code: 'SUCCESS',
    status: 'success',
    message: 'record found by its idempotency key',
    details: { id },
    reconciled: true,
  };
}

/** Key → record id for the keys CRM has; a few lookups for the ones not found yet (search can lag). */
export async function findByKeys(
  target: Pick<InsertTarget, 'api' | 'check' | 'module' | 'signal'>,
  keys: readonly string[],
): Promise<Map<string, string>> {
  const { api, check, module, signal } = target;
  const field = api.idempotencyField;
  const found = new Map<string, string>();
  for (let lookup = 0; lookup < LOOKUPS && found.size < keys.length; lookup++) {
    if (lookup > 0)
      await sleep(
        backoffDelay(lookup, api.retry, () => 1),
        signal,
      );
    const wanted = keys.filter((k) => !found.has(k));
    const criteria = criteriaString(check, { field, op: 'in', value: wanted });
    const page = await api.page<Record<string, unknown>>({
      path: `/${encodeURIComponent(module)}/search`,
      query: { criteria, fields: ['id', field], per_page: 200 },
      scope: moduleScope(module, 'READ'),
      signal,
    });
    for (const record of page.data) {
      const key = record[field];
      if (typeof key === 'string' && typeof record.id === 'string' && wanted.includes(key)) found.set(key, record.id);
    }
  }
  return found;
}

function warn(target: InsertTarget, code: string, message: string): void {
  target.api.emit?.({ type: 'warning', code, message: `${target.check.operation}: ${message}` });
}
