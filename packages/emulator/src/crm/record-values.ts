import type { EmulatorContext } from '../emulator-context.js';
import type { UserRecord } from '../state.js';
import { lookup } from '../state.js';
import type { CrmFieldRecord } from './crm-fields.js';
import type { CrmItemResult } from './crm-item-errors.js';
import { invalidType, invalidValue, mandatoryNotFound, notAnObject, tooLong, unknownField } from './crm-item-errors.js';
import type { CrmModuleRecord, CrmRecord } from './crm-state.js';
import { findModule } from './crm-state.js';
import { crmUserId } from './crm-views.js';

/*
 * One record of a write (`data[i]` of insert, update or upsert) checked against its module's fields and turned
 * into the values to store. Rules and error shapes: docs/zoho-behaviour.md "CRM records".
 */

export type ValuesCheck = { ok: true; values: Record<string, unknown> } | { ok: false; error: CrmItemResult };

/** `{ name, id, email }` of a user, as Owner, Created_By and Modified_By read. */
export function crmOwner(user: UserRecord): { name: string; id: string; email: string } {
  return { name: user.name, id: crmUserId(user), email: user.email };
}

/** Keys a record body may carry that are not fields: the id, `$` keys (`$append_values`), layout and tags. */
const NOT_FIELDS = new Set(['id', 'Layout', 'Tag', 'trigger']);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[+-]\d{2}:\d{2}|Z)$/;

const isEmpty = (value: unknown) => value === null || value === undefined || value === '';

/** What a record's lookup shows: the target record's name field. */
export function recordName(module: CrmModuleRecord, record: CrmRecord): string {
  const v = record.values;
  const name = v.Full_Name ?? v.Account_Name ?? v.Deal_Name ?? v.Name ?? v[module.fields[0]?.api_name ?? 'id'];
  return typeof name === 'string' ? name : record.id;
}

function numberOf(value: unknown, integer: boolean): number | null {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return null;
  return integer && !Number.isInteger(n) ? null : n;
}

/** One value for `field`: the stored form, or the error for `data[index]`. */
function checkValue(
  ctx: EmulatorContext,
  field: CrmFieldRecord,
  value: unknown,
  index: number,
): { ok: true; value: unknown } | { ok: false; error: CrmItemResult } {
  const name = field.api_name;
  const fail = (error: CrmItemResult) => ({ ok: false as const, error });
  if (value === null) return { ok: true, value: null };
  switch (field.data_type) {
    case 'text':
    case 'textarea':
    case 'phone':
    case 'website':
    case 'picklist':
    case 'email': {
      if (typeof value !== 'string') return fail(invalidType(index, name, field.data_type));
      if (value.length > field.length) return fail(tooLong(index, name, field.length));
      if (field.data_type === 'email' && value !== '' && !EMAIL.test(value)) return fail(invalidValue(index, name));
      return { ok: true, value };
    }
    case 'integer':
    case 'bigint':
    case 'double':
    case 'currency': {
      const n = numberOf(value, field.data_type === 'integer' || field.data_type === 'bigint');
      if (n === null) return fail(invalidType(index, name, field.data_type));
      return { ok: true, value: field.data_type === 'bigint' ? String(n) : n };
    }
    case 'boolean':
      return typeof value === 'boolean' ? { ok: true, value } : fail(invalidType(index, name, 'boolean'));
    case 'date':
      return typeof value === 'string' && DATE.test(value)
        ? { ok: true, value }
        : fail(invalidType(index, name, 'date'));
    case 'datetime':
      return typeof value === 'string' && DATETIME.test(value)
        ? { ok: true, value }
        : fail(invalidType(index, name, 'datetime'));
    case 'ownerlookup': {
      const id = typeof value === 'object' ? (value as { id?: unknown }).id : value;
      const user = Object.values(ctx.state.users).find((u) => crmUserId(u) === String(id));
      return user ? { ok: true, value: crmOwner(user) } : fail(invalidValue(index, name));
    }
    case 'lookup': {
      const id = typeof value === 'object' ? (value as { id?: unknown }).id : value;
      const target = findModule(ctx.state.crm, field.lookup_module ?? undefined);
      const record = target ? lookup(ctx.state.crm.records[target.api_name] ?? {}, String(id)) : undefined;
      if (!target || !record) return fail(invalidValue(index, name));
      return { ok: true, value: { name: recordName(target, record), id: record.id } };
    }
  }
}

/**
 * Checks `input` (one entry of `data[]`) against `module`. `existing` is the record an update changes (null for
 * a create): mandatory fields must then be present only if the update names them.
 */
export function checkValues(
  ctx: EmulatorContext,
  module: CrmModuleRecord,
  input: unknown,
  index: number,
  existing: CrmRecord | null,
): ValuesCheck {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, error: notAnObject(index) };
  }
  const body = input as Record<string, unknown>;
  const fields = new Map(module.fields.map((f) => [f.api_name, f]));
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    if (NOT_FIELDS.has(key) || key.startsWith('$')) continue;
    const field = fields.get(key);
    if (!field) return { ok: false, error: unknownField(index, key) };
    // Zoho sets these itself and ignores them in a write.
    if (field.read_only) continue;
    const checked = checkValue(ctx, field, value, index);
    if (!checked.ok) return checked;
    values[key] = checked.value;
  }
  for (const field of module.fields) {
    if (!field.system_mandatory) continue;
    const named = Object.hasOwn(values, field.api_name);
    if (
      (existing === null && (!named || isEmpty(values[field.api_name]))) ||
      (named && isEmpty(values[field.api_name]))
    ) {
      return { ok: false, error: mandatoryNotFound(index, field.api_name) };
    }
  }
  return { ok: true, values };
}
