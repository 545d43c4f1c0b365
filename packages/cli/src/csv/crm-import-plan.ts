/**
 * From a CSV file to CRM records: each header is matched to a field of the module (its API name, then its label,
 * without case; then without punctuation, when that names one field only; then the usual headers campaigns
 * import knows, such as "email address" or "surname"), each row becomes a record keyed by
 * API names, with its line number. Zoho is the judge of the values (mandatory fields, emails, lengths) and
 * answers per record; here a row is only refused when it cannot be read as a row of this header.
 */
import type { CrmField } from 'zohokit';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { fieldOfHeader, headerKey, type RejectedRow } from './import-plan.js';
import { parseCsv } from './parse-csv.js';

/** A column sent to CRM: its header and the field (API name) it fills. */
export interface CrmColumn {
  column: string;
  field: string;
}

/** A column not sent, and why (no such field, or a field Zoho sets itself). */
export interface IgnoredColumn {
  column: string;
  reason: string;
}

export interface PlannedRecord {
  line: number;
  record: Record<string, unknown>;
}

export interface CrmImportPlan {
  /** Data rows (records after the header). */
  rows: number;
  records: PlannedRecord[];
  /** Rows that cannot be read (malformed, another number of fields than the header): never sent. */
  rejected: RejectedRow[];
  blankLines: number;
  columns: CrmColumn[];
  ignored: IgnoredColumn[];
}

/** The field a header or a flag names: API name, then label, without case; then without punctuation if unique. */
export function findField(name: string, fields: readonly CrmField[]): CrmField | undefined {
  const wanted = name.trim().toLowerCase();
  const labels = (f: CrmField) => [f.field_label, f.display_label].filter((l): l is string => typeof l === 'string');
  const exact =
    fields.find((f) => f.api_name.toLowerCase() === wanted) ??
    fields.find((f) => labels(f).some((l) => l.toLowerCase() === wanted));
  if (exact) return exact;
  // "first_name", "FirstName", "E-mail": one field only, or none (two fields would be a guess).
  const key = headerKey(name);
  if (key === '') return undefined;
  const loose = fields.filter((f) => [f.api_name, ...labels(f)].some((n) => headerKey(n) === key));
  if (loose.length === 1) return loose[0];
  // The usual headers campaigns import knows ("email address", "surname", "organisation"), for the CRM field.
  const usual = USUAL_FIELDS[fieldOfHeader(name) ?? ''];
  return usual === undefined ? undefined : fields.find((f) => f.api_name === usual);
}

/** campaigns import's names of the usual headers → the CRM field of Leads and Contacts. */
const USUAL_FIELDS: Record<string, string> = {
  'Contact Email': 'Email',
  'First Name': 'First_Name',
  'Last Name': 'Last_Name',
  Phone: 'Phone',
  'Company Name': 'Company',
};

export function planCrmImport(text: string, module: string, fields: readonly CrmField[]): CrmImportPlan {
  const parsed = parseCsv(text);
  const records = [...parsed.records];
  const header = records.shift();
  if (!header)
    throw csvError('the file is empty', 'The first line must be a header of field names, e.g. "Last Name,Email"');
  if (header.malformed) throw csvError(`the header on line ${header.line} is malformed: ${header.malformed}`);
  const names = header.fields.map((f) => f.trim());

  const columns: CrmColumn[] = [];
  const ignored: IgnoredColumn[] = [];
  /** Column index → the field it fills. */
  const sent = new Map<number, CrmField>();
  const taken = new Map<string, string>();
  names.forEach((name, i) => {
    const field = name === '' ? undefined : findField(name, fields);
    if (!field) {
      ignored.push({ column: name === '' ? `column ${i + 1}` : name, reason: `no such field in ${module}` });
      return;
    }
    if (field.read_only === true || field.field_read_only === true) {
      ignored.push({ column: name, reason: `read-only: Zoho sets ${field.api_name}` });
      return;
    }
    const earlier = taken.get(field.api_name);
    if (earlier !== undefined) {
      throw csvError(
        `the columns "${earlier}" and "${name}" both name the field ${field.api_name}`,
        'Remove or rename one of them',
      );
    }
    taken.set(field.api_name, name);
    sent.set(i, field);
    columns.push({ column: name, field: field.api_name });
  });
  if (columns.length === 0) {
    throw csvError(
      `no column of the header is a field of ${module} (columns: ${names.join(', ')})`,
      `Name the columns by field, e.g. "Last Name" or Last_Name; 'zohokit crm fields ${module}' lists them`,
    );
  }

  const planned: PlannedRecord[] = [];
  const rejected: RejectedRow[] = [];
  for (const row of records) {
    if (row.malformed) {
      rejected.push({ line: row.line, reason: row.malformed });
      continue;
    }
    if (row.fields.length !== names.length) {
      rejected.push({
        line: row.line,
        reason: `has ${row.fields.length} fields where the header has ${names.length} (an unquoted comma?)`,
        value: row.fields.join(','),
      });
      continue;
    }
    const record: Record<string, unknown> = {};
    for (const [i, field] of sent) {
      const cell = (row.fields[i] ?? '').trim();
      // An empty cell sends nothing: an upsert must not blank a value the record already has.
      if (cell !== '') record[field.api_name] = fieldValue(field, cell);
    }
    planned.push({ line: row.line, record });
  }
  return { rows: records.length, records: planned, rejected, blankLines: parsed.blankLines, columns, ignored };
}

const TRUE = new Set(['true', 'yes', '1']);
const FALSE = new Set(['false', 'no', '0']);

/**
 * The JSON value a cell stands for, by the field's type: numbers and booleans as JSON, a lookup as `{ id }`,
 * a multi-select as a list. A cell that is none of these goes as it is, for Zoho to refuse with the field's name.
 */
function fieldValue(field: CrmField, cell: string): unknown {
  switch (field.data_type) {
    case 'integer':
      return /^[-+]?\d+$/.test(cell) ? Number(cell) : cell;
    case 'double':
    case 'currency':
    case 'decimal':
    case 'percent':
      return cell !== '' && Number.isFinite(Number(cell)) ? Number(cell) : cell;
    case 'boolean': {
      const lower = cell.toLowerCase();
      return TRUE.has(lower) ? true : FALSE.has(lower) ? false : cell;
    }
    case 'multiselectpicklist':
      return cell
        .split(';')
        .map((v) => v.trim())
        .filter(Boolean);
    case 'lookup':
    case 'ownerlookup':
      return { id: cell };
    default:
      return cell;
  }
}

function csvError(message: string, fix?: string): CliError {
  return new CliError(message, { code: 'invalid_csv', exitCode: EXIT.usage, fix });
}
