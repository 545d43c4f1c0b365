import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import { crmError } from '../crm-errors.js';
import type { EmulatorContext } from '../emulator-context.js';
import type { CrmConcurrency } from './crm-concurrency.js';
import type { CrmItemResult } from './crm-item-errors.js';
import { itemSuccess } from './crm-item-errors.js';
import type { CrmCall } from './crm-request.js';
import { openCrmCall } from './crm-request.js';
import type { CrmModuleRecord, CrmRecord } from './crm-state.js';
import { moduleRecords } from './crm-state.js';
import { CRM_VERSION } from './crm-version.js';
import { conflictError, createRecord, findUniqueConflict, updateRecord, writeDetails } from './record-store.js';
import { checkValues } from './record-values.js';
import { readWriteBody, writeAnswer } from './write-body.js';

/*
 * `POST /crm/{version}/{module}/upsert` (Zoho's v8 Upsert page and sample, docs/zoho-behaviour.md "CRM records"):
 * each record is matched on `duplicate_check_fields` in the order given, or else on the module's system-defined
 * duplicate check field (Leads and Contacts Email, Accounts Account_Name, Deals Deal_Name) and then its unique
 * fields. A match is updated (`action: "update"`), otherwise a record is inserted (`action: "insert"`);
 * `duplicate_field` names the field that was checked. All ok is 200.
 */

/** System-defined duplicate check fields (Zoho's Upsert page). */
export const SYSTEM_DUPLICATE_FIELDS: Record<string, string> = {
  Leads: 'Email',
  Contacts: 'Email',
  Accounts: 'Account_Name',
  Deals: 'Deal_Name',
};

type OpenCall = Extract<CrmCall, { ok: true }>;

const same = (a: unknown, b: unknown) =>
  typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b;

function checkFieldsOf(module: CrmModuleRecord, requested: string[] | null): string[] {
  if (requested) return requested;
  const system = SYSTEM_DUPLICATE_FIELDS[module.api_name];
  const unique = module.fields.filter((f) => f.unique).map((f) => f.api_name);
  return [...new Set([...(system ? [system] : []), ...unique])];
}

function upsertOne(ctx: EmulatorContext, call: OpenCall, input: unknown, index: number, checkFields: string[]) {
  const probe = checkValues(ctx, call.module, input, index, null);
  // A record without its mandatory fields can still update a match: look for one before refusing.
  const raw = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  let match: CrmRecord | null = null;
  let duplicateField: string | null = null;
  for (const field of checkFields) {
    const value = raw[field];
    if (value === undefined || value === null || value === '') continue;
    duplicateField ??= field;
    match = Object.values(moduleRecords(ctx.state.crm, call.module)).find((r) => same(r.values[field], value)) ?? null;
    if (match) {
      duplicateField = field;
      break;
    }
  }
  const extra = { duplicate_field: duplicateField };
  if (match) {
    const checked = checkValues(ctx, call.module, input, index, match);
    if (!checked.ok) return checked.error;
    const conflict = findUniqueConflict(ctx, call.module, checked.values, match.id);
    if (conflict) return conflictError(call.module, index, conflict);
    updateRecord(ctx, call.module, match, checked.values, call.user);
    return itemSuccess('record updated', writeDetails(match), { ...extra, action: 'update' });
  }
  if (!probe.ok) return probe.error;
  const conflict = findUniqueConflict(ctx, call.module, probe.values, null);
  if (conflict) return conflictError(call.module, index, conflict);
  const record = createRecord(ctx, call.module, probe.values, call.user);
  return itemSuccess('record added', writeDetails(record), { ...extra, action: 'insert' });
}

export function registerUpsertRoute(app: Hono<EmulatorEnv>, ctx: EmulatorContext, concurrency: CrmConcurrency): void {
  app.post(`/crm/${CRM_VERSION}/:module/upsert`, async (c) => {
    // Upsert may insert or update: Zoho's page lists CREATE and WRITE (and ALL) as the operations it takes.
    const call = openCrmCall(ctx, concurrency, c, ['CREATE', 'WRITE']);
    if (!call.ok) return call.response;
    const body = await readWriteBody(c);
    if (body instanceof Response) return body;
    const known = new Set(call.module.fields.map((f) => f.api_name));
    const unknown = body.duplicateCheckFields?.find((f) => !known.has(f));
    if (unknown !== undefined) {
      return crmError(400, 'INVALID_DATA', 'invalid data', {
        api_name: unknown,
        json_path: '$.duplicate_check_fields',
      });
    }
    const checkFields = checkFieldsOf(call.module, body.duplicateCheckFields);
    const results: CrmItemResult[] = body.data.map((input, index) => upsertOne(ctx, call, input, index, checkFields));
    return writeAnswer(results, 200);
  });
}
