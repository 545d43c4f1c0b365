/**
 * Zoho Desk v1 shapes, with Zoho's own field names (zoho-api.md §2.2). IDs, ticket numbers and counts are JSON
 * strings; timestamps are ISO-8601 strings (`2013-11-04T11:21:07.000Z`). Desk returns more fields than are
 * listed here, hence the index signatures.
 */

/** Values Desk ships with; custom values configured in a portal are accepted too. */
export type DeskPriority = 'High' | 'Medium' | 'Low' | (string & {});
/** The channel a ticket came from; Desk's own values, or a custom one. */
export type DeskChannel = 'Email' | 'Phone' | 'Web' | 'Chat' | 'Forums' | 'Twitter' | 'Facebook' | (string & {});
/** A ticket status; Desk's defaults, or a custom one. */
export type DeskTicketStatus = 'Open' | 'On Hold' | 'Escalated' | 'Closed' | (string & {});

/** Custom fields as Desk names them in API payloads: `cf_<api name>`. */
export type DeskCustomFields = Record<string, string | number | boolean | null>;

/** A Desk organization (portal) as Desk returns it; its `id` is the `orgId` of every other call. */
export interface DeskOrganization {
  id: string;
  companyName: string;
  portalName: string;
  edition?: string;
  isAdminInOrg?: boolean;
  [key: string]: unknown;
}

/** A Desk department as Desk returns it. */
export interface DeskDepartment {
  id: string;
  name: string;
  isEnabled?: boolean;
  description?: string | null;
  [key: string]: unknown;
}

/**
 * A field of a Desk module's layout, as `GET /api/v1/fields` answers it (Zoho's Desk OpenAPI spec, Field.json):
 * `apiName` is what payloads and search use (`cf_…` for custom fields).
 */
export interface DeskField {
  id: string;
  apiName: string;
  displayLabel: string;
  /** `Text`, `Textarea`, `Email`, `Picklist`, `LookUp`, … */
  type: string;
  isCustomField: boolean;
  isMandatory?: boolean | null;
  maxLength?: number | string | null;
  [key: string]: unknown;
}

/** A Desk contact as Desk returns it. */
export interface DeskContact {
  id: string;
  lastName: string;
  firstName?: string | null;
  email?: string | null;
  phone?: string | null;
  mobile?: string | null;
  accountId?: string | null;
  createdTime?: string;
  modifiedTime?: string;
  webUrl?: string;
  cf?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A Desk ticket as Desk returns it. */
export interface DeskTicket {
  id: string;
  ticketNumber: string;
  subject: string;
  status: DeskTicketStatus;
  statusType?: string;
  departmentId: string;
  contactId: string;
  email?: string | null;
  phone?: string | null;
  description?: string | null;
  priority?: DeskPriority | null;
  channel?: DeskChannel | null;
  assigneeId?: string | null;
  dueDate?: string | null;
  createdTime: string;
  modifiedTime?: string;
  closedTime?: string | null;
  threadCount?: string;
  commentCount?: string;
  webUrl?: string;
  cf?: Record<string, unknown>;
  [key: string]: unknown;
}

/** The contact of a new ticket: an existing email is matched to that contact, else one is created. */
export interface TicketContactInput {
  email?: string;
  lastName?: string;
  firstName?: string;
  phone?: string;
  mobile?: string;
}

/**
 * A new ticket. Required: `subject`, `departmentId`, and either `contactId` or `contact` (with `email` or
 * `lastName`), as Desk requires (zoho-api.md §2.2).
 */
export interface CreateTicketInput {
  subject: string;
  departmentId: string;
  contactId?: string;
  contact?: TicketContactInput;
  description?: string;
  priority?: DeskPriority;
  channel?: DeskChannel;
  status?: DeskTicketStatus;
  /** Sent as ISO-8601. */
  dueDate?: string | Date;
  email?: string;
  phone?: string;
  assigneeId?: string;
  productId?: string;
  category?: string;
  subCategory?: string;
  classification?: string;
  language?: string;
  cf?: DeskCustomFields;
}

/** Options of `desk.tickets.create()`. */
export interface CreateTicketOptions {
  /**
   * Makes a retried create safe: the key is stored in the ticket custom field `desk.idempotencyField`
   * (default `cf_zohokit_key`), and when the create's outcome is unknown (reset, timeout, 5xx) zohokit looks
   * the key up before creating again. The field must exist in the portal's ticket layout.
   */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** A partial update (PATCH): only the given fields change. */
export type UpdateTicketInput = Partial<Omit<CreateTicketInput, 'contact'>>;

/** The fields tickets can be sorted by (prefix `-` for descending); the CLI's help and checks read this list. */
export const TICKET_SORT_FIELDS = [
  'createdTime',
  'modifiedTime',
  'dueDate',
  'recentThread',
  'ticketNumber',
  'customerResponseTime',
  'responseDueDate',
] as const;
/** A field `desk.tickets.list()` can sort on (prefix `-` for descending). */
export type TicketSortField = (typeof TICKET_SORT_FIELDS)[number];

/** What a ticket read can `include`. */
export const TICKET_INCLUDES = ['contacts', 'products', 'departments', 'team', 'isRead', 'assignee'] as const;
/** A related record `desk.tickets.get()` can embed. */
export type TicketInclude = (typeof TICKET_INCLUDES)[number];

/** Page size of a Desk list. */
export interface PageOptions {
  /** Items per request, 1–100 (Desk's cap); default 100, so long lists cost the fewest calls. */
  pageSize?: number;
}

/** Filters, paging and sorting of `desk.tickets.list()`. */
export interface ListTicketsOptions extends PageOptions {
  status?: DeskTicketStatus | DeskTicketStatus[];
  departmentId?: string;
  viewId?: string;
  /** `Unassigned`, or agent ids. */
  assignee?: string | string[];
  priority?: DeskPriority | DeskPriority[];
  channel?: DeskChannel | DeskChannel[];
  receivedInDays?: 15 | 30 | 90;
  /** Ascending; prefix `-` for descending (Desk has no `sortOrder`, zoho-api.md §5.10). */
  sortBy?: TicketSortField | `-${TicketSortField}`;
  include?: TicketInclude[];
}

/** Search criteria of `desk.tickets.search()` (at least one). */
export interface SearchTicketsOptions extends PageOptions {
  subject?: string;
  email?: string;
  status?: DeskTicketStatus;
  priority?: DeskPriority;
  channel?: DeskChannel;
  departmentId?: string;
  ticketNumber?: string;
  contactId?: string;
  /** Exact match on custom fields, `{ cf_order_id: '42' }`; sent as `customField1=cf_order_id:42`, … */
  customFields?: Record<string, string>;
  sortBy?: TicketSortField | `-${TicketSortField}`;
}

/** A new Desk contact for `desk.contacts.create()`; `lastName` is required by Desk. */
export interface CreateContactInput {
  lastName: string;
  firstName?: string;
  email?: string;
  phone?: string;
  mobile?: string;
  accountId?: string;
  description?: string;
  cf?: DeskCustomFields;
}

/** Paging and sorting of `desk.contacts.list()`. */
export interface ListContactsOptions extends PageOptions {
  sortBy?:
    | 'createdTime'
    | 'modifiedTime'
    | 'lastName'
    | 'firstName'
    | `-${'createdTime' | 'modifiedTime' | 'lastName' | 'firstName'}`;
}
