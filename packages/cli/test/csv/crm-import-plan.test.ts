import { describe, expect, it } from 'vitest';
import type { CrmField } from 'zohokit';
import { findField, planCrmImport } from '../../src/csv/crm-import-plan.js';

/** A few Leads fields as `GET /settings/fields` answers them (the keys the plan reads). */
const FIELDS: CrmField[] = [
  field('First_Name', 'First Name', 'text'),
  field('Last_Name', 'Last Name', 'text'),
  field('Email', 'Email', 'email'),
  field('Secondary_Email', 'Secondary Email', 'email'),
  field('Company', 'Company', 'text'),
  field('No_of_Employees', 'No. of Employees', 'integer'),
  field('Annual_Revenue', 'Annual Revenue', 'currency'),
  field('Email_Opt_Out', 'Email Opt Out', 'boolean'),
  field('Owner', 'Owner', 'ownerlookup'),
  field('Full_Name', 'Full Name', 'text', true),
];

function field(api_name: string, label: string, data_type: string, read_only = false): CrmField {
  return { id: api_name, api_name, field_label: label, display_label: label, data_type, read_only };
}

describe('findField', () => {
  it('matches the API name, then the label, without case; then without punctuation or by a usual header', () => {
    expect(findField('last_name', FIELDS)?.api_name).toBe('Last_Name');
    expect(findField('LAST NAME', FIELDS)?.api_name).toBe('Last_Name');
    expect(findField('No. of Employees', FIELDS)?.api_name).toBe('No_of_Employees');
    expect(findField('FirstName', FIELDS)?.api_name).toBe('First_Name');
    expect(findField('e-mail', FIELDS)?.api_name).toBe('Email');
    expect(findField('Email Address', FIELDS)?.api_name).toBe('Email');
    expect(findField('surname', FIELDS)?.api_name).toBe('Last_Name');
    expect(findField('organisation', FIELDS)?.api_name).toBe('Company');
    expect(findField('notes', FIELDS)).toBeUndefined();
  });
});

describe('planCrmImport', () => {
  it('maps the header, names each column it does not send, and keeps line numbers', () => {
    const plan = planCrmImport(
      'Last Name,email,notes,Full Name,\nLovelace,ada@example.com,x,Ada Lovelace,\n\n"Byron, Lord",,y,,\nToo,many,fields,here,,z\n',
      'Leads',
      FIELDS,
    );
    expect(plan.columns).toEqual([
      { column: 'Last Name', field: 'Last_Name' },
      { column: 'email', field: 'Email' },
    ]);
    expect(plan.ignored).toEqual([
      { column: 'notes', reason: 'no such field in Leads' },
      { column: 'Full Name', reason: 'read-only: Zoho sets Full_Name' },
      { column: 'column 5', reason: 'no such field in Leads' },
    ]);
    // An empty cell sends nothing, so an upsert never blanks what CRM has.
    expect(plan.records).toEqual([
      { line: 2, record: { Last_Name: 'Lovelace', Email: 'ada@example.com' } },
      { line: 4, record: { Last_Name: 'Byron, Lord' } },
    ]);
    expect(plan.rejected.map((r) => r.line)).toEqual([5]);
    expect(plan).toMatchObject({ rows: 3, blankLines: 1 });
  });

  it('sends numbers, booleans and lookups as JSON by the field type; anything else as written, for Zoho to judge', () => {
    const plan = planCrmImport(
      'Last_Name,No_of_Employees,Annual_Revenue,Email_Opt_Out,Owner\nA,12,1500.5,yes,4150868000000225013\nB,twelve,,maybe,\n',
      'Leads',
      FIELDS,
    );
    expect(plan.records.map((r) => r.record)).toEqual([
      {
        Last_Name: 'A',
        No_of_Employees: 12,
        Annual_Revenue: 1500.5,
        Email_Opt_Out: true,
        Owner: { id: '4150868000000225013' },
      },
      { Last_Name: 'B', No_of_Employees: 'twelve', Email_Opt_Out: 'maybe' },
    ]);
  });

  it('refuses (exit 2) a header with no field of the module, two columns for one field, or an empty file', () => {
    expect(() => planCrmImport('foo,bar\n1,2\n', 'Leads', FIELDS)).toThrow(
      /no column of the header is a field of Leads/,
    );
    expect(() => planCrmImport('Email,E-mail\na@x.io,b@x.io\n', 'Leads', FIELDS)).toThrow(
      /"Email" and "E-mail" both name the field Email/,
    );
    try {
      planCrmImport('', 'Leads', FIELDS);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_csv', exitCode: 2 });
    }
  });
});
