import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { repoRoot } from '../paths.js';
import { featureRef, parseSpecSchema, SpecError } from '../spec.js';
import { deriveSpecText } from './derive.js';

const repoSpec = () => readFile(resolve(repoRoot, 'spec/openapi.yaml'), 'utf8');

/** The repo's spec with `edit` applied to its document (comments and layout kept). */
async function edited(edit: (doc: ReturnType<typeof parseDocument>) => void): Promise<string> {
  const doc = parseDocument(await repoSpec());
  edit(doc);
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

const schemas = ['components', 'schemas'];
const examples = (spec: ReturnType<typeof parse>) => ({
  request: spec.paths['/api/predict'].post.requestBody.content['application/json'].examples,
  response: spec.paths['/api/predict'].post.responses['200'].content['application/json'].examples,
  card: spec.paths['/api/model'].get.responses['200'].content['application/json'].examples.card.value,
  problem:
    spec.components.responses.BadRequest.content['application/problem+json'].examples.missingFeature.value,
  infer: spec.components.requestBodies.V2InferenceRequest.content['application/json'].examples.tensor.value,
  inferred: spec.components.responses.V2InferenceResponse.content['application/json'].examples.tensor.value,
  metadata: spec.components.responses.V2ModelMetadata.content['application/json'].examples.metadata.value,
});

describe('deriveSpecText', () => {
  it("leaves the repository's spec as it is (what `pnpm generate:check` relies on)", async () => {
    const text = await repoSpec();
    expect(deriveSpecText(text, 'spec/openapi.yaml')).toEqual({ text, changed: [] });
  });

  it('follows an edit of Instance and Label into FeatureRow, Probabilities and the examples', async () => {
    // Whatever table the repo's spec describes: its second feature dropped, a categorical one added last,
    // and its labels replaced by its first and a new one.
    const before = parse(await repoSpec()).components.schemas;
    const names = Object.keys(before.Instance.properties);
    const dropped = names[1 % names.length] as string;
    let colour = 'colour';
    while (names.includes(colour)) colour = `${colour}_`;
    const [first = ''] = before.Label.enum as string[];
    let other = `${first}_other`;
    while ((before.Label.enum as string[]).includes(other)) other = `${other}_`;
    const labels = [first, other];
    const text = await edited((doc) => {
      doc.setIn([...schemas, 'Instance', 'properties', colour], {
        type: 'string',
        enum: ['red', 'blue'],
        examples: ['blue'],
      });
      doc.deleteIn([...schemas, 'Instance', 'properties', dropped]);
      doc.setIn([...schemas, 'Label', 'enum'], labels);
    });
    const { text: derived, changed } = deriveSpecText(text, 's.yaml');
    expect(changed).toContain('components.schemas.FeatureRow.prefixItems');
    expect(changed).toContain('components.schemas.Probabilities.properties');
    const spec = parse(derived);
    const features = [...names.filter((name) => name !== dropped), colour];
    const last = features.length - 1;
    expect(spec.components.schemas.Instance.required).toEqual(features);
    expect(spec.components.schemas.FeatureRow).toMatchObject({
      prefixItems: features.map((name) => ({ $ref: featureRef(name) })),
      minItems: features.length,
      maxItems: features.length,
    });
    expect(spec.components.schemas.Probabilities).toMatchObject({
      required: labels,
      properties: Object.fromEntries(labels.map((label) => [label, { type: 'number' }])),
    });
    expect(Object.keys(spec.components.schemas.Probabilities.properties)).toEqual(labels);
    const { request, response, card, problem } = examples(spec);
    expect(Object.keys(request.typed.value.instances[0])).toEqual(features);
    expect(request.typed.value.instances[0][colour]).toBe('blue');
    expect(
      request.rows.value.every((row: unknown[]) => row.length === features.length && row[last] === 'blue'),
    ).toBe(true);
    expect(response.typed.value.predictions[0].probabilities).toEqual({
      [first]: 1,
      [labels[1] as string]: 0,
    });
    expect(response.rows.value).toEqual(labels.slice(0, request.rows.value.length));
    expect(card.features.map((f: { name: string }) => f.name)).toEqual(features);
    expect(card.features[last]).toEqual({ name: colour, min: 0, max: 1, categories: ['red', 'blue'] });
    expect(card.labels).toEqual(labels);
    expect(Object.keys(card.metrics.perClass)).toEqual(labels);
    expect(card.metrics.confusionMatrix).toHaveLength(2);
    expect(Object.keys(card.featureImportance)).toEqual(features);
    expect(problem.errors[0].pointer).toBe(`/instances/0/${colour}`);
    // The Open Inference Protocol's examples: the tensor carries the category's index.
    const { infer, inferred, metadata } = examples(spec);
    expect(infer.inputs[0].shape).toEqual([1, features.length]);
    expect(infer.inputs[0].data).toHaveLength(features.length);
    expect(infer.inputs[0].data[last]).toBe(1);
    expect(inferred.outputs[0].data).toEqual([first]);
    expect(inferred.outputs[1]).toMatchObject({ shape: [1, 2], data: [1, 0] });
    expect(metadata.inputs[0].shape).toEqual([-1, features.length]);
    expect(metadata.outputs[1].shape).toEqual([-1, 2]);
    expect(JSON.parse(metadata.properties.features)).toEqual(features);
    expect(JSON.parse(metadata.properties.categories)).toMatchObject({ [colour]: ['red', 'blue'] });
    // The result is a spec the trainer reads, and deriving again changes nothing.
    expect(parseSpecSchema(derived, 's.yaml').categories).toEqual({
      ...Object.fromEntries(
        names.flatMap((name) => {
          const categories = before.Instance.properties[name].enum;
          return name !== dropped && categories ? [[name, categories]] : [];
        }),
      ),
      [colour]: ['red', 'blue'],
    });
    expect(deriveSpecText(derived, 's.yaml')).toEqual({ text: derived, changed: [] });
  });

  it('keeps comments and what is not derived', async () => {
    const text = await edited((doc) => {
      doc.setIn([...schemas, 'FeatureRow', 'maxItems'], 9);
    });
    const { text: derived, changed } = deriveSpecText(text, 's.yaml');
    expect(changed).toEqual(['components.schemas.FeatureRow.maxItems']);
    expect(derived).toContain('# prefixItems, minItems and maxItems are derived from Instance');
    expect(derived).toBe(await repoSpec());
  });

  it('refuses a spec without features or labels', async () => {
    const text = await edited((doc) => {
      doc.deleteIn([...schemas, 'Label', 'enum']);
    });
    expect(() => deriveSpecText(text, 's.yaml')).toThrow(SpecError);
    expect(() => deriveSpecText('a: [', 's.yaml')).toThrow(/^s\.yaml: is not valid YAML/);
  });
});
