/** One benchmark's outcome: rows for the results table, each with the target it is judged against. */
export interface BenchRow {
  metric: string;
  value: string;
  target: string;
  pass: boolean;
}

export interface BenchSection {
  title: string;
  /** How it was measured, in a sentence or two. */
  method: string;
  rows: BenchRow[];
}

export function renderMarkdown(sections: BenchSection[], meta: string): string {
  const out = ['# zohokit benchmarks', '', meta, ''];
  for (const section of sections) {
    out.push(
      `## ${section.title}`,
      '',
      section.method,
      '',
      '| metric | value | target | verdict |',
      '|---|---|---|---|',
    );
    for (const row of section.rows) {
      out.push(`| ${row.metric} | ${row.value} | ${row.target} | ${row.pass ? 'pass' : 'FAIL'} |`);
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

export function renderConsole(section: BenchSection): string {
  const lines = [`\n${section.title}`];
  for (const row of section.rows) {
    lines.push(`  ${row.pass ? 'ok  ' : 'FAIL'} ${row.metric}: ${row.value} (target ${row.target})`);
  }
  return lines.join('\n');
}
