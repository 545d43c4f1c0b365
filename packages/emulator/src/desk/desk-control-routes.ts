import type { Hono } from 'hono';
import { z } from 'zod';
import type { EmulatorEnv } from '../connection.js';
import { controlError, readInput } from '../control/read-input.js';
import type { EmulatorContext } from '../emulator-context.js';
import { lookup } from '../state.js';
import type { DeskConcurrency } from './desk-concurrency.js';
import type {
  DeskConcurrencySetting,
  DeskContactRecord,
  DeskOverview,
  DeskTicketRecord,
  SeedDeskTicket,
} from './desk-control-types.js';
import { DeskFields } from './desk-fields.js';
import type { DeskOrgRecord } from './desk-state.js';
import { deskTime, newDeskId, ticketCustomFieldsOf } from './desk-state.js';
import type { TicketChanges } from './ticket-store.js';
import { createTicket, readTicketChanges } from './ticket-store.js';

/** The contact seeded tickets belong to unless an item names one. */
const SEED_CONTACT = { email: 'customer@zohokit.test', lastName: 'Customer' };

const cfValues = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));

const seedSchema = z.union([
  z.strictObject({
    count: z.number().int().min(1).max(10_000),
    orgId: z.string().min(1).optional(),
    departmentId: z.string().min(1).optional(),
    subject: z.string().min(1).max(255).optional(),
    status: z.string().min(1).optional(),
    priority: z.string().min(1).optional(),
    channel: z.string().min(1).optional(),
    cf: cfValues.optional(),
  }),
  z.array(z.record(z.string(), z.unknown())).min(1).max(10_000),
]);

const fieldSchema = z.strictObject({
  apiName: z.string().regex(/^cf_\w{1,95}$/, 'a custom field API name, cf_<name>'),
  displayLabel: z.string().min(1).max(200).optional(),
  maxLength: z.number().int().min(1).max(255).optional(),
  orgId: z.string().min(1).optional(),
});

const concurrencySchema = z.strictObject({
  limit: z.number().int().positive().nullable(),
  orgId: z.string().min(1).optional(),
});

/** The org of the default (seeded) user: where control routes act unless told otherwise. */
function defaultOrg(ctx: EmulatorContext): DeskOrgRecord | undefined {
  return Object.values(ctx.state.desk.orgs).find((org) => org.userIds.includes(ctx.state.defaultUserId));
}

function pickOrg(ctx: EmulatorContext, orgId: string | undefined): DeskOrgRecord | string {
  const org = orgId === undefined ? defaultOrg(ctx) : lookup(ctx.state.desk.orgs, orgId);
  return org ?? `orgId: no Desk org '${orgId ?? '(default)'}' on this emulator`;
}

/**
 * `GET /__emulator/desk` (ids), `POST|GET /__emulator/desk/tickets` (seed, inspect), `GET
 * /__emulator/desk/contacts`, `POST /__emulator/desk/concurrency` (the org's limit at runtime).
 */
export function registerDeskControlRoutes(
  app: Hono<EmulatorEnv>,
  ctx: EmulatorContext,
  concurrency: DeskConcurrency,
): void {
  app.get('/__emulator/desk', (c) => {
    const { desk } = ctx.state;
    const orgs = Object.values(desk.orgs);
    const overview: DeskOverview = {
      orgId: defaultOrg(ctx)?.id ?? '',
      foreignOrgId: orgs.find((org) => !org.userIds.includes(ctx.state.defaultUserId))?.id ?? null,
      orgs: orgs.map((org) => ({
        id: org.id,
        companyName: org.companyName,
        portalName: org.portalName,
        edition: org.edition,
        userIds: [...org.userIds],
        concurrency: concurrency.limitOf(org),
        inFlight: concurrency.inFlight(org.id),
      })),
      departments: Object.values(desk.departments).map((d) => ({
        id: d.id,
        orgId: d.orgId,
        name: d.name,
        isEnabled: d.isEnabled,
        isDefault: d.isDefault,
      })),
    };
    return c.json(overview);
  });

  app.post('/__emulator/desk/tickets', async (c) => {
    const input = await readInput(c, seedSchema);
    if (!input.ok) return input.response;
    let items: SeedDeskTicket[];
    if (Array.isArray(input.data)) items = input.data;
    else {
      const { count, ...shared } = input.data;
      items = Array.from({ length: count }, () => ({ ...shared }));
    }
    // Everything is checked before anything is created, so a bad item seeds nothing.
    const planned: Array<{ org: DeskOrgRecord; changes: TicketChanges }> = [];
    for (const [i, item] of items.entries()) {
      const { orgId, ...fields } = item;
      const org = pickOrg(ctx, typeof orgId === 'string' ? orgId : undefined);
      if (typeof org === 'string') return controlError(400, `[${i}] ${org}`);
      const department =
        Object.values(ctx.state.desk.departments).find((d) => d.orgId === org.id && d.isDefault) ??
        Object.values(ctx.state.desk.departments).find((d) => d.orgId === org.id);
      const body: Record<string, unknown> = {
        subject: `Ticket ${i + 1}`,
        ...(department ? { departmentId: department.id } : {}),
        ...(fields.contactId === undefined && fields.contact === undefined ? { contact: SEED_CONTACT } : {}),
        ...fields,
      };
      const f = new DeskFields(body);
      const changes = readTicketChanges(ctx, org, f, 'create');
      const problem = f.errors[0];
      if (problem) return controlError(400, `[${i}] ${problem.fieldName}: ${problem.errorMessage}`);
      planned.push({ org, changes });
    }
    const tickets = planned.map(({ org, changes }) => createTicket(ctx, org, changes));
    return c.json({ tickets }, 201);
  });

  app.get('/__emulator/desk/tickets', (c) => {
    const tickets: DeskTicketRecord[] = Object.values(ctx.state.desk.tickets);
    return c.json({ tickets });
  });

  app.get('/__emulator/desk/contacts', (c) => {
    const contacts: DeskContactRecord[] = Object.values(ctx.state.desk.contacts);
    return c.json({ contacts });
  });

  // The portal admin's Setup → Layouts and Fields → Tickets: add or remove a ticket custom field, so an org
  // without zohokit's idempotency field can be tested.
  app.post('/__emulator/desk/fields', async (c) => {
    const input = await readInput(c, fieldSchema);
    if (!input.ok) return input.response;
    const org = pickOrg(ctx, input.data.orgId);
    if (typeof org === 'string') return controlError(400, org);
    const fields = ticketCustomFieldsOf(org);
    const { apiName } = input.data;
    if (fields.some((f) => f.apiName === apiName)) return controlError(400, `apiName: ${apiName} exists already`);
    const field = {
      id: newDeskId(ctx.state.desk),
      apiName,
      displayLabel: input.data.displayLabel ?? apiName.slice(3).replaceAll('_', ' '),
      type: 'Text' as const,
      maxLength: input.data.maxLength ?? 255,
      createdTime: deskTime(Date.now()),
    };
    org.ticketCustomFields = [...fields, field];
    return c.json({ orgId: org.id, field }, 201);
  });
  app.delete('/__emulator/desk/fields/:apiName', (c) => {
    const org = pickOrg(ctx, c.req.query('orgId'));
    if (typeof org === 'string') return controlError(400, org);
    const apiName = c.req.param('apiName');
    const fields = ticketCustomFieldsOf(org);
    if (!fields.some((f) => f.apiName === apiName)) return controlError(404, `apiName: no ticket field ${apiName}`);
    org.ticketCustomFields = fields.filter((f) => f.apiName !== apiName);
    return c.json({ orgId: org.id, deleted: apiName });
  });

  app.post('/__emulator/desk/concurrency', async (c) => {
    const input = await readInput(c, concurrencySchema);
    if (!input.ok) return input.response;
    const org = pickOrg(ctx, input.data.orgId);
    if (typeof org === 'string') return controlError(400, org);
    org.concurrency = input.data.limit;
    const setting: DeskConcurrencySetting = { orgId: org.id, concurrency: concurrency.limitOf(org) };
    return c.json(setting);
  });
}
