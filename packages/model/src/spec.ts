import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';

/** What the model side of the contract needs from the spec. */
export interface SpecSchema {
  /** Feature names in model order: the order of `components.schemas.Instance.properties`. */
  features: string[];
  /** Class labels in model order: `components.schemas.Label.enum`. */
  labels: string[];
  /**
   * The categorical features (`type: string` with an `enum`), by name, with their categories in enum
   * order: the model sees category i as the number i. Numeric features are absent.
   */
  categories?: Record<string, string[]>;
}

/** The `$ref` of a feature's schema, as FeatureRow.prefixItems lists it (a JSON Pointer in a URI fragment). */
export const featureRef = (name: string): string =>
  `#/components/schemas/Instance/properties/${encodeURIComponent(name.replaceAll('~', '~0').replaceAll('/', '~1'))}`;

/** The spec cannot be read or does not describe the model's inputs and outputs as expected. */
export class SpecError extends Error {
  override name = 'SpecError';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads feature names and labels from the OpenAPI document's text; `source` names it in errors. */
export function parseSpecSchema(text: string, source: string): SpecSchema {
  const fail = (problem: string): never => {
    throw new SpecError(source, `${source}: ${problem}`);
  };
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    return fail(`is not valid YAML (${(error as Error).message})`);
  }
  const schemas =
    isRecord(document) && isRecord(document.components) ? document.components.schemas : undefined;
  if (!isRecord(schemas)) return fail('has no components.schemas');

  const instance = schemas.Instance;
  if (!isRecord(instance) || !isRecord(instance.properties))
    return fail('has no components.schemas.Instance.properties (the features)');
  const features = Object.keys(instance.properties);
  if (features.length === 0)
    fail('components.schemas.Instance.properties is empty: the model needs at least one feature');
  const categories: Record<string, string[]> = {};
  for (const name of features) {
    const property = instance.properties[name];
    const at = `components.schemas.Instance.properties.${name}`;
    if (isRecord(property) && property.type === 'number') continue;
    if (!isRecord(property) || property.type !== 'string') {
      fail(
        `${at} must have type: number, or type: string with an enum of its categories (the model takes numbers and categories)`,
      );
    }
    const values = isRecord(property) ? property.enum : undefined;
    if (
      !Array.isArray(values) ||
      values.length === 0 ||
      !values.every((v) => typeof v === 'string' && v !== '')
    )
      return fail(`${at} is a string, so it must list its categories as an enum of non-empty strings`);
    if (new Set(values).size !== values.length) fail(`${at}.enum lists a category twice`);
    categories[name] = values as string[];
  }

  const label = schemas.Label;
  const labels = isRecord(label) ? label.enum : undefined;
  if (
    !Array.isArray(labels) ||
    labels.length < 2 ||
    !labels.every((l) => typeof l === 'string' && l !== '')
  ) {
    return fail('components.schemas.Label.enum must list at least two non-empty string labels');
  }
  if (new Set(labels).size !== labels.length) fail('components.schemas.Label.enum lists a label twice');

  // The seed-compatible row form must list the same features in the same order.
  const row = schemas.FeatureRow;
  const prefixItems = isRecord(row) ? row.prefixItems : undefined;
  if (!Array.isArray(prefixItems)) return fail('has no components.schemas.FeatureRow.prefixItems');
  const refs = prefixItems.map((item) =>
    isRecord(item) && typeof item.$ref === 'string' ? item.$ref : '(no $ref)',
  );
  const expected = features.map(featureRef);
  if (refs.length !== expected.length || refs.some((ref, i) => ref !== expected[i])) {
    fail(
      `components.schemas.FeatureRow.prefixItems must reference Instance's properties in order (\`pnpm generate\` derives it):\n  expected ${expected.join(', ')}\n  found    ${refs.join(', ')}`,
    );
  }
  if (!isRecord(row) || row.minItems !== features.length || row.maxItems !== features.length) {
    fail(
      `components.schemas.FeatureRow must have minItems and maxItems ${features.length}, one per feature (\`pnpm generate\` derives them)`,
    );
  }

  // Every class has a probability, and nothing else does.
  const probabilities = schemas.Probabilities;
  const classes =
    isRecord(probabilities) && isRecord(probabilities.properties) ? probabilities.properties : {};
  const required =
    isRecord(probabilities) && Array.isArray(probabilities.required) ? probabilities.required : [];
  const sorted = (list: unknown[]) => [...list].map(String).sort().join(', ');
  if (sorted(Object.keys(classes)) !== sorted(labels) || sorted(required) !== sorted(labels)) {
    fail(
      `components.schemas.Probabilities must have one required property per label (\`pnpm generate\` derives them):\n  labels     ${labels.join(', ')}\n  properties ${Object.keys(classes).join(', ')}`,
    );
  }
  return Object.keys(categories).length > 0
    ? { features, labels: labels as string[], categories }
    : { features, labels: labels as string[] };
}

/** Reads feature names and labels from `spec/openapi.yaml` (or the file given). */
export async function readSpecSchema(path: string): Promise<SpecSchema> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new SpecError(
      path,
      `Cannot read the API spec ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
    );
  }
  return parseSpecSchema(text, path);
}
