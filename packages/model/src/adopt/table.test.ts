import { describe, expect, it } from 'vitest';
import { DataError } from '../csv.js';
import { canonicalOrder, summarizeTable } from './table.js';

const summary = (text: string, target = 'kind') => summarizeTable(text, 't.csv', target);
const failure = (text: string, target = 'kind'): DataError => {
  try {
    summary(text, target);
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
};

describe('canonicalOrder', () => {
  it('sorts numbers by value and anything else by code units, whatever the locale', () => {
    expect(canonicalOrder(['10', '2', '-1', '2.0', '2'])).toEqual(['-1', '2', '2.0', '10']);
    expect(canonicalOrder(['b', 'B', 'a', 'é', '10', '9'])).toEqual(['10', '9', 'B', 'a', 'b', 'é']);
  });
});

describe('summarizeTable', () => {
  const table = [
    'width, colour ,kind,height',
    '1.5,red,tall,10',
    '2,blue,short,20',
    '-3e1,red,tall,30',
    '4,green,short,40',
  ].join('\n');

  it('reads numeric and categorical features in column order, labels sorted, example rows per label', () => {
    expect(summary(table)).toEqual({
      features: [
        { name: 'width', kind: 'number', min: -30, max: 4, examples: [2, 1.5] },
        { name: 'colour', kind: 'category', categories: ['blue', 'green', 'red'], examples: ['blue', 'red'] },
        { name: 'height', kind: 'number', min: 10, max: 40, examples: [20, 10] },
      ],
      target: 'kind',
      labels: ['short', 'tall'],
      rows: 4,
      y: [1, 0, 1, 0],
      exampleRows: [1, 0],
    });
  });

  it('refuses a missing target column, naming the columns there are', () => {
    expect(failure(table, 'species').message).toBe(
      't.csv:1: the header has no target column "species" (columns: width, colour, kind, height)',
    );
  });

  it('points at a repeated or empty column name', () => {
    expect(failure('a,b,a,kind\n1,2,3,x\n').message).toMatch(/^t\.csv:1:5: column "a" appears twice/);
    expect(failure('a,,kind\n1,2,x\n').message).toMatch(/^t\.csv:1:3: column 2 has no name/);
    expect(failure('a,__proto__,kind\n1,2,x\n').message).toMatch(/^t\.csv:1:3: "__proto__" cannot name/);
  });

  it('points at a ragged row', () => {
    expect(failure('a,b,kind\n1,2,x\n3,4\n').message).toMatch(/^t\.csv:3:4: expected 3 cells/);
    expect(failure('a,b,kind\n1,2,x,9\n').message).toMatch(/^t\.csv:2:7: expected 3 cells/);
  });

  it('refuses a constant or empty column at its header, and an empty cell where it is', () => {
    expect(failure('a,b,kind\n1,5,x\n2,5,y\n').message).toMatch(
      /^t\.csv:1:3: column "b" holds "5" in every row/,
    );
    expect(failure('a,b,kind\n1,,x\n2,,y\n').message).toMatch(/^t\.csv:1:3: column "b" is empty/);
    expect(failure('a,b,kind\n1,3,x\n2,,y\n').message).toMatch(/^t\.csv:3:3: empty cell in column "b"/);
    expect(failure('a,b,kind\n1,3,x\n2,4,\n').message).toMatch(/^t\.csv:3:5: empty cell in the target/);
  });

  it('refuses a single class', () => {
    expect(failure('a,kind\n1,x\n2,x\n').message).toMatch(
      /^t\.csv:2:3: every row has the label "x" in column "kind": a classifier needs at least two classes/,
    );
  });

  it('refuses a column of numbers with a stray word rather than making it categorical', () => {
    expect(failure('a,b,kind\n1,3,x\n2,NA,y\n3,4,x\n').message).toMatch(
      /^t\.csv:3:3: column "b" holds numbers, but "NA" is not one/,
    );
  });

  it('refuses a table with no feature', () => {
    expect(failure('kind\nx\ny\n').message).toMatch(/^t\.csv:1: the header has no column besides the target/);
  });
});
