import { randomBytes } from 'node:crypto';
import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import { controlError, readInput } from '../control/read-input.js';
import type { EmulatorContext } from '../emulator-context.js';
import { lookup } from '../state.js';
import { usedInWindow } from './call-windows.js';
import { CAMPAIGNS_APIS } from './campaigns-options.js';
import type { CampaignsContactRecord, CampaignsListRecord } from './campaigns-state.js';
import {
  addCampaignsList,
  apiWindowState,
  contactsInOrder,
  countByStatus,
  listsInOrder,
  nextCampaignsSeq,
} from './campaigns-state.js';
import { apiNameSchema, confirmSchema, createListSchema, seedSubscribersSchema } from './control-schemas.js';
import type {
  CampaignsApiLimitSummary,
  CampaignsListSummary,
  CampaignsSnapshot,
  CampaignsSubscriberSummary,
  SeedCampaignsSubscribersResult,
} from './control-types.js';

function listSummary(list: CampaignsListRecord): CampaignsListSummary {
  return {
    listKey: list.listKey,
    name: list.name,
    doubleOptIn: list.doubleOptIn,
    createdAt: list.createdAt,
    counts: countByStatus(list),
  };
}

function subscriberSummary(contact: CampaignsContactRecord): CampaignsSubscriberSummary {
  return {
    email: contact.email,
    status: contact.status,
    fields: { ...contact.fields },
    source: contact.source,
    addedAt: contact.addedAt,
    updatedAt: contact.updatedAt,
  };
}

function limitSummaries(ctx: EmulatorContext): CampaignsApiLimitSummary[] {
  const now = ctx.now();
  return CAMPAIGNS_APIS.map((api) => {
    const state = apiWindowState(ctx.state.campaigns, api);
    const lockedUntil = state.lockedUntil !== null && state.lockedUntil > now ? state.lockedUntil : null;
    return {
      api,
      windows: ctx.options.campaigns.limits[api].map((w) => ({ ...w, used: usedInWindow(state, w.windowMs, now) })),
      lockMs: ctx.options.campaigns.lockMs[api],
      lockedUntil,
    };
  });
}

const unknownList = (listKey: string) => controlError(404, `listKey: no list with key '${listKey}'`);

/**
 * Campaigns seeding and inspection (DESIGN.md §4): create lists, seed many subscribers at once for paging
 * tests, click a double opt-in confirmation, and read or clear the per-API lock-outs.
 */
export function registerCampaignsControlRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext): void {
  const campaigns = () => ctx.state.campaigns;

  app.get('/__emulator/campaigns', (c) => {
    const snapshot: CampaignsSnapshot = {
      lists: listsInOrder(campaigns()).map(listSummary),
      apis: limitSummaries(ctx),
    };
    return c.json(snapshot);
  });

  app.post('/__emulator/campaigns/lists', async (c) => {
    const input = await readInput(c, createListSchema);
    if (!input.ok) return input.response;
    const listKey = input.data.listKey ?? randomBytes(16).toString('hex');
    if (lookup(campaigns().lists, listKey)) return controlError(400, `listKey: '${listKey}' already exists`);
    const list = addCampaignsList(campaigns(), {
      listKey,
      name: input.data.name,
      doubleOptIn: input.data.doubleOptIn ?? false,
      createdAt: ctx.now(),
    });
    return c.json(listSummary(list), 201);
  });

  app.get('/__emulator/campaigns/lists/:listKey/subscribers', (c) => {
    const listKey = c.req.param('listKey');
    const list = lookup(campaigns().lists, listKey);
    if (!list) return unknownList(listKey);
    return c.json({ listKey, subscribers: contactsInOrder(list).map(subscriberSummary) });
  });

  app.post('/__emulator/campaigns/subscribers', async (c) => {
    const input = await readInput(c, seedSubscribersSchema);
    if (!input.ok) return input.response;
    const { listKey, count, emails, status = 'active' } = input.data;
    const list = lookup(campaigns().lists, listKey);
    if (!list) return unknownList(listKey);
    const now = ctx.now();
    const add = (email: string, fields: Record<string, string>) => {
      list.contacts[email] = {
        email,
        fields,
        status,
        source: null,
        addedAt: now,
        updatedAt: now,
        seq: nextCampaignsSeq(campaigns()),
      };
    };
    let added = 0;
    let updated = 0;
    if (count !== undefined) {
      let n = Object.keys(list.contacts).length;
      while (added < count) {
        n += 1;
        const email = `user${n}@example.com`;
        if (lookup(list.contacts, email)) continue;
        add(email, { 'First Name': 'User', 'Last Name': String(n) });
        added += 1;
      }
    }
    for (const email of new Set((emails ?? []).map((e) => e.toLowerCase()))) {
      const existing = lookup(list.contacts, email);
      if (existing) {
        existing.status = status;
        existing.updatedAt = now;
        updated += 1;
      } else {
        add(email, {});
        added += 1;
      }
    }
    const result: SeedCampaignsSubscribersResult = { listKey, added, updated, counts: countByStatus(list) };
    return c.json(result, 201);
  });

  /** What clicking the link in the confirmation email does (zoho-api.md §3.3, §6 item 14). */
  app.post('/__emulator/campaigns/confirm', async (c) => {
    const input = await readInput(c, confirmSchema);
    if (!input.ok) return input.response;
    const list = lookup(campaigns().lists, input.data.listKey);
    if (!list) return unknownList(input.data.listKey);
    const email = input.data.email.trim().toLowerCase();
    const contact = lookup(list.contacts, email);
    if (!contact) return controlError(404, `email: '${email}' is not in list '${list.listKey}'`);
    if (contact.status !== 'pending') {
      return controlError(400, `email: '${email}' is ${contact.status}, not pending confirmation`);
    }
    contact.status = 'active';
    contact.updatedAt = ctx.now();
    return c.json(subscriberSummary(contact));
  });

  app.get('/__emulator/campaigns/locks', (c) => c.json({ apis: limitSummaries(ctx) }));

  /** Ends lock-outs and empties the call windows, of every API or of `?api=<name>`. */
  app.delete('/__emulator/campaigns/locks', (c) => {
    const name = c.req.query('api');
    let apis: readonly (typeof CAMPAIGNS_APIS)[number][] = CAMPAIGNS_APIS;
    if (name !== undefined) {
      const parsed = apiNameSchema.safeParse(name);
      if (!parsed.success) return controlError(400, `api: must be one of ${CAMPAIGNS_APIS.join(', ')}`);
      apis = [parsed.data];
    }
    for (const api of apis) campaigns().apis[api] = { calls: [], lockedUntil: null };
    return c.json({ apis: limitSummaries(ctx) });
  });
}
