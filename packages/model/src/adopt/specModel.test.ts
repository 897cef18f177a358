import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { type ModelIdentity, writeModelPart } from './specModel.js';
import { summarizeTable } from './table.js';

const spec = `components:
  schemas:
    Label:
      type: string
      enum: [x, y]
    Instance:
      type: object
      required: [a, gone, b]
      properties:
        # a person's note on a
        a:
          description: A, as measured by hand.
          type: string
          enum: [p, q]
          x-unit: cm
        gone:
          type: number
        b:
          type: number
          x-observed-min: 0
`;

const identity: ModelIdentity = {
  name: 'm',
  datasetPath: 'data/t.csv',
  datasetSha256: '0'.repeat(64),
  trainRows: 3,
  hyperparameters: {},
};

const write = (text: string, csv: string) => {
  const doc = parseDocument(text);
  const changed = writeModelPart(doc, 's.yaml', summarizeTable(csv, 't.csv', 'kind'), identity);
  return { doc, changed, js: doc.toJS() };
};

describe('writeModelPart', () => {
  it("writes the table's features in column order, keeping what a person wrote", () => {
    const { doc, js } = write(spec, 'b,c,a,kind\nred,1,1.5,y\nblue,2,2.5,x\n');
    const { Instance, Label } = js.components.schemas;
    expect(Object.keys(Instance.properties)).toEqual(['b', 'c', 'a']);
    expect(Instance.required).toEqual(['b', 'c', 'a']);
    expect(Label.enum).toEqual(['x', 'y']);
    // a: categorical -> numeric keeps its description and unknown keys, loses its enum.
    expect(Instance.properties.a).toEqual({
      description: 'A, as measured by hand.',
      type: 'number',
      'x-unit': 'cm',
      examples: [2.5, 1.5],
      'x-observed-min': 1.5,
      'x-observed-max': 2.5,
    });
    // b: numeric -> categorical loses its observed range.
    expect(Instance.properties.b).toEqual({
      type: 'string',
      enum: ['blue', 'red'],
      examples: ['blue', 'red'],
    });
    expect(Instance.properties.c.description).toBe('The `c` column of data/t.csv.');
    expect(doc.toString()).toContain("# a person's note on a");
  });

  it('changes nothing the second time', () => {
    const csv = 'b,c,a,kind\nred,1,1.5,y\nblue,2,2.5,x\n';
    const first = write(spec, csv);
    const again = write(first.doc.toString(), csv);
    expect(again.changed).toEqual([]);
    expect(again.doc.toString()).toBe(first.doc.toString());
  });
});
