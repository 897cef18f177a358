import { describe, expect, it } from 'vitest';
import { DataError } from './csv.js';
import { holdoutTarget, readHoldout } from './holdout.js';

const schema = {
  features: [{ name: 'size' }, { name: 'colour', categories: ['red', 'blue'] }],
  labels: ['3', '7', '11'],
  target: 'kind',
};

describe('readHoldout', () => {
  it('reads the model’s columns in any order, ignores others, and maps categories and labels', () => {
    const text = 'id,kind,colour,size\n1,7,blue,2.5\n2,3,red,-1\n';
    expect(readHoldout(text, 'h.csv', schema)).toEqual({
      X: [
        [2.5, 1],
        [-1, 0],
      ],
      y: [1, 0],
      ignored: ['id'],
    });
  });

  it('matches numeric and boolean classes by value when it knows them', () => {
    const text = 'size,colour,kind\n1,red,7.0\n2,red,1.1e1\n';
    expect(readHoldout(text, 'h.csv', { ...schema, classes: [3, 7, 11] }).y).toEqual([1, 2]);
    expect(() => readHoldout(text, 'h.csv', schema)).toThrow(
      /h\.csv:2:7: label "7\.0" in column "kind" is not one of the model's labels/,
    );
    const flags = { ...schema, labels: ['False', 'True'], classes: [false, true] };
    expect(readHoldout('size,colour,kind\n1,red,true\n1,red,False\n', 'h.csv', flags).y).toEqual([1, 0]);
  });

  it('refuses a missing column, a word in a number column and an unknown category, with file:line:column', () => {
    expect(() => readHoldout('size,kind\n1,3\n', 'h.csv', schema)).toThrow(
      /h\.csv:1: the header has no column "colour" \(a feature of the model/,
    );
    expect(() => readHoldout('size,colour,kind\nNA,red,3\n', 'h.csv', schema)).toThrow(
      /h\.csv:2:1: column "size" holds "NA", which is not a number/,
    );
    expect(() => readHoldout('size,colour,kind\n1,green,3\n', 'h.csv', schema)).toThrow(DataError);
  });
});

describe('holdoutTarget', () => {
  it('takes the preferred column, else the one column that is not a feature', () => {
    expect(holdoutTarget('a,b,y\n1,2,x\n', 'h.csv', ['a', 'b'], 'y')).toBe('y');
    expect(holdoutTarget('a,b,kind\n1,2,x\n', 'h.csv', ['a', 'b'], 'label')).toBe('kind');
    expect(() => holdoutTarget('a,b,id,kind\n1,2,3,x\n', 'h.csv', ['a', 'b'], undefined)).toThrow(
      /cannot tell the label column: id, kind are not features; name it with --target/,
    );
  });
});
