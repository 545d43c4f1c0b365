import type { Hono } from 'hono';
import { z } from 'zod';
import type { EmulatorEnv } from '../connection.js';
import { controlError, readInput } from '../control/read-input.js';
import type { EmulatorContext } from '../emulator-context.js';
import { lookup } from '../state.js';
import type { CrmConcurrency } from './crm-concurrency.js';
import type { CrmOverview, SeedCrmRecordsResult } from './crm-control-types.js';
import { creditLimit, creditsUsed } from './crm-credits.js';
import { CRM_CUSTOM_DATA_TYPES, makeField } from './crm-fields.js';
import type { CrmModuleRecord } from './crm-state.js';
import { findModule, moduleRecords, newCrmFieldId } from './crm-state.js';
import { createRecord, findUniqueConflict } from './record-store.js';
import { checkValues, recordName } from './record-values.js';

/*
 * `GET /__emulator/crm` (overview), `POST|GET /__emulator/crm/records` (seed fast, inspect), `POST
 * /__emulator/crm/fields` (custom fields), `PATCH /__emulator/crm/fields/:module/:apiName` (unique, mandatory),
 * `POST /__emulator/crm/limits`, `POST /__emulator/crm/credits/reset`. No token, no credits, never faulted.
 */

const MAX_SEED = 100_000;

const seedSchema = z.strictObject({
  module: z.string().min(1),
  count: z.number().int().min(1).max(MAX_SEED).optional(),
  values: z.record(z.string(), z.unknown()).optional(),
  records: z.array(z.record(z.string(), z.unknown())).min(1).max(MAX_SEED).optional(),
});

const fieldSchema = z.strictObject({
  module: z.string().min(1),
  api_name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,49}$/, 'must be letters, digits and _ (≤ 50), e.g. Unique_1'),
  data_type: z.enum(CRM_CUSTOM_DATA_TYPES),
  field_label: z.string().min(1).max(100).optional(),
  length: z.number().int().min(1).max(32_000).optional(),
  unique: z.boolean().optional(),
  mandatory: z.boolean().optional(),
});

const fieldChangeSchema = z.strictObject({ unique: z.boolean().optional(), mandatory: z.boolean().optional() });

const limitsSchema = z.strictObject({
  concurrency: z.number().int().positive().nullable().optional(),
  credits: z.number().int().positive().nullable().optional(),
});

/** Generated values for seeded record `n` of a module: enough for its mandatory fields. */
function generated(module: CrmModuleRecord, n: number): Record<string, unknown> {
  switch (module.api_name) {
    case 'Leads':
      return { Last_Name: `Lead ${n}`, Email: `lead${n}@example.com`, Company: `Company ${n}` };
    case 'Contacts':
      return { Last_Name: `Contact ${n}`, Email: `contact${n}@example.com` };
    case 'Accounts':
      return { Account_Name: `Account ${n}` };
    case 'Deals':
      return { Deal_Name: `Deal ${n}`, Stage: 'Qualification' };
    default:
      return {};
  }
}

export function crmOverview(ctx: EmulatorContext, concurrency: CrmConcurrency): CrmOverview {
  const crm = ctx.state.crm;
  const modules = Object.values(crm.modules);
  const recent = modules
    .flatMap((m) =>
      Object.values(moduleRecords(crm, m))
        .slice(-10)
        .map((r) => ({ m, r })),
    )
    .sort((a, b) => b.r.seq - a.r.seq)
    .slice(0, 10)
    .map(({ m, r }) => ({
      module: m.api_name,
      id: r.id,
      name: recordName(m, r),
      createdTime: String(r.values.Created_Time ?? ''),
      modifiedTime: String(r.values.Modified_Time ?? ''),
    }));
  return {
    modules: modules.map((m) => ({
      api_name: m.api_name,
      records: Object.keys(moduleRecords(crm, m)).length,
      fields: m.fields.map((f) => f.api_name),
    })),
    recent,
    credits: { used: creditsUsed(crm, ctx.now()), limit: creditLimit(ctx), windowHours: 24 },
    concurrency: { inFlight: concurrency.inFlight(), limit: concurrency.limit() },
  };
}

export function registerCrmControlRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext, concurrency: CrmConcurrency) {
  const crm = () => ctx.state.crm;

  app.get('/__emulator/crm', (c) => c.json(crmOverview(ctx, concurrency)));

  app.post('/__emulator/crm/records', async (c) => {
    const input = await readInput(c, seedSchema);
    if (!input.ok) return input.response;
    const module = findModule(crm(), input.data.module);
    if (!module) return controlError(404, `module: no CRM module '${input.data.module}'`);
    const { count, records, values = {} } = input.data;
    if ((count === undefined) === (records === undefined))
      return controlError(400, 'body: give either count or records');
    const user = lookup(ctx.state.users, ctx.state.defaultUserId);
    if (!user) return controlError(400, 'the default user is missing');
    const start = Object.keys(moduleRecords(crm(), module)).length + 1;
    const items =
      records ?? Array.from({ length: count ?? 0 }, (_, i) => ({ ...generated(module, start + i), ...values }));
    // Everything is checked before anything is created, so a bad item seeds nothing.
    const planned: Array<Record<string, unknown>> = [];
    for (const [i, item] of items.entries()) {
      const checked = checkValues(ctx, module, item, i, null);
      if (!checked.ok) {
        const { code, details } = checked.error;
        return controlError(400, `[${i}] ${code} ${String((details as { api_name?: unknown }).api_name ?? '')}`.trim());
      }
      planned.push(checked.values);
    }
    const hasUnique = module.fields.some((f) => f.unique);
    const ids: string[] = [];
    for (const [i, values] of planned.entries()) {
      if (hasUnique && findUniqueConflict(ctx, module, values, null)) {
        return controlError(400, `[${i}] DUPLICATE_DATA (records before it were created)`);
      }
      ids.push(createRecord(ctx, module, values, user).id);
    }
    const result: SeedCrmRecordsResult = { module: module.api_name, ids };
    return c.json(result, 201);
  });

  app.get('/__emulator/crm/records', (c) => {
    const module = findModule(crm(), c.req.query('module'));
    if (!module) return controlError(404, `module: no CRM module '${c.req.query('module') ?? ''}'`);
    return c.json({ module: module.api_name, records: Object.values(moduleRecords(crm(), module)) });
  });

  app.post('/__emulator/crm/fields', async (c) => {
    const input = await readInput(c, fieldSchema);
    if (!input.ok) return input.response;
    const { module: name, api_name, data_type, field_label, length, unique, mandatory } = input.data;
    const module = findModule(crm(), name);
    if (!module) return controlError(404, `module: no CRM module '${name}'`);
    if (module.fields.some((f) => f.api_name.toLowerCase() === api_name.toLowerCase())) {
      return controlError(400, `api_name: ${module.api_name} already has a field '${api_name}'`);
    }
    const field = makeField(newCrmFieldId(crm()), [
      api_name,
      field_label ?? api_name.replace(/_/g, ' '),
      data_type,
      {
        custom_field: true,
        unique: unique ?? false,
        system_mandatory: mandatory ?? false,
        ...(length === undefined ? {} : { length }),
      },
    ]);
    module.fields.push(field);
    return c.json(field, 201);
  });

  app.patch('/__emulator/crm/fields/:module/:apiName', async (c) => {
    const input = await readInput(c, fieldChangeSchema);
    if (!input.ok) return input.response;
    const module = findModule(crm(), c.req.param('module'));
    const field = module?.fields.find((f) => f.api_name === c.req.param('apiName'));
    if (!module || !field) return controlError(404, `no CRM field ${c.req.param('module')}.${c.req.param('apiName')}`);
    if (input.data.unique !== undefined) field.unique = input.data.unique;
    if (input.data.mandatory !== undefined) field.system_mandatory = input.data.mandatory;
    return c.json(field);
  });

  app.post('/__emulator/crm/limits', async (c) => {
    const input = await readInput(c, limitsSchema);
    if (!input.ok) return input.response;
    if (input.data.concurrency !== undefined) crm().concurrency = input.data.concurrency;
    if (input.data.credits !== undefined) crm().creditLimit = input.data.credits;
    return c.json(crmOverview(ctx, concurrency));
  });

  app.post('/__emulator/crm/credits/reset', (c) => {
    crm().credits = [];
    return c.json(crmOverview(ctx, concurrency));
  });
}
