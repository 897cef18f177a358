import { describe, expect, it } from 'vitest';
import { DataError } from './csv.js';
import { parseDataset } from './dataset.js';

const schema = { features: ['a', 'b'], labels: ['x', 'y'] };
const load = (text: string) => parseDataset(text, 'd.csv', schema, 'kind');
const failure = (text: string) => {
  try {
    load(text);
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError');
};

describe('parseDataset', () => {
  it('maps columns by name in spec order and labels to their spec index', () => {
    expect(load('kind,b,a\ny,2,1\nx,-4.5e1,+.5\n')).toEqual({
      features: ['a', 'b'],
      labels: ['x', 'y'],
      X: [
        [1, 2],
        [0.5, -45],
      ],
      y: [1, 0],
    });
  });

  it('tolerates spaces around cells and header names', () => {
    expect(load(' a , b ,kind\n 1 ,2, x\n3,4,y\n').X).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it('names a missing feature column and a missing target column', () => {
    expect(failure('a,kind\n1,x\n2,y\n')).toMatchObject({
      line: 1,
      message: expect.stringMatching(/^d\.csv:1: the header has no column "b" \(a feature in the API spec/),
    });
    expect(failure('a,b\n1,2\n').message).toMatch(
      /^d\.csv:1: the header has no column "kind" \(the target column/,
    );
  });

  it('points at an extra or repeated column', () => {
    expect(failure('a,b,colour,kind\n1,2,red,x\n').message).toMatch(
      /^d\.csv:1:5: column "colour" is neither a feature in the API spec nor the target "kind"/,
    );
    expect(failure('a,b,a,kind\n1,2,1,x\n').message).toMatch(/^d\.csv:1:5: column "a" appears twice/);
  });

  it('points at a non-numeric cell and an empty cell', () => {
    expect(failure('a,b,kind\n1,2,x\n3,abc,y\n')).toMatchObject({ line: 3, column: 3 });
    expect(failure('a,b,kind\n1,2,x\n3,abc,y\n').message).toMatch(
      /^d\.csv:3:3: column "b" holds "abc", which is not a number/,
    );
    expect(failure('a,b,kind\n1,0x10,x\n').message).toMatch(/^d\.csv:2:3: column "b" holds "0x10"/);
    expect(failure('a,b,kind\n1,2,x\n,4,y\n').message).toMatch(/^d\.csv:3:1: empty cell in column "a"/);
    expect(failure('a,b,kind\n1,2,\n').message).toMatch(
      /^d\.csv:2:5: empty cell in the target column "kind"/,
    );
  });

  it('points at a label the spec does not have', () => {
    expect(failure('a,b,kind\n1,2,x\n3,4,y\n5,6,zed\n').message).toMatch(
      /^d\.csv:4:5: label "zed" in column "kind" is not one of the API spec's labels \(x, y\)/,
    );
  });

  it('points at a row with too few or too many cells', () => {
    expect(failure('a,b,kind\n1,2\n').message).toMatch(
      /^d\.csv:2:4: expected 3 cells \(a, b, kind\), found 2/,
    );
    expect(failure('a,b,kind\n1,2,x,9\n').message).toMatch(/^d\.csv:2:7: expected 3 cells/);
  });

  it('fails when a spec label has no rows', () => {
    expect(failure('a,b,kind\n1,2,x\n3,4,x\n').message).toMatch(
      /^d\.csv: no row has the label "y": every label in the API spec needs training rows/,
    );
  });

  it('encodes a categorical feature as its index in the spec enum, and refuses an unknown category', () => {
    const withColour = { ...schema, features: ['a', 'colour'], categories: { colour: ['red', 'blue'] } };
    const read = (text: string) => parseDataset(text, 'd.csv', withColour, 'kind');
    expect(read('a,colour,kind\n1,blue,x\n2, red ,y\n').X).toEqual([
      [1, 1],
      [2, 0],
    ]);
    expect(() => read('a,colour,kind\n1,blue,x\n2,green,y\n')).toThrow(
      /^d\.csv:3:3: column "colour" holds "green", which is not one of its categories in the API spec \(red, blue\)/,
    );
    expect(() => read('a,colour,kind\n1,,x\n')).toThrow(/^d\.csv:2:3: empty cell in column "colour"/);
  });

  it('points at an empty column name', () => {
    expect(failure('a,,kind\n1,2,x\n').message).toMatch(/^d\.csv:1:3: column 2 has no name/);
  });

  it('reports an empty or header-only file', () => {
    expect(failure('').message).toMatch(/^d\.csv: the file is empty/);
    expect(failure('a,b,kind\r\n').message).toMatch(/^d\.csv:1: the file has a header but no data rows/);
  });
});
