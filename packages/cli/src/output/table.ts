/** Plain aligned columns for human output: no borders, so a table still greps and cuts well. */
import pc from 'picocolors';

export interface Column<T> {
  header: string;
  value: (row: T) => unknown;
  /** Longer cells are cut with an ellipsis. */
  max?: number;
}

export function table<T>(rows: readonly T[], columns: readonly Column<T>[], empty = '(none)'): string {
  if (rows.length === 0) return pc.dim(empty);
  const cells = rows.map((row) => columns.map((c) => cell(c.value(row), c.max ?? 60)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const header = pc.bold(line(columns.map((c) => c.header.toUpperCase())));
  return [header, ...cells.map(line)].join('\n');
}

/** `key: value` lines, aligned, for one object. Undefined values are left out. */
export function details(pairs: readonly [string, unknown][]): string {
  const shown = pairs.filter(([, v]) => v !== undefined);
  const width = Math.max(0, ...shown.map(([k]) => k.length));
  return shown.map(([k, v]) => `${pc.dim(`${k}:`.padEnd(width + 1))} ${cell(v, 200)}`).join('\n');
}

function cell(value: unknown, max: number): string {
  if (value === undefined || value === null || value === '') return '-';
  const text = (Array.isArray(value) ? value.join(',') : String(value)).replace(/\s+/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
