/*
 * Desk's part of the emulator state: plain JSON like the rest (state.ts), so a state file can hold it.
 * Records keep Zoho's field names and formats as they are answered (zoho-api.md §2.2): ids and counts are
 * digit strings, times ISO-8601 UTC strings. `orgId` and `trashedTime` are the emulator's own bookkeeping and
 * never appear in an API answer (see desk-views.ts).
 */

/** A Desk organization (portal) as the emulator stores it. */
export interface DeskOrgRecord {
  id: string;
  companyName: string;
  portalName: string;
  /** FREE, EXPRESS, STANDARD, PROFESSIONAL, ENTERPRISE (zoho-api.md §2.2 Organizations). */
  edition: string;
  /** Users who belong to the org; a token works only in an org of its user (OAUTH_ORG_MISMATCH, §2.3). */
  userIds: string[];
  /** Concurrent-call limit set at runtime; null means the `desk.concurrency` option. */
  concurrency: number | null;
  /** The next `ticketNumber`; Desk numbers tickets per portal from 101. */
  nextTicketNumber: number;
  createdTime: string;
  /**
   * The ticket layout's custom fields (Setup → Layouts and Fields → Tickets), answered by `GET /api/v1/fields`.
   * Absent in state files written before it existed: read as the default (see `ticketCustomFieldsOf`).
   */
  ticketCustomFields?: DeskCustomFieldDef[];
}

/** A custom field of a module's layout: a single-line text field (`Text`), the kind zohokit needs. */
export interface DeskCustomFieldDef {
  id: string;
  apiName: string;
  displayLabel: string;
  type: 'Text';
  maxLength: number;
  createdTime: string;
}

/** The ticket custom field zohokit's idempotent create uses (the SDK's default `desk.idempotencyField`). */
export const DESK_IDEMPOTENCY_FIELD = 'cf_zohokit_key';

/** A fresh emulator is set up the way zohokit's README asks a real portal to be: with the idempotency field. */
function defaultTicketCustomFields(createdTime: string): DeskCustomFieldDef[] {
  return [
    {
      id: '1892000000009001',
      apiName: DESK_IDEMPOTENCY_FIELD,
      displayLabel: 'zohokit key',
      type: 'Text',
      maxLength: 255,
      createdTime,
    },
  ];
}

/**
 * The org's ticket custom fields. An org from an older state file has none recorded; that emulator stored any
 * `cf_` value, so it reads as the default rather than as a portal without zohokit's field.
 */
export function ticketCustomFieldsOf(org: DeskOrgRecord): DeskCustomFieldDef[] {
  org.ticketCustomFields ??= defaultTicketCustomFields(org.createdTime);
  return org.ticketCustomFields;
}

/** A Desk department as the emulator stores it. */
export interface DeskDepartmentRecord {
  id: string;
  orgId: string;
  name: string;
  description: string | null;
  isEnabled: boolean;
  isDefault: boolean;
  createdTime: string;
}

/** Custom field values come back as strings (or null), whatever type was sent. */
export type DeskCustomFieldValues = Record<string, string | null>;

/** A Desk contact as the emulator stores it. */
export interface DeskContactRecord {
  id: string;
  orgId: string;
  firstName: string | null;
  lastName: string;
  email: string | null;
  secondaryEmail: string | null;
  phone: string | null;
  mobile: string | null;
  accountId: string | null;
  description: string | null;
  title: string | null;
  type: string | null;
  street: string | null;
  city: string | null;
  state: string | null;
  country: string | null;
  zip: string | null;
  createdTime: string;
  modifiedTime: string;
  cf: DeskCustomFieldValues;
}

/** A Desk ticket as the emulator stores it. */
export interface DeskTicketRecord {
  id: string;
  orgId: string;
  ticketNumber: string;
  subject: string;
  description: string | null;
  status: string;
  priority: string | null;
  channel: string | null;
  category: string | null;
  subCategory: string | null;
  classification: string | null;
  language: string | null;
  resolution: string | null;
  departmentId: string;
  contactId: string;
  email: string | null;
  phone: string | null;
  assigneeId: string | null;
  productId: string | null;
  dueDate: string | null;
  customerResponseTime: string;
  createdTime: string;
  modifiedTime: string;
  closedTime: string | null;
  cf: DeskCustomFieldValues;
  /** Set by moveToTrash: the ticket is gone from every API answer. */
  trashedTime: string | null;
}

/** Everything the emulated Desk holds: orgs, departments, contacts, tickets and calls in progress. */
export interface DeskState {
  orgs: Record<string, DeskOrgRecord>;
  departments: Record<string, DeskDepartmentRecord>;
  contacts: Record<string, DeskContactRecord>;
  tickets: Record<string, DeskTicketRecord>;
  /** Source of record ids (see newDeskId). */
  nextId: number;
}

/** The org the seeded user belongs to; stable so a test or a config file can name it. */
export const DESK_ORG_ID = '700000001';
/** An org the seeded user does not belong to: its id in `orgId` gives OAUTH_ORG_MISMATCH. */
export const DESK_FOREIGN_ORG_ID = '700000002';
/** Id of the seeded Support department. */
export const DESK_SUPPORT_DEPARTMENT_ID = '1892000000006907';
/** Id of the seeded Sales department. */
export const DESK_SALES_DEPARTMENT_ID = '1892000000006915';

/** Record ids have the shape of Zoho's 16-digit ids (`1892000000042034`, zoho-api.md §2.2). */
const ID_BASE = 1_892_000_000_050_000;

/** Desk samples always carry `.000Z` (zoho-api.md §2.2): times are kept to the second. */
export function deskTime(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString();
}

export function newDeskId(desk: DeskState): string {
  const id = String(ID_BASE + desk.nextId);
  desk.nextId += 1;
  return id;
}

export function createDeskState(userId: string, now = Date.now()): DeskState {
  const createdTime = deskTime(now);
  const org = (id: string, companyName: string, portalName: string, edition: string, userIds: string[]) => ({
    id,
    companyName,
    portalName,
    edition,
    userIds,
    concurrency: null,
    nextTicketNumber: 101,
    createdTime,
    ticketCustomFields: defaultTicketCustomFields(createdTime),
  });
  const department = (id: string, name: string, isDefault: boolean): DeskDepartmentRecord => ({
    id,
    orgId: DESK_ORG_ID,
    name,
    description: null,
    isEnabled: true,
    isDefault,
    createdTime,
  });
  return {
    orgs: {
      [DESK_ORG_ID]: org(DESK_ORG_ID, 'Zohokit Dev', 'zohokitdev', 'STANDARD', [userId]),
      [DESK_FOREIGN_ORG_ID]: org(DESK_FOREIGN_ORG_ID, 'Another Company', 'anothercompany', 'PROFESSIONAL', []),
    },
    departments: {
      [DESK_SUPPORT_DEPARTMENT_ID]: department(DESK_SUPPORT_DEPARTMENT_ID, 'Support', true),
      [DESK_SALES_DEPARTMENT_ID]: department(DESK_SALES_DEPARTMENT_ID, 'Sales', false),
    },
    contacts: {},
    tickets: {},
    nextId: 1,
  };
}
