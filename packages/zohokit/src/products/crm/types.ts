/**
 * Public types of `zoho.crm`: records of the standard modules used in forms, open to custom fields, and the
 * shapes of CRM v8 answers (docs/zoho-behaviour.md, "CRM records").
 */

import type { ZohoError, ZohoValidationError } from '../../errors.js';

/** A lookup or owner value as CRM returns it. */
export interface CrmLookup {
  id: string;
  name?: string;
  [key: string]: unknown;
}

/** Any CRM record: field API names to values. `id` is set on records read from CRM. */
export interface CrmRecord {
  id?: string;
  [field: string]: unknown;
}

/** Leads: `Last_Name` is mandatory. Custom fields by API name (`My_Field`) are allowed beside these. */
export interface CrmLead extends CrmRecord {
  First_Name?: string | null;
  Last_Name?: string;
  Email?: string | null;
  Phone?: string | null;
  Mobile?: string | null;
  Company?: string | null;
  Lead_Source?: string | null;
  Lead_Status?: string | null;
  Description?: string | null;
  Owner?: CrmLookup;
}

/** Contacts: `Last_Name` is mandatory. */
export interface CrmContact extends CrmRecord {
  First_Name?: string | null;
  Last_Name?: string;
  Email?: string | null;
  Phone?: string | null;
  Mobile?: string | null;
  Account_Name?: CrmLookup | null;
  Lead_Source?: string | null;
  Description?: string | null;
  Owner?: CrmLookup;
}

/** Accounts: `Account_Name` is mandatory. */
export interface CrmAccount extends CrmRecord {
  Account_Name?: string;
  Website?: string | null;
  Phone?: string | null;
  Industry?: string | null;
  Description?: string | null;
  Owner?: CrmLookup;
}

/** Deals: `Deal_Name` and `Stage` are mandatory. */
export interface CrmDeal extends CrmRecord {
  Deal_Name?: string;
  Stage?: string;
  Amount?: number | null;
  Closing_Date?: string | null;
  Account_Name?: CrmLookup | null;
  Contact_Name?: CrmLookup | null;
  Description?: string | null;
  Owner?: CrmLookup;
}

/** The standard modules with typed fields; `records('Leads')` is a `CrmRecords<CrmLead>`. */
export interface CrmStandardModules {
  Leads: CrmLead;
  Contacts: CrmContact;
  Accounts: CrmAccount;
  Deals: CrmDeal;
}

/** `info` of a records page (Get Records, Search, COQL answer subsets of it). */
export interface CrmPageInfo {
  per_page?: number;
  count?: number;
  page?: number;
  more_records?: boolean;
  next_page_token?: string | null;
  previous_page_token?: string | null;
  page_token_expiry?: string | null;
  [key: string]: unknown;
}

/** A records page as CRM answers it (HTTP 200; a 204 has no body). */
export interface CrmPage<T> {
  data: T[];
  info: CrmPageInfo;
}

/** Options of `records(module).list`. */
export interface CrmListOptions {
  /** Field API names to return: Zoho requires them in v8 (at most 50). */
  fields: readonly string[];
  /** Records per call, 1–200; default 200 (fewest calls). */
  perPage?: number;
  sortBy?: 'id' | 'Created_Time' | 'Modified_Time';
  sortOrder?: 'asc' | 'desc';
  /** A custom view's id. */
  cvid?: string;
  signal?: AbortSignal;
}

/** One condition of a search: `(Field:operator:value)`; values are escaped for you. */
export interface CrmCondition {
  field: string;
  op:
    | 'equals'
    | 'not_equal'
    | 'starts_with'
    | 'in'
    | 'not_in'
    | 'greater_than'
    | 'greater_equal'
    | 'less_than'
    | 'less_equal'
    | 'between';
  /** One value, or several for `in`, `not_in` and `between` (two). */
  value: string | number | boolean | readonly (string | number)[];
}

/** A search criteria tree: a condition, or conditions joined by `and` / `or` (at most 15 conditions). */
export type CrmCriteria = CrmCondition | { and: readonly CrmCriteria[] } | { or: readonly CrmCriteria[] };

/** What `records(module).search` looks for: exactly one of the four. */
export type CrmSearchInput = ({ criteria: CrmCriteria } | { email: string } | { phone: string } | { word: string }) & {
  /** Field API names to return (optional in search). */
  fields?: readonly string[];
  /** Records per call, 1–200; default 200. Search reaches the first 2,000 matches. */
  perPage?: number;
  signal?: AbortSignal;
};

/** Options of insert, update, upsert and delete. */
export interface CrmWriteOptions {
  /** Calls of 100 records in flight at once (1–10); default 2. They also wait for the CRM concurrency limit. */
  concurrency?: number;
  /** Workflow rules, approval, blueprint: Zoho's `trigger` list; default Zoho's (all). `[]` triggers none. */
  trigger?: readonly ('workflow' | 'approval' | 'blueprint')[];
  signal?: AbortSignal;
  /** Called after each call of up to 100 records (a progress bar, a checkpoint); `false` stops the run. */
  onChunk?: (chunk: CrmChunkResult) => unknown;
}

/** Options of `insert`: a key makes an outcome-unknown failure safe to resolve (see `CrmRecords.insert`). */
export interface CrmInsertOptions extends CrmWriteOptions {
  /**
   * The insert's identity (1–100 of letters, digits, `. _ - @`). It is written to the `crm.idempotencyField`
   * custom field of each record (one record: the key; several: `<key>.<index>`); after a reset, timeout or 5xx
   * the records carrying it are looked up before any of them is sent again.
   */
  idempotencyKey?: string;
}

/** Options of `upsert`. */
export interface CrmUpsertOptions extends CrmWriteOptions {
  /** Fields that identify an existing record, in order; default Zoho's (Email for Leads and Contacts, …). */
  duplicateCheckFields?: readonly string[];
}

/** One record's outcome, in the order the records were given. */
export interface CrmRecordResult {
  /** Position of the record in the input. */
  index: number;
  ok: boolean;
  /** `not_attempted`: the run stopped before this record's call (see `CrmWriteResult.stopped`). */
  status: 'success' | 'error' | 'not_attempted';
  /** The record's id: `details.id` of Zoho's answer, or the record found when reconciling. */
  id?: string | undefined;
  /** Zoho's code (`SUCCESS`, `INVALID_DATA`, `MANDATORY_NOT_FOUND`, `DUPLICATE_DATA`, …) or the call's error code. */
  code?: string | undefined;
  message?: string | undefined;
  /** Zoho's `details` for this record. */
  details?: Record<string, unknown> | undefined;
  /** Upsert: whether the record was inserted or updated, and the field that matched. */
  action?: 'insert' | 'update' | undefined;
  duplicateField?: string | undefined;
  /** Found by its idempotency key after an outcome-unknown failure, not inserted by this call. */
  reconciled?: boolean | undefined;
  /** Why it failed: a record Zoho refused is a `ZohoValidationError` with `details.fieldName` (Zoho's `api_name`). */
  error?: ZohoValidationError | ZohoError | undefined;
}

/** One call of up to 100 records, as reported to `onChunk`. */
export interface CrmChunkResult {
  chunk: number;
  /** Index of the chunk's first record in the input. */
  start: number;
  records: CrmRecordResult[];
}

/** The result of a write of any number of records: one entry per record, in order, and totals. */
export interface CrmWriteResult {
  records: CrmRecordResult[];
  succeeded: number;
  failed: number;
  notAttempted: number;
  /** Calls made (one per 100 records, plus any replays after an outcome-unknown failure). */
  calls: number;
  /** The failure every later call would share (a rejected scope, a lock, an abort) when the run stopped early. */
  stopped?: ZohoError | undefined;
}

/** A CRM user (`GET /users`). */
export interface CrmUser {
  id: string;
  full_name?: string;
  email?: string;
  status?: string;
  [key: string]: unknown;
}

/** The organization (`GET /org`). */
export interface CrmOrg {
  id: string;
  company_name?: string;
  time_zone?: string;
  [key: string]: unknown;
}

/** A module (`GET /settings/modules`). */
export interface CrmModule {
  id: string;
  api_name: string;
  module_name?: string;
  singular_label?: string;
  plural_label?: string;
  api_supported?: boolean;
  [key: string]: unknown;
}

/** A field of a module (`GET /settings/fields?module=`). */
export interface CrmField {
  id: string;
  api_name: string;
  field_label?: string;
  data_type?: string;
  length?: number;
  system_mandatory?: boolean;
  custom_field?: boolean;
  read_only?: boolean;
  unique?: unknown;
  [key: string]: unknown;
}

/** Options of `coql`. */
export interface CrmCoqlOptions {
  /** Rows per call when zohokit pages the query (1–2000); default 2000. */
  pageSize?: number;
  signal?: AbortSignal;
}
