import { crmError } from '../crm-errors.js';
import type { CrmModuleRecord, CrmRecord } from './crm-state.js';

/*
 * Records as CRM answers them: `id` first, then the fields asked for (`fields=`), unset ones as null. Without
 * `fields` (single-record GET) every field of the module.
 */

/** Most fields one `fields=` may name (Zoho's LIMIT_EXCEEDED sample: 50). */
export const MAX_FIELDS = 50;

export function recordView(module: CrmModuleRecord, record: CrmRecord, fields: readonly string[] | null) {
  const names = fields ?? module.fields.map((f) => f.api_name);
  const view: Record<string, unknown> = { id: record.id };
  for (const name of names) if (name !== 'id') view[name] = record.values[name] ?? null;
  return view;
}

/**
 * The `fields` query parameter: a comma-separated list of the module's field API names (≤ 50). `null` means
 * absent; a Response is the error to answer.
 */
export function readFieldsParam(module: CrmModuleRecord, raw: string | undefined): string[] | null | Response {
  if (raw === undefined) return null;
  const names = [
    ...new Set(
      raw
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== ''),
    ),
  ];
  if (names.length === 0)
    return crmError(400, 'REQUIRED_PARAM_MISSING', 'required param is missing', { param_name: 'fields' });
  if (names.length > MAX_FIELDS) {
    return crmError(400, 'LIMIT_EXCEEDED', 'limit exceeded', { limit: MAX_FIELDS, param_name: 'fields' });
  }
  const known = new Set(module.fields.map((f) => f.api_name));
  const unknown = names.find((n) => n !== 'id' && !known.has(n));
  if (unknown !== undefined)
    return crmError(400, 'INVALID_DATA', 'invalid data', { api_name: unknown, param_name: 'fields' });
  return names;
}

export type SortBy = 'id' | 'Created_Time' | 'Modified_Time';
export type SortOrder = 'asc' | 'desc';

/** The module's records in the order asked: by id (creation order) or by a time, ties broken by creation. */
export function sortedRecords(records: Record<string, CrmRecord>, sortBy: SortBy, order: SortOrder): CrmRecord[] {
  // Ids grow with creation and objects keep insertion order for non-index keys: no sort needed for `id`.
  const list = Object.values(records);
  if (sortBy !== 'id') {
    list.sort((a, b) => {
      const x = String(a.values[sortBy] ?? '');
      const y = String(b.values[sortBy] ?? '');
      return x === y ? a.seq - b.seq : x < y ? -1 : 1;
    });
  }
  return order === 'desc' ? list.reverse() : list;
}
