/*
 * CRM field metadata as the emulator stores it and `GET /settings/fields` answers it. Names, data types and the
 * mandatory fields of the four seeded modules follow Zoho's Fields Metadata and Insert Records pages
 * (docs/zoho-behaviour.md "CRM records"): Last_Name for Leads and Contacts, Account_Name for Accounts, Deal_Name
 * and Stage for Deals. Ids are 19 digits like CRM's.
 */

/** The data types the emulator validates (Zoho's `data_type` values). */
export type CrmDataType =
  | 'text'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'website'
  | 'picklist'
  | 'integer'
  | 'bigint'
  | 'double'
  | 'currency'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'lookup'
  | 'ownerlookup';

/** The data types a custom field may have (control API). */
export const CRM_CUSTOM_DATA_TYPES = [
  'text',
  'textarea',
  'email',
  'phone',
  'website',
  'picklist',
  'integer',
  'bigint',
  'double',
  'currency',
  'boolean',
  'date',
  'datetime',
] as const;

/** One field of a CRM module. */
export interface CrmFieldRecord {
  id: string;
  api_name: string;
  field_label: string;
  data_type: CrmDataType;
  /** Maximum length of a text value. */
  length: number;
  /** Zoho's `system_mandatory`: a record without it is MANDATORY_NOT_FOUND. */
  system_mandatory: boolean;
  /** "Do not allow duplicate values": a second record with the same value is DUPLICATE_DATA. */
  unique: boolean;
  custom_field: boolean;
  /** Set by Zoho, never by a write (id, Created_Time, ...). */
  read_only: boolean;
  /** The module a lookup points at. */
  lookup_module: string | null;
  /** Values offered by a picklist (not enforced: CRM picklists take new values through the API). */
  pick_list_values: string[];
}

type FieldSpec = [api: string, label: string, type: CrmDataType, extra?: Partial<CrmFieldRecord>];

const SYSTEM: FieldSpec[] = [
  ['Owner', 'Owner', 'ownerlookup'],
  ['Created_By', 'Created By', 'ownerlookup', { read_only: true }],
  ['Modified_By', 'Modified By', 'ownerlookup', { read_only: true }],
  ['Created_Time', 'Created Time', 'datetime', { read_only: true }],
  ['Modified_Time', 'Modified Time', 'datetime', { read_only: true }],
  ['Description', 'Description', 'textarea', { length: 32_000 }],
];

const LEAD_STATUS = ['-None-', 'Attempted to Contact', 'Contact in Future', 'Contacted', 'Not Contacted', 'Qualified'];
const LEAD_SOURCE = ['-None-', 'Advertisement', 'Cold Call', 'Employee Referral', 'Partner', 'Web Download'];
const STAGES = [
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
];

const PERSON: FieldSpec[] = [
  ['First_Name', 'First Name', 'text', { length: 40 }],
  ['Last_Name', 'Last Name', 'text', { length: 80, system_mandatory: true }],
  ['Full_Name', 'Full Name', 'text', { read_only: true }],
  ['Email', 'Email', 'email', { length: 100 }],
  ['Secondary_Email', 'Secondary Email', 'email', { length: 100 }],
  ['Phone', 'Phone', 'phone', { length: 30 }],
  ['Mobile', 'Mobile', 'phone', { length: 30 }],
  ['Title', 'Title', 'text', { length: 100 }],
  ['Lead_Source', 'Lead Source', 'picklist', { pick_list_values: LEAD_SOURCE }],
  ['Email_Opt_Out', 'Email Opt Out', 'boolean'],
];

/** The seeded modules' own fields, in the order Zoho lists them. */
const MODULE_FIELDS: Record<string, FieldSpec[]> = {
  Leads: [
    ...PERSON,
    ['Company', 'Company', 'text', { length: 200 }],
    ['Lead_Status', 'Lead Status', 'picklist', { pick_list_values: LEAD_STATUS }],
    ['Industry', 'Industry', 'picklist'],
    ['Annual_Revenue', 'Annual Revenue', 'currency'],
    ['No_of_Employees', 'No. of Employees', 'integer'],
    ['Website', 'Website', 'website', { length: 255 }],
    ['City', 'City', 'text', { length: 100 }],
    ['Country', 'Country', 'text', { length: 100 }],
  ],
  Contacts: [
    ...PERSON,
    ['Account_Name', 'Account Name', 'lookup', { lookup_module: 'Accounts' }],
    ['Department', 'Department', 'text', { length: 30 }],
    ['Date_of_Birth', 'Date of Birth', 'date'],
    ['Mailing_City', 'Mailing City', 'text', { length: 100 }],
    ['Mailing_Country', 'Mailing Country', 'text', { length: 100 }],
  ],
  Accounts: [
    ['Account_Name', 'Account Name', 'text', { length: 200, system_mandatory: true }],
    ['Account_Number', 'Account Number', 'bigint'],
    ['Account_Type', 'Account Type', 'picklist'],
    ['Industry', 'Industry', 'picklist'],
    ['Annual_Revenue', 'Annual Revenue', 'currency'],
    ['Employees', 'Employees', 'integer'],
    ['Phone', 'Phone', 'phone', { length: 30 }],
    ['Website', 'Website', 'website', { length: 255 }],
    ['Billing_City', 'Billing City', 'text', { length: 30 }],
    ['Billing_Country', 'Billing Country', 'text', { length: 30 }],
  ],
  Deals: [
    ['Deal_Name', 'Deal Name', 'text', { length: 120, system_mandatory: true }],
    ['Stage', 'Stage', 'picklist', { system_mandatory: true, pick_list_values: STAGES }],
    ['Amount', 'Amount', 'currency'],
    ['Closing_Date', 'Closing Date', 'date'],
    ['Probability', 'Probability (%)', 'integer'],
    ['Type', 'Type', 'picklist'],
    ['Lead_Source', 'Lead Source', 'picklist', { pick_list_values: LEAD_SOURCE }],
    ['Account_Name', 'Account Name', 'lookup', { lookup_module: 'Accounts' }],
    ['Contact_Name', 'Contact Name', 'lookup', { lookup_module: 'Contacts' }],
  ],
};

/** The seeded modules, in the order `GET /settings/modules` lists them. */
export const CRM_SEED_MODULES = ['Leads', 'Contacts', 'Accounts', 'Deals'] as const;

/** `[singular label, module id]` of each seeded module. */
export const CRM_MODULE_INFO: Record<string, { singular: string; id: string }> = {
  Leads: { singular: 'Lead', id: '5725767000000002175' },
  Contacts: { singular: 'Contact', id: '5725767000000002179' },
  Accounts: { singular: 'Account', id: '5725767000000002177' },
  Deals: { singular: 'Deal', id: '5725767000000002181' },
};

export function makeField(id: string, [api, label, type, extra]: FieldSpec): CrmFieldRecord {
  return {
    id,
    api_name: api,
    field_label: label,
    data_type: type,
    length: type === 'textarea' ? 2000 : 255,
    system_mandatory: false,
    unique: false,
    custom_field: false,
    read_only: false,
    lookup_module: null,
    pick_list_values: [],
    ...extra,
  };
}

/** Fields of a seeded module: its own, then the system fields every module has. */
export function seedFields(module: string, moduleIndex: number): CrmFieldRecord[] {
  const specs = [...(MODULE_FIELDS[module] ?? []), ...SYSTEM];
  return specs.map((spec, i) => makeField(`57257670000000${String(moduleIndex * 100 + i + 1).padStart(5, '0')}`, spec));
}
