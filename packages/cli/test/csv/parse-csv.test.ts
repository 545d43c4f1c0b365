import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/csv/parse-csv.js';

const fields = (text: string) => parseCsv(text).records.map((r) => r.fields);

describe('parseCsv (RFC 4180)', () => {
  it('splits on commas and line breaks (CRLF, LF, lone CR), keeping the start line of each record', () => {
    const parsed = parseCsv('a,b\r\nc,d\ne,f\rg,h');
    expect(parsed.records).toEqual([
      { line: 1, fields: ['a', 'b'], malformed: undefined },
      { line: 2, fields: ['c', 'd'], malformed: undefined },
      { line: 3, fields: ['e', 'f'], malformed: undefined },
      { line: 4, fields: ['g', 'h'], malformed: undefined },
    ]);
  });

  it('quoted fields hold commas, doubled quotes and line breaks; later line numbers stay right', () => {
    const parsed = parseCsv('"a,1","say ""hi""","two\r\nlines"\nnext,row\n');
    expect(parsed.records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a,1', 'say "hi"', 'two\r\nlines']],
      [3, ['next', 'row']],
    ]);
  });

  it('empty fields, a trailing comma, a final line break, blank lines and a BOM', () => {
    expect(fields('\uFEFFa,,c\n,\nx,\n')).toEqual([
      ['a', '', 'c'],
      ['', ''],
      ['x', ''],
    ]);
    const blank = parseCsv('a\n\n\nb\n');
    expect(blank.records.map((r) => r.line)).toEqual([1, 4]);
    expect(blank.blankLines).toBe(2);
    expect(fields('"",""')).toEqual([['', '']]);
  });

  it('a quote inside an unquoted field is a literal quote', () => {
    expect(fields('5" pipe,ok')).toEqual([['5" pipe', 'ok']]);
  });

  it('text after a closing quote marks the record malformed, the next records still parse', () => {
    const parsed = parseCsv('"ab"cd,x\nok,1\n');
    expect(parsed.records[0]?.malformed).toContain('closing quote');
    expect(parsed.records[1]).toMatchObject({ line: 2, fields: ['ok', '1'], malformed: undefined });
  });

  it('an unclosed quote swallows the rest of the file and says which lines', () => {
    const parsed = parseCsv('a,b\n"open,c\nd,e\nf,g\n');
    expect(parsed.records).toHaveLength(2);
    expect(parsed.records[1]?.malformed).toBe(
      'a quoted field opened on line 2 is never closed: lines 2–5 could not be read',
    );
  });
});
