/*
 * Per-record results inside `data[]` and the errors a record can have, shaped as in Zoho's v8 samples
 * (github.com/zoho/crm-oas v8.0/record/operations/*: `{code, details, message, status}`, `details.api_name` and
 * `details.json_path` naming the field). docs/zoho-behaviour.md "CRM records" lists them.
 */

/** One entry of `data[]` in a write answer: a success or an error for that record. */
export interface CrmItemResult {
  code: string;
  details: Record<string, unknown>;
  message: string;
  status: 'success' | 'error';
  [key: string]: unknown;
}

const error = (code: string, message: string, details: Record<string, unknown>): CrmItemResult => ({
  code,
  details,
  message,
  status: 'error',
});

export const jsonPath = (index: number, field: string): string => `$.data[${index}].${field}`;

export function mandatoryNotFound(index: number, apiName: string): CrmItemResult {
  return error('MANDATORY_NOT_FOUND', 'required field not found', {
    api_name: apiName,
    json_path: jsonPath(index, apiName),
  });
}

/** A field API name the module does not have (the wording of Zoho's 207 sample). */
export function unknownField(index: number, apiName: string): CrmItemResult {
  return error('INVALID_DATA', 'the field api name given seems to be invalid', {
    api_name: apiName,
    json_path: jsonPath(index, apiName),
  });
}

export function invalidType(index: number, apiName: string, expected: string): CrmItemResult {
  return error('INVALID_DATA', 'invalid data', {
    expected_data_type: expected,
    api_name: apiName,
    json_path: jsonPath(index, apiName),
  });
}

export function tooLong(index: number, apiName: string, maximum: number): CrmItemResult {
  return error('INVALID_DATA', 'invalid data', {
    maximum_length: maximum,
    api_name: apiName,
    json_path: jsonPath(index, apiName),
  });
}

export function invalidValue(index: number, apiName: string): CrmItemResult {
  return error('INVALID_DATA', 'invalid data', { api_name: apiName, json_path: jsonPath(index, apiName) });
}

/** An entry of `data[]` that is not a JSON object. */
export function notAnObject(index: number): CrmItemResult {
  return error('INVALID_DATA', 'invalid data', {
    expected_data_type: 'jsonobject',
    api_name: 'data',
    json_path: `$.data[${index}]`,
  });
}

export function duplicateData(
  index: number,
  apiName: string,
  existing: { id: string; owner: unknown; module: { api_name: string; id: string } },
): CrmItemResult {
  return error('DUPLICATE_DATA', 'duplicate data', {
    api_name: apiName,
    json_path: jsonPath(index, apiName),
    duplicate_record: { id: existing.id, Owner: existing.owner, module: existing.module },
    id: existing.id,
    more_records: false,
  });
}

/** Update or delete of an id the module does not have. */
export function invalidRecordId(id: unknown, message = 'the id given seems to be invalid'): CrmItemResult {
  return error('INVALID_DATA', message, { id: typeof id === 'string' ? id : String(id ?? '') });
}

/** An update entry without `id` (Zoho's MandatoryNotFoundRecordIdError). */
export function missingRecordId(index: number): CrmItemResult {
  return error('MANDATORY_NOT_FOUND', 'required field not found', { api_name: 'id', json_path: jsonPath(index, 'id') });
}

/** A successful write of one record. */
export function itemSuccess(message: string, details: Record<string, unknown>, extra = {}): CrmItemResult {
  return { code: 'SUCCESS', ...extra, details, message, status: 'success' };
}
