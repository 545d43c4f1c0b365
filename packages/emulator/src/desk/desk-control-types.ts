import type { DeskContactRecord, DeskCustomFieldValues, DeskTicketRecord } from './desk-state.js';

/* Request and response shapes of the Desk control routes (/__emulator/desk...), shared with EmulatorControl. */

export type { DeskContactRecord, DeskCustomFieldValues, DeskTicketRecord };

/** A Desk organization (portal) as the control API lists it. */
export interface DeskOrgSummary {
  id: string;
  companyName: string;
  portalName: string;
  edition: string;
  /** Users who belong to the org. The seeded user belongs to exactly one. */
  userIds: string[];
  /** The concurrent-call limit in force (the runtime setting, else the `desk.concurrency` option). */
  concurrency: number;
  /** Calls in progress right now. */
  inFlight: number;
}

/** A Desk department as the control API lists it. */
export interface DeskDepartmentSummary {
  id: string;
  orgId: string;
  name: string;
  isEnabled: boolean;
  isDefault: boolean;
}

/**
 * The seeded Desk data at a glance: the user's org, a foreign org, departments and counts
 * (`control.desk.overview()`).
 */
export interface DeskOverview {
  /** The seeded user's org: the `orgId` header to send. */
  orgId: string;
  /** An org the seeded user does not belong to: sending its id gives OAUTH_ORG_MISMATCH. */
  foreignOrgId: string | null;
  orgs: DeskOrgSummary[];
  departments: DeskDepartmentSummary[];
}

/**
 * One ticket to seed: the body of `POST /api/v1/tickets`, every field optional (subject `Ticket <n>`, the org's
 * default department and a shared seed contact by default), plus `orgId` (default: the seeded user's org).
 */
export interface SeedDeskTicket {
  orgId?: string;
  subject?: string;
  departmentId?: string;
  contactId?: string;
  contact?: { email?: string; lastName?: string; firstName?: string; phone?: string; mobile?: string };
  status?: string;
  priority?: string;
  channel?: string;
  description?: string;
  assigneeId?: string;
  dueDate?: string;
  cf?: Record<string, string | number | boolean | null>;
  [field: string]: unknown;
}

/** `count` alike tickets quickly (paging tests), or a list of individual ones. */
export type SeedDeskTicketsInput =
  | {
      count: number;
      orgId?: string;
      departmentId?: string;
      subject?: string;
      status?: string;
      priority?: string;
      channel?: string;
      cf?: Record<string, string | number | boolean | null>;
    }
  | SeedDeskTicket[];

/** A new per-org concurrency limit for `control.desk.setConcurrency()`. */
export interface SetDeskConcurrencyInput {
  /** null restores the `desk.concurrency` option. */
  limit: number | null;
  /** Default: the seeded user's org. */
  orgId?: string;
}

/** An org's concurrency limit now in force and the calls in progress. */
export interface DeskConcurrencySetting {
  orgId: string;
  /** The limit now in force. */
  concurrency: number;
}
