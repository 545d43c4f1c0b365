/**
 * `zohokit relay deliveries list | show | retry | discard`, straight on the queue file: no Zoho login is
 * needed to look at deliveries or to replay them (a running worker picks replayed ones up on its next look).
 * What a delivery carries (the customer's message, address, Zoho's answer) is printed only by `show --payload`.
 */
import { DELIVERY_STATES, type Delivery, type DeliveryFilter, OPERATION_NAMES } from '@zohokit/relay';
import type { CommandOptions } from '../define/action.js';
import type {
  DELIVERIES_BULK_FLAGS,
  DELIVERIES_LIST_FLAGS,
  DELIVERIES_SHOW_FLAGS,
  RELAY_FLAGS,
} from '../define/relay.js';
import type { Context } from '../runtime.js';
import { CliError, details, EXIT, integer, isRecord, list, oneOf, output, table, usage } from '../runtime.js';
import { age, maskEmails, openQueue, using, utc } from './relay-queue.js';

type ListOptions = CommandOptions<typeof DELIVERIES_LIST_FLAGS, typeof RELAY_FLAGS>;
type ShowOptions = CommandOptions<typeof DELIVERIES_SHOW_FLAGS, typeof RELAY_FLAGS>;
type BulkOptions = CommandOptions<typeof DELIVERIES_BULK_FLAGS, typeof RELAY_FLAGS>;

export async function listDeliveries(ctx: Context, options: ListOptions): Promise<void> {
  const limit = integer(options.limit, '--limit', 1, 10_000);
  const states = list(options.state)?.map((s) => oneOf(s, '--state', DELIVERY_STATES));
  const operation =
    options.operation === undefined ? undefined : oneOf(options.operation, '--operation', OPERATION_NAMES);
  await using(await openQueue(ctx, options), async (queue) => {
    const rows = await queue.list({ states, operation, code: options.code, limit });
    const now = Date.now();
    output(ctx, rows.map(summary), () =>
      table<Delivery>(
        rows,
        [
          { header: 'id', value: (d) => d.id },
          { header: 'state', value: (d) => d.state },
          { header: 'operation', value: (d) => d.operation },
          { header: 'attempts', value: (d) => d.attempts },
          { header: 'code', value: (d) => d.lastError?.code },
          { header: 'age', value: (d) => age(d.createdAt, now) },
          { header: 'last error', value: (d) => maskEmails(d.lastError?.summary), max: 70 },
        ],
        '(no deliveries)',
      ),
    );
  });
}

export async function showDelivery(ctx: Context, options: ShowOptions, id: string): Promise<void> {
  await using(await openQueue(ctx, options), async (queue) => {
    const delivery = await queue.get(id);
    if (!delivery) throw notFound([id]);
    const view = options.payload
      ? { ...summary(delivery), input: delivery.input, result: delivery.result }
      : { ...summary(delivery), result: resultIds(delivery.result) };
    output(ctx, view, () => {
      const e = delivery.lastError;
      const lines = details([
        ['id', delivery.id],
        ['state', delivery.state],
        ['operation', delivery.operation],
        ['attempts', String(delivery.attempts)],
        ['created', utc(delivery.createdAt)],
        ['updated', utc(delivery.updatedAt)],
        ['next attempt', delivery.state === 'pending' ? utc(delivery.nextAttemptAt) : undefined],
        ['delivered', utc(delivery.deliveredAt)],
        ['result', resultText(delivery.result)],
        [
          'may have sent',
          delivery.maybeSent && delivery.state !== 'delivered'
            ? 'yes (the next attempt looks for it first)'
            : undefined,
        ],
        ['last error', e ? maskEmails(e.summary) : undefined],
        [
          'code',
          e ? `${e.code ?? '-'}${e.status === undefined ? '' : ` (HTTP ${e.status})`}, ${e.outcome}` : undefined,
        ],
        ['fix', maskEmails(e?.fix)],
        ['next', nextStep(delivery)],
      ]);
      return options.payload
        ? `${lines}\n\ninput:\n${JSON.stringify(delivery.input, null, 2)}\n\nresult:\n${JSON.stringify(delivery.result ?? null, null, 2)}`
        : lines;
    });
  });
}

/** commander hands a variadic `[ids...]` over as an array (InferArgs types it as one optional string). */
type Ids = string | readonly string[] | undefined;

export function retryDeliveries(ctx: Context, options: BulkOptions, ids: Ids): Promise<void> {
  return bulk(ctx, options, idList(ids), 'retry');
}

export function discardDeliveries(ctx: Context, options: BulkOptions, ids: Ids): Promise<void> {
  return bulk(ctx, options, idList(ids), 'discard');
}

function idList(ids: Ids): string[] {
  return ids === undefined ? [] : typeof ids === 'string' ? [ids] : [...ids];
}

async function bulk(ctx: Context, options: BulkOptions, ids: string[], action: 'retry' | 'discard'): Promise<void> {
  const command = `zohokit relay deliveries ${action}`;
  if (ids.length > 0 && options.all) {
    throw usage(`${action}: give delivery ids or --all, not both`, `For example: ${command} --all --code INVALID_DATA`);
  }
  if (ids.length === 0 && !options.all) {
    throw usage(
      `${action}: which deliveries? Give their ids, or --all`,
      `For example: ${command} <id>, or ${command} --all [--operation …] [--code …]`,
    );
  }
  const operation =
    options.operation === undefined ? undefined : oneOf(options.operation, '--operation', OPERATION_NAMES);
  await using(await openQueue(ctx, options), async (queue) => {
    if (ids.length > 0) {
      const found = await queue.list({ ids, limit: ids.length });
      const missing = ids.filter((id) => !found.some((d) => d.id === id));
      if (missing.length > 0) throw notFound(missing);
    }
    const filter: DeliveryFilter = {
      ids: ids.length > 0 ? ids : undefined,
      states: ['dead', 'expired'],
      operation,
      code: options.code,
    };
    const now = Date.now();
    const count = action === 'retry' ? await queue.replay(filter, now) : await queue.discard(filter, now);
    const done = action === 'retry' ? 'queued again' : 'discarded';
    output(ctx, { [action === 'retry' ? 'retried' : 'discarded']: count }, () => {
      const what = `${count} ${count === 1 ? 'delivery' : 'deliveries'} ${done}`;
      const skipped =
        ids.length > 0 && count < ids.length ? ` (${ids.length - count} not dead or expired, left as they were)` : '';
      const none =
        count === 0 && ids.length === 0
          ? ' (only dead or expired deliveries can be; see: zohokit relay deliveries list --state dead,expired)'
          : '';
      return `${what}${skipped}${none}`;
    });
  });
}

/** What list and show print by default: state and error, never the payload or Zoho's answer. */
function summary(d: Delivery) {
  return {
    id: d.id,
    state: d.state,
    operation: d.operation,
    product: d.product,
    attempts: d.attempts,
    createdAt: utc(d.createdAt),
    updatedAt: utc(d.updatedAt),
    nextAttemptAt: d.state === 'pending' ? utc(d.nextAttemptAt) : undefined,
    deliveredAt: utc(d.deliveredAt),
    maybeSent: d.maybeSent,
    lastError: d.lastError && {
      kind: d.lastError.kind,
      code: d.lastError.code,
      status: d.lastError.status,
      outcome: d.lastError.outcome,
      summary: maskEmails(d.lastError.summary),
      fix: maskEmails(d.lastError.fix),
      at: utc(d.lastError.at),
    },
  };
}

/** The ids in Zoho's answer (the ticket's id and number), which are what a person looks the record up by. */
function resultIds(result: unknown): Record<string, unknown> | undefined {
  if (!isRecord(result)) return undefined;
  const ids: Record<string, unknown> = {};
  for (const key of ['id', 'ticketNumber', 'contactId']) if (result[key] !== undefined) ids[key] = result[key];
  return Object.keys(ids).length > 0 ? ids : undefined;
}

function resultText(result: unknown): string | undefined {
  const ids = resultIds(result);
  if (!ids) return undefined;
  return Object.entries(ids)
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
}

function nextStep(d: Delivery): string | undefined {
  if (d.state === 'dead' || d.state === 'expired') {
    return `fix the cause, then: zohokit relay deliveries retry ${d.id}  (or discard it)`;
  }
  return undefined;
}

function notFound(ids: readonly string[]): CliError {
  return new CliError(`no delivery has the id ${ids.map((id) => JSON.stringify(id)).join(', ')}`, {
    code: 'delivery_not_found',
    exitCode: EXIT.usage,
    fix: 'See the ids with: zohokit relay deliveries list (and check --db)',
  });
}
