/** A problem in the training data, located as `file:line:column` (1-based; line 1 is the header). */
export class DataError extends Error {
  override name = 'DataError';
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly column: number | undefined,
    problem: string,
  ) {
    super(
      `${file}${line === undefined ? '' : `:${line}${column === undefined ? '' : `:${column}`}`}: ${problem}`,
    );
  }
}

/** A parsed cell with where it started, so later checks can point at it. */
export interface CsvCell {
  value: string;
  line: number;
  column: number;
}

/** A CSV record (one row) and the line it starts on. */
export interface CsvRecord {
  line: number;
  cells: CsvCell[];
  /** Where a missing cell would go: just past the last one. */
  end: { line: number; column: number };
}

export interface CsvTable {
  header: CsvRecord;
  records: CsvRecord[];
}

/**
 * Parses comma-separated text (RFC 4180: quoted fields with `""` escapes and line breaks inside quotes;
 * LF, CRLF or CR line ends; an optional BOM and trailing newline). Blank lines are skipped.
 * Throws DataError for an empty file, a header without rows, and malformed quoting.
 */
export function parseCsv(text: string, file: string): CsvTable {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const n = source.length;

  const isBreak = (c: string | undefined) => c === '\n' || c === '\r';
  const skipBreak = () => {
    if (source[i] === '\r' && source[i + 1] === '\n') i += 2;
    else i += 1;
    line += 1;
    lineStart = i;
  };

  while (i < n) {
    if (isBreak(source[i])) {
      skipBreak(); // a blank line
      continue;
    }
    const record: CsvRecord = { line, cells: [], end: { line, column: 1 } };
    for (;;) {
      const cell: CsvCell = { value: '', line, column: i - lineStart + 1 };
      if (source[i] === '"') {
        i += 1;
        let value = '';
        for (;;) {
          if (i >= n)
            throw new DataError(file, cell.line, cell.column, 'a quoted field is never closed (missing ")');
          const c = source[i];
          if (c === '"') {
            if (source[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            i += 1;
            break;
          }
          if (isBreak(c)) {
            const crlf = c === '\r' && source[i + 1] === '\n';
            value += crlf ? '\r\n' : c;
            i += crlf ? 1 : 0;
            skipBreak();
            continue;
          }
          value += c;
          i += 1;
        }
        if (i < n && source[i] !== ',' && !isBreak(source[i])) {
          throw new DataError(
            file,
            line,
            i - lineStart + 1,
            'unexpected text after a closing quote (expected , or end of line)',
          );
        }
        cell.value = value;
      } else {
        const start = i;
        while (i < n && source[i] !== ',' && !isBreak(source[i])) {
          if (source[i] === '"') {
            throw new DataError(
              file,
              line,
              i - lineStart + 1,
              'a quote inside an unquoted field (quote the whole field and double the quote)',
            );
          }
          i += 1;
        }
        cell.value = source.slice(start, i);
      }
      record.cells.push(cell);
      if (source[i] === ',') {
        i += 1;
        continue;
      }
      record.end = { line, column: i - lineStart + 1 };
      if (i < n) skipBreak();
      break;
    }
    records.push(record);
  }

  const [header, ...rows] = records;
  if (header === undefined)
    throw new DataError(
      file,
      undefined,
      undefined,
      'the file is empty: expected a header line and data rows',
    );
  if (rows.length === 0)
    throw new DataError(file, header.line, undefined, 'the file has a header but no data rows');
  return { header, records: rows };
}
