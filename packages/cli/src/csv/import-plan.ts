/**
 * From a CSV file to the addresses to send: find the email column, check every row, and keep each row's line
 * number. A row is never dropped silently: it is sent, rejected (with the reason), or a duplicate of an
 * earlier line (reported, and sent once).
 */
import { isEmail } from 'zohokit';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { parseCsv } from './parse-csv.js';

export interface PlannedRow {
  line: number;
  email: string;
}

export interface RejectedRow {
  line: number;
  reason: string;
  value?: string | undefined;
}

export interface DuplicateRow {
  line: number;
  email: string;
  firstLine: number;
}

export interface ImportPlan {
  /** Data rows (records after the header). */
  rows: number;
  valid: PlannedRow[];
  rejected: RejectedRow[];
  duplicates: DuplicateRow[];
  blankLines: number;
  emailColumn: string;
  columns: ColumnReport;
}

/** What became of each header: the email column, columns recognised as Zoho fields, and the rest. */
export interface ColumnReport {
  /** Recognised contact fields (header → Zoho's display name). addlistsubscribersinbulk carries addresses only. */
  recognised: { column: string; field: string }[];
  /** Headers that are no contact field zohokit knows. */
  unknown: string[];
}

/**
 * Usual headers, compared lower-case with everything but letters and digits removed, so "First Name",
 * "first_name", "firstname" and "FIRST-NAME" are one header; Zoho's own display names are among them.
 */
const HEADER_FIELDS: Record<string, string> = {
  email: 'Contact Email',
  emailaddress: 'Contact Email',
  contactemail: 'Contact Email',
  emailid: 'Contact Email',
  mail: 'Contact Email',
  firstname: 'First Name',
  fname: 'First Name',
  givenname: 'First Name',
  first: 'First Name',
  lastname: 'Last Name',
  lname: 'Last Name',
  surname: 'Last Name',
  familyname: 'Last Name',
  last: 'Last Name',
  phone: 'Phone',
  phonenumber: 'Phone',
  telephone: 'Phone',
  mobile: 'Phone',
  company: 'Company Name',
  companyname: 'Company Name',
  organization: 'Company Name',
  organisation: 'Company Name',
};

export function headerKey(name: string): string {
  return name.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

export function fieldOfHeader(name: string): string | undefined {
  return HEADER_FIELDS[headerKey(name)];
}

export function planImport(text: string, options: { header: boolean; emailColumn?: string | undefined }): ImportPlan {
  const parsed = parseCsv(text);
  const records = [...parsed.records];
  let column: number;
  let columnName: string;
  let width: number | undefined;
  const columns: ColumnReport = { recognised: [], unknown: [] };

  if (options.header) {
    const header = records.shift();
    if (!header) throw csvError('the file is empty', 'The first line must be a header, e.g. "email,first name"');
    if (header.malformed) throw csvError(`the header on line ${header.line} is malformed: ${header.malformed}`);
    const names = header.fields.map((f) => f.trim());
    const wanted = options.emailColumn?.trim().toLowerCase();
    column =
      wanted !== undefined
        ? names.findIndex((name) => name.toLowerCase() === wanted)
        : names.findIndex((name) => fieldOfHeader(name) === 'Contact Email');
    if (column < 0) {
      throw csvError(
        wanted !== undefined
          ? `no column named ${JSON.stringify(options.emailColumn)} in the header (columns: ${names.join(', ')})`
          : `no email column in the header (columns: ${names.join(', ')})`,
        'Name it with --email-column, or use --no-header if the file has no header row',
      );
    }
    columnName = names[column] ?? 'email';
    width = names.length;
    names.forEach((name, i) => {
      if (i === column) return;
      const field = fieldOfHeader(name);
      if (field === undefined || field === 'Contact Email') columns.unknown.push(name);
      else columns.recognised.push({ column: name, field });
    });
  } else {
    const index = options.emailColumn === undefined ? 1 : Number(options.emailColumn);
    if (!Number.isInteger(index) || index < 1) {
      throw csvError(`--email-column must be a column number from 1 with --no-header (got ${options.emailColumn})`);
    }
    column = index - 1;
    columnName = `column ${index}`;
  }

  const valid: PlannedRow[] = [];
  const rejected: RejectedRow[] = [];
  const duplicates: DuplicateRow[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    if (record.malformed) {
      rejected.push({ line: record.line, reason: record.malformed });
      continue;
    }
    if (width !== undefined && record.fields.length !== width) {
      rejected.push({
        line: record.line,
        reason: `has ${record.fields.length} fields where the header has ${width} (an unquoted comma?)`,
        value: record.fields.join(','),
      });
      continue;
    }
    const email = (record.fields[column] ?? '').trim();
    if (email === '') {
      rejected.push({ line: record.line, reason: 'has no email address' });
      continue;
    }
    if (!isEmail(email)) {
      rejected.push({ line: record.line, reason: 'is not a valid email address', value: email });
      continue;
    }
    const key = email.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      duplicates.push({ line: record.line, email, firstLine: first });
      continue;
    }
    seen.set(key, record.line);
    valid.push({ line: record.line, email });
  }
  return {
    rows: records.length,
    valid,
    rejected,
    duplicates,
    blankLines: parsed.blankLines,
    emailColumn: columnName,
    columns,
  };
}

function csvError(message: string, fix?: string): CliError {
  return new CliError(message, { code: 'invalid_csv', exitCode: EXIT.usage, fix });
}
