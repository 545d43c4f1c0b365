/*
 * How search criteria and COQL compare a stored value with a literal from the query: case-insensitively for
 * text, numerically when both sides are numbers, and a lookup or owner (`{ name, id }`) by its id or its name.
 */

/** The strings a stored value answers to: itself, or a lookup's id and name. */
export function valueKeys(value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'object') {
    const { id, name } = value as { id?: unknown; name?: unknown };
    return [id, name].filter((v) => v !== undefined && v !== null).map(String);
  }
  return [String(value)];
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;

/** Compares one stored key with a literal: < 0, 0, > 0. */
export function compareKey(key: string, literal: string): number {
  if (NUMBER.test(key) && NUMBER.test(literal) && key.length < 16 && literal.length < 16) {
    return Number(key) - Number(literal);
  }
  const a = key.toLowerCase();
  const b = literal.toLowerCase();
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Whether any key of `value` satisfies `test` against `literal`. */
export function anyKey(value: unknown, literal: string, test: (cmp: number, key: string) => boolean): boolean {
  return valueKeys(value).some((key) => test(compareKey(key, literal), key));
}

export const startsWith = (key: string, prefix: string) => key.toLowerCase().startsWith(prefix.toLowerCase());
