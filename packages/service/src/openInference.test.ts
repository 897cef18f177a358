import { type Model, trainFromConfig } from '@forestfn/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeRow, exampleRows } from '../test/samples.js';
import { createOpenInference, InferenceError, type OpenInference } from './openInference.js';

let model: Model;
let v2: OpenInference;
beforeAll(async () => {
  ({ model } = await trainFromConfig());
  v2 = createOpenInference({
    model,
    categories: model.card.features.map((feature) => feature.categories),
    maxRows: 1000,
    server: { name: 'forestfn', version: '1.0.0' },
  });
});

// The spec's first example row as the tensor carries it: a category as its index.
const row = () => encodeRow(exampleRows[0] ?? []);
const request = (rows: number[][], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id: 'req-1',
    inputs: [
      { name: 'features', shape: [rows.length, rows[0]?.length ?? 0], datatype: 'FP64', data: rows.flat() },
    ],
    ...extra,
  });

function refusal(run: () => unknown): InferenceError {
  try {
    run();
  } catch (error) {
    if (error instanceof InferenceError) return error;
    throw error;
  }
  throw new Error('expected an InferenceError');
}

describe('Open Inference Protocol V2', () => {
  it('answers labels and probabilities in the metadata order, echoing the id', () => {
    const rows = [row(), row()];
    const answer = v2.infer(request(rows), model.card.name) as {
      id: string;
      model_name: string;
      model_version: string;
      outputs: { name: string; shape: number[]; datatype: string; data: unknown[] }[];
    };
    const expected = model.predict(rows);
    expect(answer.id).toBe('req-1');
    expect(answer.model_version).toBe(model.card.version);
    expect(answer.outputs.map((o) => [o.name, o.datatype, o.shape])).toEqual([
      ['label', 'BYTES', [2]],
      ['probabilities', 'FP64', [2, model.card.labels.length]],
    ]);
    expect(answer.outputs[0]?.data).toEqual(expected.map((p) => p.label));
    expect(answer.outputs[1]?.data).toEqual(
      expected.flatMap((p) => model.card.labels.map((label) => p.probabilities[label])),
    );
  });

  it('takes nested data, a version in the path, and only the outputs asked for', () => {
    const body = JSON.stringify({
      inputs: [{ name: 'x', shape: [1, row().length], datatype: 'FP64', data: [row()] }],
      outputs: [{ name: 'probabilities' }],
    });
    const answer = v2.infer(body, model.card.name, model.card.version) as {
      outputs: { name: string }[];
      id?: string;
    };
    expect(answer.outputs.map((o) => o.name)).toEqual(['probabilities']);
    expect(answer.id).toBeUndefined();
  });

  it('refuses an unknown model or version with 404', () => {
    expect(refusal(() => v2.infer(request([row()]), 'other')).status).toBe(404);
    expect(refusal(() => v2.modelMetadata(model.card.name, '0000000000000000')).status).toBe(404);
  });

  it.each([
    ['not JSON', '{"inputs": ['],
    ['no inputs', '{}'],
    ['a wrong datatype', request([row()]).replace('"FP64"', '"FP32"')],
    ['a shape that does not match the data', request([row()]).replace(/"shape":\[1,/, '"shape":[2,')],
    ['an overflowing value', request([row()]).replace(/"data":\[[^,\]]+/, '"data":[1e999')],
    ['an unknown output', request([row()], { outputs: [{ name: 'nope' }] })],
    ['too many rows', request(Array.from({ length: 1001 }, row))],
    ['a string in the data', request([row()]).replace(/"data":\[[^,\]]+/, '"data":["x"')],
    ['an id over 128 characters', request([row()], { id: 'i'.repeat(129) })],
    ['a member given twice', request([row()]).replace('{"id":"req-1"', '{"id":"req-1","id":"req-2"')],
    ['an input without a name', request([row()]).replace('"name":"features",', '')],
    ['an output asked for twice', request([row()], { outputs: [{ name: 'label' }, { name: 'label' }] })],
    ['a second input', request([row()]).replace(/\]\}\]/, ']},{"name":"b"}]')],
  ])('refuses %s with 400 and an error that quotes nothing', (_, body) => {
    const error = refusal(() => v2.infer(body, model.card.name));
    expect(error.status).toBe(400);
    expect(error.message.length).toBeLessThan(200);
    expect(error.message).not.toContain('1e999');
  });

  it('describes the model: input and output tensors and the feature and label orders', () => {
    const metadata = v2.modelMetadata(model.card.name) as {
      inputs: { shape: number[] }[];
      properties: Record<string, string>;
    };
    expect(metadata.inputs[0]?.shape).toEqual([-1, model.card.features.length]);
    expect(JSON.parse(metadata.properties.features ?? '')).toEqual(model.card.features.map((f) => f.name));
    expect(JSON.parse(metadata.properties.labels ?? '')).toEqual(model.card.labels);
  });

  it('states the orders as JSON, so a name with a comma stays one name', () => {
    const features = model.card.features.map((feature, i) => ({ ...feature, name: `f,${i}` }));
    const labels = model.card.labels.map((label) => `${label}, too`);
    const odd = createOpenInference({
      model: { ...model, card: { ...model.card, features, labels } },
      categories: features.map(() => undefined),
      maxRows: 10,
      server: { name: 'forestfn', version: '1.0.0' },
    });
    const { properties } = odd.modelMetadata(model.card.name) as { properties: Record<string, string> };
    expect(JSON.parse(properties.features ?? '')).toEqual(features.map((f) => f.name));
    expect(JSON.parse(properties.labels ?? '')).toEqual(labels);
  });
});
