import type { CoqlCondition, CoqlValue } from './coql.js';
import { anyKey, compareKey, valueKeys } from './value-compare.js';

/*
 * Runs a parsed COQL condition (coql.ts) on a record's values. A dotted column reads into a lookup
 * (`Owner.id`, `Account_Name.name`). A null value meets only `is null`, as in SQL.
 */

export function columnValue(values: Record<string, unknown>, column: string): unknown {
  const [head = '', ...rest] = column.split('.');
  let value: unknown = values[head];
  for (const key of rest)
    value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return value ?? null;
}

const text = (v: CoqlValue) => (v === null ? '' : String(v));

function likeRegex(pattern: string): RegExp {
  const body = pattern
    .split('%')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}

export function matchesCoql(values: Record<string, unknown>, c: CoqlCondition): boolean {
  switch (c.kind) {
    case 'and':
      return matchesCoql(values, c.left) && matchesCoql(values, c.right);
    case 'or':
      return matchesCoql(values, c.left) || matchesCoql(values, c.right);
    case 'null': {
      const isNull = valueKeys(columnValue(values, c.field)).length === 0;
      return c.not ? !isNull : isNull;
    }
    default:
      break;
  }
  const value = columnValue(values, c.field);
  if (valueKeys(value).length === 0) return false;
  switch (c.kind) {
    case 'compare': {
      const lit = text(c.value);
      const ops = {
        '=': (n: number) => n === 0,
        '!=': (n: number) => n !== 0,
        '>': (n: number) => n > 0,
        '<': (n: number) => n < 0,
        '>=': (n: number) => n >= 0,
        '<=': (n: number) => n <= 0,
      };
      if (c.op === '!=') return !anyKey(value, lit, (n) => n === 0);
      return anyKey(value, lit, ops[c.op]);
    }
    case 'like': {
      const hit = valueKeys(value).some((k) => likeRegex(c.pattern).test(k));
      return c.not ? !hit : hit;
    }
    case 'in': {
      const hit = c.values.some((v) => anyKey(value, text(v), (n) => n === 0));
      return c.not ? !hit : hit;
    }
    case 'between':
      return valueKeys(value).some((k) => compareKey(k, text(c.low)) >= 0 && compareKey(k, text(c.high)) <= 0);
  }
}
