import type { Criteria } from './search-criteria.js';
import { anyKey, startsWith } from './value-compare.js';

/** Whether a record's values meet the parsed criteria (search-criteria.ts). A null value meets no condition. */
export function matchesCriteria(values: Record<string, unknown>, criteria: Criteria): boolean {
  if (criteria.kind === 'group') {
    return criteria.join === 'and'
      ? criteria.parts.every((p) => matchesCriteria(values, p))
      : criteria.parts.some((p) => matchesCriteria(values, p));
  }
  const value = values[criteria.field];
  if (value === null || value === undefined) return false;
  const [first = '', second = ''] = criteria.values;
  switch (criteria.operator) {
    case 'equals':
      return anyKey(value, first, (cmp) => cmp === 0);
    case 'not_equal':
      return !anyKey(value, first, (cmp) => cmp === 0);
    case 'starts_with':
      return anyKey(value, first, (_cmp, key) => startsWith(key, first));
    case 'in':
      return criteria.values.some((v) => anyKey(value, v, (cmp) => cmp === 0));
    case 'not_in':
      return !criteria.values.some((v) => anyKey(value, v, (cmp) => cmp === 0));
    case 'greater_than':
      return anyKey(value, first, (cmp) => cmp > 0);
    case 'greater_equal':
      return anyKey(value, first, (cmp) => cmp >= 0);
    case 'less_than':
      return anyKey(value, first, (cmp) => cmp < 0);
    case 'less_equal':
      return anyKey(value, first, (cmp) => cmp <= 0);
    case 'between':
      return anyKey(value, first, (cmp) => cmp >= 0) && anyKey(value, second, (cmp) => cmp <= 0);
    default:
      return false;
  }
}
