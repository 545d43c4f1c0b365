import type { Hono } from 'hono';
import type { EmulatorEnv } from '../connection.js';
import type { EmulatorContext } from '../emulator-context.js';
import type { DeskConcurrency } from './desk-concurrency.js';
import { deskJson, deskMethodNotAllowed, deskValidationError } from './desk-errors.js';
import { openDeskCall } from './desk-request.js';
import { type DeskCustomFieldDef, type DeskOrgRecord, ticketCustomFieldsOf } from './desk-state.js';

/*
 * `GET /api/v1/fields?module=tickets[&apiNames=a,b]`: the fields of a module's layouts. Source: Zoho's Desk
 * OpenAPI spec, github.com/zoho/zohodesk-oas v1.0/Field.json, operation `getFields` (module required; `apiNames`
 * comma-separated; answer `{"data":[field]}`; scopes Desk.basic.READ or Desk.fields.READ). It replaces
 * `GET /api/v1/organizationFields` (v1.0/FieldOld.json, deprecated on 01/07/2026). The emulator knows the tickets
 * module only, with a few system fields and the org's custom fields; another module answers an empty list.
 * Decided (the spec is silent): `apiNames` naming no field answers `{"data":[]}`, as Desk's lists do.
 */

type FieldView = Record<string, unknown>;

/** The system ticket fields answered besides the custom ones (a subset of Desk's). */
const SYSTEM_TICKET_FIELDS: readonly [
  apiName: string,
  label: string,
  type: string,
  maxLength: number,
  mandatory: boolean,
][] = [
  ['subject', 'Subject', 'Text', 255, true],
  ['departmentId', 'Department', 'LookUp', 30, true],
  ['contactId', 'Contact Name', 'LookUp', 30, true],
  ['email', 'Email', 'Email', 150, false],
  ['phone', 'Phone', 'Phone', 120, false],
  ['description', 'Description', 'Textarea', 65535, false],
  ['status', 'Status', 'Picklist', 120, true],
  ['priority', 'Priority', 'Picklist', 120, false],
];

const MODULE = /^[A-Za-z0-9_]{1,100}$/;

export function registerFieldRoutes(app: Hono<EmulatorEnv>, ctx: EmulatorContext, concurrency: DeskConcurrency): void {
  app.get('/api/v1/fields', (c) => {
    const call = openDeskCall(ctx, concurrency, c, {
      scopes: ['Desk.basic.READ'],
      query: ['module', 'apiNames', 'filter', 'associatedDepartments'],
    });
    if (!call.ok) return call.response;
    const module = call.query.get('module');
    if (module === undefined || module === '') {
      return deskValidationError([
        { fieldName: '/module', errorType: 'missing', errorMessage: "'module' is required." },
      ]);
    }
    if (!MODULE.test(module)) {
      return deskValidationError([
        { fieldName: '/module', errorType: 'invalid', errorMessage: "'module' must be a module's API name." },
      ]);
    }
    const wanted = call.query
      .get('apiNames')
      ?.split(',')
      .map((name) => name.trim());
    const fields = module === 'tickets' ? ticketFields(call.org) : [];
    return deskJson({ data: wanted ? fields.filter((f) => wanted.includes(String(f.apiName))) : fields });
  });
  app.all('/api/v1/fields', () => deskMethodNotAllowed());
}

function ticketFields(org: DeskOrgRecord): FieldView[] {
  const system = SYSTEM_TICKET_FIELDS.map(([apiName, displayLabel, type, maxLength, isMandatory], i) =>
    view({ id: String(1_892_000_000_008_001 + i), apiName, displayLabel, type, maxLength }, false, isMandatory),
  );
  return [...system, ...ticketCustomFieldsOf(org).map((f) => view(f, true, false))];
}

/** The field as Desk answers it (the spec's `getFieldsResponseNew` example: ids as strings, nulls for system times). */
function view(
  field: Pick<DeskCustomFieldDef, 'id' | 'apiName' | 'displayLabel' | 'maxLength'> & {
    type: string;
    createdTime?: string;
  },
  custom: boolean,
  isMandatory: boolean,
): FieldView {
  return {
    id: field.id,
    apiName: field.apiName,
    name: custom ? field.displayLabel : field.apiName,
    displayLabel: field.displayLabel,
    i18NLabel: field.displayLabel,
    type: field.type,
    maxLength: field.maxLength,
    isMandatory,
    isCustomField: custom,
    isEncryptedField: false,
    isIndexed: custom,
    isPresence: true,
    showToHelpCenter: false,
    sourceType: custom ? 'USERDEFINED' : 'SYSTEM',
    createdTime: field.createdTime ?? null,
    modifiedTime: field.createdTime ?? null,
  };
}
