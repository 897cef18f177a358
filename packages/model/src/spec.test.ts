import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { repoRoot } from './paths.js';
import { parseSpecSchema, readSpecSchema, SpecError } from './spec.js';

const specPath = resolve(repoRoot, 'spec/openapi.yaml');

/** The repo's spec with `edit` applied to components.schemas. */
async function editedSpec(edit: (schemas: Record<string, Record<string, unknown>>) => void): Promise<string> {
  const document = parse(await readFile(specPath, 'utf8'));
  edit(document.components.schemas);
  return stringify(document);
}

describe('readSpecSchema', () => {
  it("reads the features in Instance's property order and the labels in enum order", async () => {
    expect(await readSpecSchema(specPath)).toEqual({
      features: ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'],
      labels: ['setosa', 'versicolor', 'virginica'],
    });
  });

  it('names the file when it cannot be read', async () => {
    await expect(readSpecSchema('/nonexistent/openapi.yaml')).rejects.toThrow(
      /\/nonexistent\/openapi\.yaml \(ENOENT\)/,
    );
  });
});

describe('parseSpecSchema', () => {
  it('follows a reordering of the features', async () => {
    const text = await editedSpec((schemas) => {
      const { sepal_length, ...rest } = (schemas.Instance as { properties: Record<string, unknown> })
        .properties;
      (schemas.Instance as Record<string, unknown>).properties = { ...rest, sepal_length };
      const items = (schemas.FeatureRow as { prefixItems: unknown[] }).prefixItems;
      items.push(items.shift());
    });
    expect(parseSpecSchema(text, 's.yaml').features).toEqual([
      'sepal_width',
      'petal_length',
      'petal_width',
      'sepal_length',
    ]);
  });

  it('fails when FeatureRow.prefixItems does not follow Instance', async () => {
    const text = await editedSpec((schemas) => {
      (schemas.FeatureRow as { prefixItems: unknown[] }).prefixItems.reverse();
    });
    expect(() => parseSpecSchema(text, 's.yaml')).toThrow(
      /^s\.yaml: components\.schemas\.FeatureRow\.prefixItems must reference/,
    );
  });

  it('fails when FeatureRow does not take exactly one value per feature', async () => {
    const text = await editedSpec((schemas) => {
      (schemas.FeatureRow as Record<string, unknown>).maxItems = 5;
    });
    expect(() => parseSpecSchema(text, 's.yaml')).toThrow(/FeatureRow must have minItems and maxItems 4/);
  });

  it('fails when Probabilities does not list every label', async () => {
    const text = await editedSpec((schemas) => {
      (schemas.Label as { enum: string[] }).enum.push('hybrid');
    });
    expect(() => parseSpecSchema(text, 's.yaml')).toThrow(
      /Probabilities must have one required property per label/,
    );
  });

  it('fails when the label enum is missing, too short or repeats a label', async () => {
    for (const labels of [undefined, ['setosa'], ['a', 'a']]) {
      const text = await editedSpec((schemas) => {
        (schemas.Label as Record<string, unknown>).enum = labels;
      });
      expect(() => parseSpecSchema(text, 's.yaml')).toThrow(SpecError);
      expect(() => parseSpecSchema(text, 's.yaml')).toThrow(/components\.schemas\.Label\.enum/);
    }
  });

  it('fails for a feature that is not a number', async () => {
    const text = await editedSpec((schemas) => {
      (schemas.Instance?.properties as Record<string, { type: string }>).sepal_width = { type: 'string' };
    });
    expect(() => parseSpecSchema(text, 's.yaml')).toThrow(
      /Instance\.properties\.sepal_width must have type: number/,
    );
  });

  it('fails on YAML that is not an OpenAPI document', () => {
    expect(() => parseSpecSchema('a: [', 's.yaml')).toThrow(/^s\.yaml: is not valid YAML/);
    expect(() => parseSpecSchema('openapi: 3.1.0\n', 's.yaml')).toThrow(
      /^s\.yaml: has no components\.schemas/,
    );
  });
});
