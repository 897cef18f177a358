import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { repoRoot } from './paths.js';
import { featureRef, parseSpecSchema, readSpecSchema, SpecError } from './spec.js';

const specPath = resolve(repoRoot, 'spec/openapi.yaml');

// The model part of the repo's spec as the document spells it, whatever table was adopted.
type FeatureSchema = { type?: string; enum?: string[] };
const document = parse(await readFile(specPath, 'utf8'));
const features = document.components.schemas.Instance.properties as Record<string, FeatureSchema>;
const featureNames = Object.keys(features);
const labels = document.components.schemas.Label.enum as string[];
const categoriesIn = (schemas: Record<string, FeatureSchema>) =>
  Object.fromEntries(
    Object.entries(schemas).flatMap(([name, schema]) => (schema.enum ? [[name, schema.enum]] : [])),
  );
/** What parseSpecSchema reads from a spec whose Instance properties are `schemas`. */
const schemaOf = (schemas: Record<string, FeatureSchema>) => {
  const categories = categoriesIn(schemas);
  return {
    features: Object.keys(schemas),
    labels,
    ...(Object.keys(categories).length > 0 ? { categories } : {}),
  };
};
const [firstFeature = '', ...otherFeatures] = featureNames;
const secondFeature = featureNames[1 % featureNames.length] as string;

/** The repo's spec with `edit` applied to components.schemas. */
async function editedSpec(edit: (schemas: Record<string, Record<string, unknown>>) => void): Promise<string> {
  const document = parse(await readFile(specPath, 'utf8'));
  edit(document.components.schemas);
  return stringify(document);
}

describe('readSpecSchema', () => {
  it("reads the features in Instance's property order and the labels in enum order", async () => {
    expect(featureNames.length).toBeGreaterThan(0);
    expect(await readSpecSchema(specPath)).toEqual(schemaOf(features));
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
      const { [firstFeature]: first, ...rest } = (schemas.Instance as { properties: Record<string, unknown> })
        .properties;
      (schemas.Instance as Record<string, unknown>).properties = { ...rest, [firstFeature]: first };
      const items = (schemas.FeatureRow as { prefixItems: unknown[] }).prefixItems;
      items.push(items.shift());
    });
    expect(parseSpecSchema(text, 's.yaml').features).toEqual([...otherFeatures, firstFeature]);
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
      (schemas.FeatureRow as Record<string, unknown>).maxItems = featureNames.length + 1;
    });
    expect(() => parseSpecSchema(text, 's.yaml')).toThrow(
      `FeatureRow must have minItems and maxItems ${featureNames.length}`,
    );
  });

  it('fails when Probabilities does not list every label', async () => {
    const text = await editedSpec((schemas) => {
      (schemas.Label as { enum: string[] }).enum.push(`${labels.join('_')}_hybrid`);
    });
    expect(() => parseSpecSchema(text, 's.yaml')).toThrow(
      /Probabilities must have one required property per label/,
    );
  });

  it('fails when the label enum is missing, too short or repeats a label', async () => {
    for (const edited of [undefined, labels.slice(0, 1), ['a', 'a']]) {
      const text = await editedSpec((schemas) => {
        (schemas.Label as Record<string, unknown>).enum = edited;
      });
      expect(() => parseSpecSchema(text, 's.yaml')).toThrow(SpecError);
      expect(() => parseSpecSchema(text, 's.yaml')).toThrow(/components\.schemas\.Label\.enum/);
    }
  });

  it('fails for a feature that is neither a number nor a string with categories', async () => {
    const boolean = await editedSpec((schemas) => {
      (schemas.Instance?.properties as Record<string, { type: string }>)[secondFeature] = { type: 'boolean' };
    });
    expect(() => parseSpecSchema(boolean, 's.yaml')).toThrow(
      `Instance.properties.${secondFeature} must have type: number, or type: string with an enum`,
    );
    for (const categories of [undefined, [], ['a', ''], ['a', 'a']]) {
      const text = await editedSpec((schemas) => {
        (schemas.Instance?.properties as Record<string, unknown>)[secondFeature] = {
          type: 'string',
          enum: categories,
        };
      });
      expect(() => parseSpecSchema(text, 's.yaml')).toThrow(`Instance.properties.${secondFeature}`);
    }
  });

  it('reads a categorical feature with its categories in enum order', async () => {
    const text = await editedSpec((schemas) => {
      (schemas.Instance?.properties as Record<string, unknown>)[secondFeature] = {
        type: 'string',
        enum: ['wide', 'narrow'],
      };
    });
    expect(parseSpecSchema(text, 's.yaml')).toEqual(
      schemaOf({ ...features, [secondFeature]: { type: 'string', enum: ['wide', 'narrow'] } }),
    );
  });

  it('expects the row form to reference a feature by its escaped JSON pointer', () => {
    expect(featureRef('length_cm')).toBe('#/components/schemas/Instance/properties/length_cm');
    expect(featureRef('a/b~c d')).toBe('#/components/schemas/Instance/properties/a~1b~0c%20d');
  });

  it('fails on YAML that is not an OpenAPI document', () => {
    expect(() => parseSpecSchema('a: [', 's.yaml')).toThrow(/^s\.yaml: is not valid YAML/);
    expect(() => parseSpecSchema('openapi: 3.1.0\n', 's.yaml')).toThrow(
      /^s\.yaml: has no components\.schemas/,
    );
  });
});
