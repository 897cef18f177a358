import { describe, expect, it } from 'vitest';
import { DataError, parseCsv } from './csv.js';

const values = (text: string) => {
  const table = parseCsv(text, 'x.csv');
  return [table.header, ...table.records].map((r) => r.cells.map((c) => c.value));
};

describe('parseCsv', () => {
  it('reads LF, CRLF and CR line ends, a BOM, a trailing newline and blank lines', () => {
    const expected = [
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ];
    expect(values('a,b\n1,2\n3,4\n')).toEqual(expected);
    expect(values('\uFEFFa,b\r\n1,2\r\n\r\n3,4')).toEqual(expected);
    expect(values('a,b\r1,2\r3,4\r')).toEqual(expected);
    expect(values('a,b\n\n1,2\n3,4\n\n\n')).toEqual(expected);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, and keeps line numbers right', () => {
    const table = parseCsv('name,note\n"x, y","say ""hi"""\n"multi\r\nline",z\nlast,"q"\n', 'x.csv');
    expect(table.records.map((r) => r.cells.map((c) => c.value))).toEqual([
      ['x, y', 'say "hi"'],
      ['multi\r\nline', 'z'],
      ['last', 'q'],
    ]);
    expect(table.records.map((r) => r.line)).toEqual([2, 3, 5]);
    expect(table.records[2]?.cells[1]).toMatchObject({ line: 5, column: 6 });
    expect(table.records[1]?.cells[1]).toMatchObject({ line: 4, column: 7 });
  });

  it('keeps empty cells, including a trailing one', () => {
    expect(values('a,b,c\n1,,\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '', ''],
    ]);
  });

  it.each([
    ['an empty file', '', /^e\.csv: the file is empty/],
    ['a file of blank lines', '\n\r\n\n', /^e\.csv: the file is empty/],
    ['a header without rows', 'a,b\n', /^e\.csv:1: the file has a header but no data rows/],
    ['an unclosed quote', 'a,b\n1,"2\n3,4\n', /^e\.csv:2:3: a quoted field is never closed/],
    ['text after a closing quote', 'a,b\n1,"2"x\n', /^e\.csv:2:6: unexpected text after a closing quote/],
    ['a quote inside an unquoted field', 'a,b\n1,2"3\n', /^e\.csv:2:4: a quote inside an unquoted field/],
  ])('rejects %s with file, line and column', (_, text, message) => {
    const error = (() => {
      try {
        parseCsv(text, 'e.csv');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toMatch(message);
    expect((error as DataError).file).toBe('e.csv');
  });
});
