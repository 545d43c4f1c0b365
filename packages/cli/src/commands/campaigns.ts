/** `zohokit campaigns lists | subscribe | unsubscribe | subscribers`: thin over `zoho.campaigns.*`. */
import type { CampaignsMailingList, CampaignsSubscriber, SubscriberStatus } from 'zohokit';
import type { CommandOptions } from '../define/action.js';
import type { LISTS_FLAGS, SUBSCRIBE_FLAGS, SUBSCRIBERS_FLAGS, UNSUBSCRIBE_FLAGS } from '../define/campaigns.js';
import type { Context } from '../runtime.js';
import { createZoho, integer, keyValues, output, resolveProfile, table } from '../runtime.js';

async function campaigns(ctx: Context) {
  return createZoho(ctx, await resolveProfile(ctx)).campaigns;
}

export async function lists(ctx: Context, options: CommandOptions<typeof LISTS_FLAGS>): Promise<void> {
  const limit = integer(options.limit, '--limit', 1, 100_000);
  const result = await (await campaigns(ctx)).lists({ pageSize: Math.min(limit, 200) }).toArray({ limit });
  output(ctx, result, (rows) =>
    table<CampaignsMailingList>(
      rows,
      [
        { header: 'list key', value: (l) => l.listkey },
        { header: 'name', value: (l) => l.listname, max: 50 },
        { header: 'contacts', value: (l) => l.noofcontacts },
        { header: 'created', value: (l) => formatTime(l.created_date) },
      ],
      '(no mailing lists)',
    ),
  );
}

export async function subscribe(ctx: Context, options: CommandOptions<typeof SUBSCRIBE_FLAGS>): Promise<void> {
  const fields = keyValues(options.field, '--field');
  const result = await (await campaigns(ctx)).subscribe({
    listKey: options.listKey,
    email: options.email,
    firstName: options.firstName,
    lastName: options.lastName,
    fields: fields.length > 0 ? Object.fromEntries(fields) : undefined,
    source: options.source,
  });
  output(ctx, { ...result, email: options.email, listKey: options.listKey }, (r) =>
    r.status === 'pending_confirmation'
      ? `${r.email}: confirmation email sent; the contact joins the list once they confirm (double opt-in).`
      : `${r.email}: subscribed.`,
  );
}

export async function unsubscribe(ctx: Context, options: CommandOptions<typeof UNSUBSCRIBE_FLAGS>): Promise<void> {
  const result = await (await campaigns(ctx)).unsubscribe({ listKey: options.listKey, email: options.email });
  output(ctx, { ...result, email: options.email, listKey: options.listKey }, (r) => `${r.email}: unsubscribed.`);
}

export async function subscribers(ctx: Context, options: CommandOptions<typeof SUBSCRIBERS_FLAGS>): Promise<void> {
  const limit = integer(options.limit, '--limit', 1, 1_000_000);
  const result = await (await campaigns(ctx))
    .subscribers({
      listKey: options.listKey,
      status: options.status as SubscriberStatus,
      pageSize: Math.min(limit, 200),
    })
    .toArray({ limit });
  output(ctx, result, (rows) =>
    table<CampaignsSubscriber>(
      rows,
      [
        { header: 'email', value: (s) => s.contact_email },
        { header: 'first name', value: (s) => s.firstname },
        { header: 'last name', value: (s) => s.lastname },
        { header: 'status', value: (s) => s.contact_status },
        { header: 'added', value: (s) => formatTime(s.added_time) },
      ],
      '(no contacts)',
    ),
  );
}

/** Campaigns sends times as epoch-millisecond strings or as text; show epoch ones as ISO dates. */
function formatTime(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n > 1e11 ? new Date(n).toISOString().slice(0, 16).replace('T', ' ') : String(value);
}
