/**
 * Ticket creation with an optional duplicate guard. A POST whose outcome is unknown (reset, timeout, 5xx) is
 * never replayed blindly (DESIGN.md §2): Desk may already have created the ticket. With an idempotency key
 * the key travels in a custom field, and after such a failure we search for it (docs/zoho-behaviour.md,
 * "Duplicate guard"): found → that ticket is the result; not found → create again, within the retry budget.
 * There is no search before the first create: that would cost a credit on every call for a rare case.
 */

import { isZohoError, messageOf } from '../../errors.js';
import { backoffDelay } from '../../http/outcome.js';
import { sleep } from '../../time.js';
import type { InputCheck } from '../validate.js';
import type { DeskApi } from './desk-api.js';
import type { DeskTicket } from './types.js';

/** Real search may lag behind a create by a moment, so the lookup is asked a few times. */
const LOOKUPS = 3;

export function idempotencyKey(check: InputCheck, value: unknown): string {
  // Kept to characters that survive Desk's `customField1=cf_name:value` search syntax unchanged.
  if (typeof value !== 'string' || !/^[\w.@-]{1,100}$/.test(value)) {
    throw check.fail('idempotencyKey', 'must be 1–100 letters, digits or . _ - @ (for example a UUID)');
  }
  return value;
}

export async function createTicket(
  api: DeskApi,
  input: Record<string, unknown>,
  options: { idempotencyKey?: string | undefined; signal?: AbortSignal | undefined },
): Promise<DeskTicket> {
  const { idempotencyKey: key, signal } = options;
  const field = api.idempotencyField;
  // A copy: the caller's object is not changed by the key we add.
  const body = key === undefined ? input : { ...input, cf: { ...(input.cf as object | undefined), [field]: key } };
  const post = () => api.call<DeskTicket>({ method: 'POST', path: '/api/v1/tickets', body, signal });
  if (key === undefined) return post();

  for (let replays = 0; ; replays++) {
    try {
      return await post();
    } catch (error) {
      // Only a create that may have taken effect is looked up; anything else is the caller's answer.
      if (!isZohoError(error) || error.outcome !== 'ambiguous' || signal?.aborted) throw error;
      const code = error.code ?? 'error';
      const found = await findByKey(api, key, signal).catch((lookupError: unknown) => {
        warn(
          api,
          'ticket_lookup_failed',
          `could not look up the idempotency key after ${code}: ${messageOf(lookupError)}`,
        );
        throw error;
      });
      if (found) {
        warn(
          api,
          'ticket_reconciled',
          `create failed with ${code}, but ticket ${found.id} carries the idempotency key: returned it instead of creating another`,
        );
        return found;
      }
      if (replays >= api.retry.maxRetries) throw error;
      warn(
        api,
        'ticket_create_replayed',
        `no ticket carries the idempotency key after ${code}: creating it again (${replays + 1} of ${api.retry.maxRetries})`,
      );
    }
  }
}

/** Searches the key's custom field; a few lookups, since real search can lag behind a create. */
export async function findByKey(
  api: DeskApi,
  key: string,
  signal: AbortSignal | undefined,
): Promise<DeskTicket | undefined> {
  const field = api.idempotencyField;
  for (let lookup = 0; lookup < LOOKUPS; lookup++) {
    // The pipeline's backoff, its ceiling as the wait: search lag grows with load, jitter would only shorten it.
    if (lookup > 0)
      await sleep(
        backoffDelay(lookup, api.retry, () => 1),
        signal,
      );
    const page = await api.call<{ data?: DeskTicket[] } | undefined>({
      path: '/api/v1/tickets/search',
      query: { customField1: `${field}:${key}` },
      signal,
    });
    // Search results may leave custom fields out; where they are present, they must match exactly.
    const match = page?.data?.find((t) => t.cf?.[field] === undefined || t.cf[field] === key);
    if (match) return match;
  }
  return undefined;
}

function warn(api: DeskApi, code: string, message: string): void {
  api.emit?.({ type: 'warning', code, message: `desk.tickets.create: ${message}` });
}
