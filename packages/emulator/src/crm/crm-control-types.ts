import type { CRM_CUSTOM_DATA_TYPES, CrmDataType, CrmFieldRecord } from './crm-fields.js';
import type { CrmRecord } from './crm-state.js';

/* Request and response shapes of the CRM control routes (/__emulator/crm...), shared with EmulatorControl. */

export type { CrmDataType, CrmFieldRecord, CrmRecord };

/** One module at a glance: how many records, and its fields' API names. */
export interface CrmModuleSummary {
  api_name: string;
  records: number;
  fields: string[];
}

/** A recent record for the inspector: module, id, display name and times. */
export interface CrmRecentRecord {
  module: string;
  id: string;
  name: string;
  createdTime: string;
  modifiedTime: string;
}

/** The CRM at a glance (`control.crm.overview()`): modules, recent records, credits and concurrency. */
export interface CrmOverview {
  modules: CrmModuleSummary[];
  /** The 10 most recently created records of all modules, newest first. */
  recent: CrmRecentRecord[];
  /** Credits used in the rolling 24 hours, and the limit in force. */
  credits: { used: number; limit: number; windowHours: 24 };
  /** Calls in progress (all apps) and the per-app limit in force. */
  concurrency: { inFlight: number; limit: number };
}

/**
 * Records to seed without a token or credits: `count` generated ones (`Lead 1`, `lead1@example.com`, ... plus
 * `values` shared by all), or `records` given one by one (checked like an insert). Up to 100,000.
 */
export interface SeedCrmRecordsInput {
  module: string;
  count?: number;
  values?: Record<string, unknown>;
  records?: Array<Record<string, unknown>>;
}

/** The ids of the seeded records, in creation order. */
export interface SeedCrmRecordsResult {
  module: string;
  ids: string[];
}

/** A custom field to add to a module (`control.crm.addField()`). */
export interface AddCrmFieldInput {
  module: string;
  api_name: string;
  data_type: (typeof CRM_CUSTOM_DATA_TYPES)[number];
  field_label?: string;
  length?: number;
  /** "Do not allow duplicate values": a second record with the same value is DUPLICATE_DATA. */
  unique?: boolean;
  mandatory?: boolean;
}

/** Changes to an existing field (standard fields included), e.g. Email made unique. */
export interface UpdateCrmFieldInput {
  unique?: boolean;
  mandatory?: boolean;
}

/** Limits set at runtime; null goes back to the `crm` option. */
export interface SetCrmLimitsInput {
  concurrency?: number | null;
  credits?: number | null;
}
