// Response validation against the spec's own schemas (JSON Schema 2020-12), compiled from the document the
// service embeds, so a response that drifts from spec/openapi.yaml fails here whatever host served it.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { spec } from '../../packages/service/src/generated/spec.js';

export { spec };

const specId = 'https://forestfn.dev/spec/openapi.json';
const ajv = new Ajv2020({ allErrors: true, strict: false, logger: false });
ajv.addSchema({ $id: specId, components: { schemas: spec.components.schemas } });

export type SchemaName = keyof typeof spec.components.schemas;

const compiled = new Map<string, ValidateFunction>();

/** The validator of one of the spec's component schemas, or of an inline schema (the getOpenApi answer). */
function validatorOf(schema: SchemaName | object): ValidateFunction {
  if (typeof schema !== 'string') return ajv.compile(schema);
  const cached = compiled.get(schema);
  if (cached) return cached;
  const validate = ajv.getSchema(`${specId}#/components/schemas/${schema}`);
  if (!validate) throw new Error(`spec has no components.schemas.${schema}`);
  compiled.set(schema, validate);
  return validate;
}

/** Throws, listing every violation, when `value` does not match the schema. */
export function assertMatches(schema: SchemaName | object, value: unknown): void {
  const validate = validatorOf(schema);
  if (validate(value)) return;
  const name = typeof schema === 'string' ? schema : 'the inline schema';
  const problems = (validate.errors ?? []).map(
    (error) => `  ${error.instancePath || '(root)'} ${error.message}`,
  );
  throw new Error(
    `response does not match ${name}:\n${problems.join('\n')}\n${JSON.stringify(value).slice(0, 500)}`,
  );
}

/** The feature names in model order (the order of `Instance`'s properties). */
export const featureNames: readonly string[] = Object.keys(spec.components.schemas.Instance.properties);

/** The class labels in model order. */
export const labels: readonly string[] = spec.components.schemas.Label.enum;

/** The largest body the service reads. */
export const maxBodyBytes: number = spec['x-forestfn'].maxBodyBytes;

/** The most instances or rows one predict request may carry. */
export const maxInstances: number = spec.components.schemas.PredictRequest.properties.instances.maxItems;
