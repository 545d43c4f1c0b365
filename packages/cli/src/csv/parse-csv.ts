/**
 * RFC 4180 CSV: comma-separated fields, fields in double quotes may hold commas, line breaks and `""` for a
 * quote; records end with CRLF or LF (a lone CR too). Every record keeps the line it starts on, so a bad row
 * can be reported by line number. A byte-order mark is dropped. Lenient where real files are sloppy and the
 * meaning is clear (a quote inside an unquoted field is a literal quote); strict where it is not (text after a
 * closing quote marks the record malformed; a quote left open swallows the rest of the file and is reported).
 */

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number;
  fields: string[];
  /** Why the record cannot be trusted, if it cannot. */
  malformed?: string | undefined;
}

export interface CsvParse {
  records: CsvRecord[];
  /** Lines that held nothing (not records, but counted so the report adds up). */
  blankLines: number;
  /** Total physical lines. */
  lines: number;
}

export function parseCsv(input: string): CsvParse {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const records: CsvRecord[] = [];
  let blankLines = 0;
  let line = 1;
  let i = 0;
  const n = text.length;

  while (i < n) {
    const start = line;
    const fields: string[] = [];
    let malformed: string | undefined;
    let field = '';
    let endOfRecord = false;

    while (!endOfRecord) {
      if (text[i] === '"') {
        // Quoted field: runs to the next quote that is not doubled.
        i++;
        let closed = false;
        while (i < n) {
          const c = text[i];
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            closed = true;
            break;
          }
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
          field += c;
          i++;
        }
        if (!closed) {
          malformed = `a quoted field opened on line ${start} is never closed: lines ${start}–${line} could not be read`;
          fields.push(field);
          records.push({ line: start, fields, malformed });
          return { records, blankLines, lines: line };
        }
        // After the closing quote only a delimiter or the end of the record may follow.
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          malformed ??= 'text follows a closing quote (quote the whole field, and double any quote inside it)';
          while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
        }
      } else {
        while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      }

      fields.push(field);
      field = '';
      if (i >= n) {
        endOfRecord = true;
      } else if (text[i] === ',') {
        i++;
        // A trailing comma at the end of the input still opens one (empty) field.
        if (i >= n) {
          fields.push('');
          endOfRecord = true;
        }
      } else {
        // CRLF, LF or a lone CR.
        i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
        line++;
        endOfRecord = true;
      }
    }

    if (fields.length === 1 && fields[0] === '' && malformed === undefined) blankLines++;
    else records.push({ line: start, fields, malformed });
  }
  // A final line break ends the last record; it does not start an empty one.
  const lines = text.length === 0 ? 0 : /\r\n?$|\n$/.test(text) ? line - 1 : line;
  return { records, blankLines, lines };
}
