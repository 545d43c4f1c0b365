/** Validation of the per-product options (`desk`, `campaigns`). */

import { isRecord } from './body.js';
import { positiveInteger, positiveNumber, rejectUnknown } from './config-checks.js';
import { configError } from './errors.js';
import {
  DEFAULT_CAMPAIGNS_LIMITS,
  DEFAULT_CRM_CONCURRENCY,
  DEFAULT_DESK_CONCURRENCY,
  type LimitWindow,
} from './http/limiter.js';

/** Zoho Desk settings (option `desk` of `ZohoOptions`). */
export interface DeskOptions {
  /** The Desk organization (portal) id, sent as the `orgId` header on every call but organizations.list(). */
  orgId?: string;
  /** Concurrent Desk calls from this client; default 5 (the free edition's limit, zoho-api.md §2.4). */
  maxConcurrency?: number;
  /** Ticket custom field that holds `tickets.create` idempotency keys; default `cf_zohokit_key`. */
  idempotencyField?: string;
}

/** Zoho Campaigns settings (option `campaigns` of `ZohoOptions`). */
export interface CampaignsOptions {
  /**
   * Per-API call windows, keyed by API name (`listsubscribe`, `addlistsubscribersinbulk`, …; `default` for the
   * rest). Defaults are Zoho's documented limits. A call that would exceed a window waits for a free slot.
   */
  limits?: Record<string, LimitWindow | LimitWindow[]>;
}

/** Zoho CRM settings (option `crm` of `ZohoOptions`). */
export interface CrmOptions {
  /** The API version in every path (`/crm/v8/...`); default `v8`. Zoho serves v2 … v8 side by side. */
  version?: string;
  /**
   * Concurrent CRM calls from this client; default 5. Zoho caps concurrent calls per app and org by edition
   * (`CRM_CONCURRENCY_BY_EDITION`: Free 5, Standard 10, Professional 15, Enterprise 20, Ultimate 25) and answers
   * 429 `TOO_MANY_REQUESTS` above it; set your edition's number, less what other apps of yours use.
   */
  maxConcurrency?: number;
  /**
   * API name of the single-line custom field that holds `insert(…, { idempotencyKey })` keys, in every module
   * you insert into with a key; default `zohokit_key` (a field labelled "zohokit key" gets that API name).
   */
  idempotencyField?: string;
}

export interface ResolvedCrm {
  version: string;
  maxConcurrency: number;
  idempotencyField: string;
}

export function resolveCrm(value: unknown): ResolvedCrm {
  const crm: ResolvedCrm = { version: 'v8', maxConcurrency: DEFAULT_CRM_CONCURRENCY, idempotencyField: 'zohokit_key' };
  if (value === undefined) return crm;
  if (!isRecord(value)) throw configError('option "crm" must be an object', 'For example { version: "v8" }');
  rejectUnknown(value, 'crm', ['version', 'maxConcurrency', 'idempotencyField']);
  if (value.version !== undefined) {
    if (typeof value.version !== 'string' || !/^v[2-9]$/.test(value.version)) {
      throw configError(
        `option "crm.version" must be one of v2 … v9 (got ${JSON.stringify(value.version)})`,
        'Omit it for v8, the version zohokit is tested against',
      );
    }
    crm.version = value.version;
  }
  crm.maxConcurrency = positiveInteger(value, 'crm.maxConcurrency', 'maxConcurrency', DEFAULT_CRM_CONCURRENCY);
  if (value.idempotencyField !== undefined) {
    // CRM API names are letters, digits and underscores, starting with a letter (Setup → Developer Hub → APIs).
    if (typeof value.idempotencyField !== 'string' || !/^[A-Za-z]\w{0,99}$/.test(value.idempotencyField)) {
      throw configError(
        `option "crm.idempotencyField" must be a CRM field API name like "zohokit_key" (got ${JSON.stringify(value.idempotencyField)})`,
        'Create a single-line field (unique, if your edition allows) in each module and pass its API name',
      );
    }
    crm.idempotencyField = value.idempotencyField;
  }
  return crm;
}

export interface ResolvedDesk {
  orgId: string | undefined;
  maxConcurrency: number;
  idempotencyField: string;
}

export function resolveDesk(value: unknown): ResolvedDesk {
  const desk: ResolvedDesk = {
    orgId: undefined,
    maxConcurrency: DEFAULT_DESK_CONCURRENCY,
    idempotencyField: 'cf_zohokit_key',
  };
  if (value === undefined) return desk;
  if (!isRecord(value)) throw configError('option "desk" must be an object', 'For example { orgId: "123456" }');
  rejectUnknown(value, 'desk', ['orgId', 'maxConcurrency', 'idempotencyField']);
  if (value.orgId !== undefined) {
    if (typeof value.orgId !== 'string' || !/^\S+$/.test(value.orgId)) {
      throw configError(
        `option "desk.orgId" must be a non-empty string without spaces (got ${JSON.stringify(value.orgId)})`,
        "Pass the id as a string; find it with 'zohokit desk orgs' or zoho.desk.organizations.list()",
      );
    }
    desk.orgId = value.orgId;
  }
  desk.maxConcurrency = positiveInteger(value, 'desk.maxConcurrency', 'maxConcurrency', DEFAULT_DESK_CONCURRENCY);
  if (value.idempotencyField !== undefined) {
    // Desk names custom fields `cf_<name>` in API payloads and in search (`customField1=cf_x:value`).
    if (typeof value.idempotencyField !== 'string' || !/^cf_\w+$/.test(value.idempotencyField)) {
      throw configError(
        `option "desk.idempotencyField" must be a Desk custom field API name like "cf_zohokit_key" (got ${JSON.stringify(value.idempotencyField)})`,
        'Create a single-line ticket field and pass its API name (Setup → Layouts and Fields)',
      );
    }
    desk.idempotencyField = value.idempotencyField;
  }
  return desk;
}

export function resolveCampaigns(value: unknown): Record<string, LimitWindow[]> {
  const limits: Record<string, LimitWindow[]> = {};
  for (const [api, windows] of Object.entries(DEFAULT_CAMPAIGNS_LIMITS)) limits[api] = [...windows];
  if (value === undefined) return limits;
  if (!isRecord(value))
    throw configError('option "campaigns" must be an object', 'For example { limits: { listsubscribe: {...} } }');
  rejectUnknown(value, 'campaigns', ['limits']);
  if (value.limits === undefined) return limits;
  if (!isRecord(value.limits))
    throw configError(
      'option "campaigns.limits" must be an object keyed by API name',
      'For example { listsubscribe: { max: 500, windowMs: 60000 } }',
    );
  for (const [api, given] of Object.entries(value.limits)) {
    const list = Array.isArray(given) ? given : [given];
    if (list.length === 0) throw configError(`option "campaigns.limits.${api}" must not be empty`);
    limits[api.toLowerCase()] = list.map((w, i) =>
      limitWindow(w, `campaigns.limits.${api}${Array.isArray(given) ? `[${i}]` : ''}`),
    );
  }
  return limits;
}

function limitWindow(value: unknown, label: string): LimitWindow {
  if (!isRecord(value))
    throw configError(`option "${label}" must be { max, windowMs }`, 'For example { max: 500, windowMs: 60000 }');
  rejectUnknown(value, label, ['max', 'windowMs']);
  if (value.max === undefined || value.windowMs === undefined) {
    throw configError(`option "${label}" needs both max and windowMs`, 'For example { max: 500, windowMs: 60000 }');
  }
  return {
    max: positiveInteger(value, `${label}.max`, 'max', 1),
    windowMs: positiveNumber(value, 'windowMs', 1, `${label}.windowMs`),
  };
}
