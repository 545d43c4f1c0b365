/**
 * CRM search criteria: `((Last_Name:equals:Burns)and(Email:starts_with:a))`. In values `(`, `)` and `,` are
 * escaped with a backslash (Zoho's Search Records page; docs/zoho-behaviour.md "Search"), and `in`, `not_in`
 * and `between` take comma-separated values, so each value is escaped on its own before they are joined.
 * Zoho allows at most 15 conditions (`CRITERIA_LIMIT_EXCEEDED`): more fail here, before a credit is spent.
 */

import type { InputCheck } from '../validate.js';
import type { CrmCondition, CrmCriteria } from './types.js';

/** Zoho's limit on conditions in one criteria string. */
export const CRM_MAX_CONDITIONS = 15;

const OPERATORS: readonly CrmCondition['op'][] = [
  'equals',
  'not_equal',
  'starts_with',
  'in',
  'not_in',
  'greater_than',
  'greater_equal',
  'less_than',
  'less_equal',
  'between',
];

/** A value as Zoho's criteria syntax wants it: backslashes first, so an escape is never doubled by accident. */
export function escapeCriteriaValue(value: string | number | boolean): string {
  return String(value).replace(/[\\(),]/g, (ch) => `\\${ch}`);
}

/** The criteria string of a condition tree; a bad tree is a `ZohoValidationError` naming the path. */
export function criteriaString(check: InputCheck, criteria: CrmCriteria, fieldName = 'criteria'): string {
  let conditions = 0;
  const walk = (node: unknown, path: string): string => {
    const o = check.object(node, path);
    if (Array.isArray(o.and) || Array.isArray(o.or)) {
      check.known(o, ['and', 'or'], `${path}.`);
      const joiner = Array.isArray(o.and) ? 'and' : 'or';
      const parts = (o[joiner] as unknown[]).map((child, i) => walk(child, `${path}.${joiner}[${i}]`));
      if (parts.length === 0) throw check.fail(`${path}.${joiner}`, 'must not be empty');
      return parts.length === 1 ? (parts[0] as string) : `(${parts.join(joiner)})`;
    }
    check.known(o, ['field', 'op', 'value'], `${path}.`);
    if (++conditions > CRM_MAX_CONDITIONS) {
      throw check.fail(fieldName, `has more than ${CRM_MAX_CONDITIONS} conditions, Zoho's limit`);
    }
    const field = check.id(o.field, `${path}.field`);
    if (!/^[\w.$]+$/.test(field)) throw check.fail(`${path}.field`, 'must be a field API name (letters, digits, _)');
    const op = check.oneOf(o.op, `${path}.op`, OPERATORS);
    return `(${field}:${op}:${conditionValue(check, op, o.value, `${path}.value`)})`;
  };
  return walk(criteria, fieldName);
}

function conditionValue(check: InputCheck, op: CrmCondition['op'], value: unknown, path: string): string {
  const many = op === 'in' || op === 'not_in' || op === 'between';
  const list = Array.isArray(value) ? value : [value];
  if (!many && list.length !== 1) throw check.fail(path, `must be a single value for ${op}`);
  if (op === 'between' && list.length !== 2) throw check.fail(path, 'must be two values for between');
  if (list.length === 0) throw check.fail(path, `must name at least one value for ${op}`);
  return list
    .map((item, i) => {
      if (!['string', 'number', 'boolean'].includes(typeof item)) {
        throw check.fail(Array.isArray(value) ? `${path}[${i}]` : path, 'must be a string, number or boolean');
      }
      return escapeCriteriaValue(item as string | number | boolean);
    })
    .join(',');
}
