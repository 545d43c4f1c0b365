/*
 * The `criteria` of CRM's Search Records: `(Field:operator:value)` conditions joined by `and` / `or` in
 * parentheses, e.g. `((Last_Name:equals:Burns)and(Email:starts_with:b))`. In a value, `(`, `)` and `,` are
 * escaped with a backslash (`\(`), and `in` / `between` take comma-separated values (zoho-api.md §4 "Search").
 * Parsing only: search-match.ts evaluates.
 */

export const SEARCH_OPERATORS = [
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
] as const;
export type SearchOperator = (typeof SEARCH_OPERATORS)[number];

export type Criteria =
  | { kind: 'condition'; field: string; operator: string; values: string[] }
  | { kind: 'group'; join: 'and' | 'or'; parts: Criteria[] };

export class CriteriaSyntaxError extends Error {}

/** Splits a raw value on unescaped commas and removes the escapes. */
function splitValues(raw: string): string[] {
  const values: string[] = [];
  let current = '';
  for (let i = 0; i < raw.length; i += 1) {
    const ch = raw[i] as string;
    if (ch === '\\' && i + 1 < raw.length) {
      current += raw[i + 1];
      i += 1;
    } else if (ch === ',') {
      values.push(current);
      current = '';
    } else current += ch;
  }
  values.push(current);
  return values;
}

function parseCondition(text: string): Criteria {
  const first = text.indexOf(':');
  const second = first < 0 ? -1 : text.indexOf(':', first + 1);
  if (first <= 0 || second < 0) throw new CriteriaSyntaxError(`'${text}' is not Field:operator:value`);
  return {
    kind: 'condition',
    field: text.slice(0, first).trim(),
    operator: text.slice(first + 1, second).trim(),
    values: splitValues(text.slice(second + 1)),
  };
}

/** Parses the whole criteria string; throws CriteriaSyntaxError when it is malformed. */
export function parseCriteria(input: string): Criteria {
  let pos = 0;
  const skipSpaces = () => {
    while (input[pos] === ' ') pos += 1;
  };

  // One parenthesised unit: a condition or a group of units.
  const unit = (): Criteria => {
    skipSpaces();
    if (input[pos] !== '(') throw new CriteriaSyntaxError(`expected '(' at ${pos}`);
    pos += 1;
    skipSpaces();
    if (input[pos] === '(') {
      const group = sequence();
      skipSpaces();
      if (input[pos] !== ')') throw new CriteriaSyntaxError(`expected ')' at ${pos}`);
      pos += 1;
      return group;
    }
    let text = '';
    while (pos < input.length && input[pos] !== ')') {
      if (input[pos] === '(') throw new CriteriaSyntaxError(`unescaped '(' at ${pos}`);
      if (input[pos] === '\\' && pos + 1 < input.length) {
        text += input.slice(pos, pos + 2);
        pos += 2;
      } else {
        text += input[pos];
        pos += 1;
      }
    }
    if (input[pos] !== ')') throw new CriteriaSyntaxError('unclosed condition');
    pos += 1;
    return parseCondition(text);
  };

  // Units joined by one kind of `and` / `or` (mixing needs parentheses, as Zoho's samples do).
  const sequence = (): Criteria => {
    const parts = [unit()];
    let join: 'and' | 'or' | null = null;
    for (;;) {
      skipSpaces();
      const word = /^(and|or)/i.exec(input.slice(pos))?.[1]?.toLowerCase() as 'and' | 'or' | undefined;
      if (!word) break;
      if (join !== null && join !== word) throw new CriteriaSyntaxError('mixed and/or without parentheses');
      join = word;
      pos += word.length;
      parts.push(unit());
    }
    return parts.length === 1 ? (parts[0] as Criteria) : { kind: 'group', join: join ?? 'and', parts };
  };

  const criteria = sequence();
  skipSpaces();
  if (pos !== input.length) throw new CriteriaSyntaxError(`unexpected '${input.slice(pos)}'`);
  return criteria;
}

/** Conditions in the criteria (Zoho limits them, 15 in v8). */
export function countConditions(criteria: Criteria): number {
  return criteria.kind === 'condition' ? 1 : criteria.parts.reduce((n, p) => n + countConditions(p), 0);
}

export function conditionsOf(criteria: Criteria): Array<Extract<Criteria, { kind: 'condition' }>> {
  return criteria.kind === 'condition' ? [criteria] : criteria.parts.flatMap(conditionsOf);
}
