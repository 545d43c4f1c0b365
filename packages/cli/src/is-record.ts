/** A plain JSON object (not null, not an array): the one check the CLI uses before reading fields of parsed input. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
