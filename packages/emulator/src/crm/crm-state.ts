import type { CrmFieldRecord } from './crm-fields.js';
import { CRM_MODULE_INFO, CRM_SEED_MODULES, seedFields } from './crm-fields.js';

/*
 * CRM's part of the emulator state: plain JSON like the rest (state.ts), so a state file can hold it. A record
 * keeps its field values under their API names as they are answered (times as CRM's ISO strings with offset);
 * `createdSeq` orders records created in the same millisecond.
 */

/** A CRM module (Leads, Contacts, ...) with its fields. */
export interface CrmModuleRecord {
  id: string;
  api_name: string;
  singular_label: string;
  plural_label: string;
  custom: boolean;
  fields: CrmFieldRecord[];
}

/** A CRM record as stored: `id`, system fields and the values written, by field API name. */
export interface CrmRecord {
  id: string;
  values: Record<string, unknown>;
  /** Creation order, the tie-break for `sort_by=id` and the default order. */
  seq: number;
}

/** Credits used per minute, for the rolling 24-hour count (zoho-api.md §4 "Credits"). */
export interface CrmCreditBucket {
  minute: number;
  credits: number;
}

/** Everything the emulated CRM holds. */
export interface CrmState {
  modules: Record<string, CrmModuleRecord>;
  /** Records per module API name, by record id, in creation order. */
  records: Record<string, Record<string, CrmRecord>>;
  credits: CrmCreditBucket[];
  /** Concurrent-call limit set at runtime; null means the `crm.concurrency` option. */
  concurrency: number | null;
  /** Credits per rolling 24 hours set at runtime; null means the `crm.credits` option. */
  creditLimit: number | null;
  nextId: number;
  nextSeq: number;
}

/** Record ids have the shape of CRM's 19-digit ids (`5725767000000524157`, zoho-api.md §4). */
const ID_BASE = 5_725_767_000_001_000_000n;

export function newCrmId(crm: CrmState): string {
  const id = String(ID_BASE + BigInt(crm.nextId));
  crm.nextId += 1;
  return id;
}

/** A field id for a custom field: same 19-digit shape, drawn from the record id sequence. */
export const newCrmFieldId = newCrmId;

export function createCrmState(): CrmState {
  const modules: Record<string, CrmModuleRecord> = {};
  const records: Record<string, Record<string, CrmRecord>> = {};
  CRM_SEED_MODULES.forEach((name, i) => {
    const info = CRM_MODULE_INFO[name] ?? { singular: name, id: '' };
    modules[name] = {
      id: info.id,
      api_name: name,
      singular_label: info.singular,
      plural_label: name,
      custom: false,
      fields: seedFields(name, i),
    };
    records[name] = {};
  });
  return { modules, records, credits: [], concurrency: null, creditLimit: null, nextId: 1, nextSeq: 1 };
}

/** A module by API name, case-insensitively as CRM resolves it; undefined when there is none. */
export function findModule(crm: CrmState, name: string | undefined): CrmModuleRecord | undefined {
  if (name === undefined) return undefined;
  const want = name.toLowerCase();
  return Object.values(crm.modules).find((m) => m.api_name.toLowerCase() === want);
}

export function moduleRecords(crm: CrmState, module: CrmModuleRecord): Record<string, CrmRecord> {
  let records = crm.records[module.api_name];
  if (!records) {
    records = {};
    crm.records[module.api_name] = records;
  }
  return records;
}

/** CRM writes times in the org's time zone with an offset and no fraction (`2023-05-10T01:10:47+00:00`). */
export function crmTime(epochMs: number): string {
  return `${new Date(Math.floor(epochMs / 1000) * 1000).toISOString().slice(0, 19)}+00:00`;
}
