import type { EmulatorContext } from '../emulator-context.js';
import type { UserRecord } from '../state.js';
import type { CrmItemResult } from './crm-item-errors.js';
import { duplicateData } from './crm-item-errors.js';
import type { CrmModuleRecord, CrmRecord } from './crm-state.js';
import { crmTime, moduleRecords, newCrmId } from './crm-state.js';
import { crmOwner } from './record-values.js';

/*
 * Creating, changing and deleting stored CRM records, and the unique-field check that guards them. Everything
 * here trusts its input: record-values.ts has checked it.
 */

/** The `details` of a successful write: id, times and users (Zoho's insert/update samples). */
export function writeDetails(record: CrmRecord): Record<string, unknown> {
  const v = record.values;
  const brief = (user: unknown) => {
    const { name, id } = (user ?? {}) as { name?: string; id?: string };
    return { name, id };
  };
  return {
    Modified_Time: v.Modified_Time,
    Modified_By: brief(v.Modified_By),
    Created_Time: v.Created_Time,
    id: record.id,
    Created_By: brief(v.Created_By),
    $approval_state: 'approved',
  };
}

/** Full_Name is CRM's own: First_Name and Last_Name joined. */
function withDerived(module: CrmModuleRecord, values: Record<string, unknown>): void {
  if (!module.fields.some((f) => f.api_name === 'Full_Name')) return;
  const parts = [values.First_Name, values.Last_Name].filter((p) => typeof p === 'string' && p !== '');
  values.Full_Name = parts.join(' ');
}

const comparable = (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : JSON.stringify(value));

/**
 * The first unique field of `values` whose value another record of the module already has (case-insensitive for
 * text, as Zoho's duplicate check is). `exceptId` is the record being updated.
 */
export function findUniqueConflict(
  ctx: EmulatorContext,
  module: CrmModuleRecord,
  values: Record<string, unknown>,
  exceptId: string | null,
): { field: string; record: CrmRecord } | null {
  const unique = module.fields.filter(
    (f) => f.unique && values[f.api_name] !== undefined && values[f.api_name] !== null,
  );
  if (unique.length === 0) return null;
  for (const record of Object.values(moduleRecords(ctx.state.crm, module))) {
    if (record.id === exceptId) continue;
    for (const field of unique) {
      const theirs = record.values[field.api_name];
      if (theirs !== null && theirs !== undefined && comparable(theirs) === comparable(values[field.api_name])) {
        return { field: field.api_name, record };
      }
    }
  }
  return null;
}

export function conflictError(
  module: CrmModuleRecord,
  index: number,
  conflict: { field: string; record: CrmRecord },
): CrmItemResult {
  const owner = conflict.record.values.Owner as { name?: string; id?: string } | undefined;
  return duplicateData(index, conflict.field, {
    id: conflict.record.id,
    owner: { name: owner?.name, id: owner?.id },
    module: { api_name: module.api_name, id: module.id },
  });
}

export function createRecord(
  ctx: EmulatorContext,
  module: CrmModuleRecord,
  values: Record<string, unknown>,
  user: UserRecord,
): CrmRecord {
  const crm = ctx.state.crm;
  const now = crmTime(ctx.now());
  const who = crmOwner(user);
  const stored: Record<string, unknown> = {
    Owner: who,
    ...values,
    Created_By: who,
    Modified_By: who,
    Created_Time: now,
    Modified_Time: now,
  };
  withDerived(module, stored);
  const record: CrmRecord = { id: newCrmId(crm), values: stored, seq: crm.nextSeq };
  crm.nextSeq += 1;
  moduleRecords(crm, module)[record.id] = record;
  return record;
}

export function updateRecord(
  ctx: EmulatorContext,
  module: CrmModuleRecord,
  record: CrmRecord,
  values: Record<string, unknown>,
  user: UserRecord,
): CrmRecord {
  Object.assign(record.values, values, { Modified_By: crmOwner(user), Modified_Time: crmTime(ctx.now()) });
  withDerived(module, record.values);
  return record;
}

export function deleteRecord(ctx: EmulatorContext, module: CrmModuleRecord, id: string): boolean {
  const records = moduleRecords(ctx.state.crm, module);
  if (!Object.hasOwn(records, id)) return false;
  delete records[id];
  return true;
}
