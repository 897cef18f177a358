// The Open Inference Protocol's own REST specification (vendor/open_inference_rest.yaml, unchanged from
// kserve/open-inference-protocol), compiled so the contract suite checks /v2 answers against the
// protocol's schemas, not only against spec/openapi.yaml's reading of them.
import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

interface ProtocolOperation {
  operationId: string;
  responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }>;
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
}

export interface ProtocolDocument {
  paths: Record<string, Record<string, ProtocolOperation>>;
  components: { schemas: Record<string, object> };
}

/** The protocol's document as published. */
export const protocol = parse(
  readFileSync(new URL('vendor/open_inference_rest.yaml', import.meta.url), 'utf8'),
) as ProtocolDocument;

// OpenAPI 3.0 schemas are JSON Schema draft-07 plus keywords Ajv does not know (`x-examples`): not strict.
const protocolId = 'https://github.com/kserve/open-inference-protocol/open_inference_rest.yaml';
const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
ajv.addSchema({ $id: protocolId, components: protocol.components });

export type ProtocolSchema = keyof typeof protocolSchemaNames;
const protocolSchemaNames = {
  metadata_server_response: true,
  metadata_server_error_response: true,
  metadata_model_response: true,
  metadata_model_error_response: true,
  inference_request: true,
  inference_response: true,
  inference_error_response: true,
} as const;

const compiled = new Map<string, ValidateFunction>();

/** Throws, listing every violation, when `value` does not match the protocol's schema `name`. */
export function assertProtocol(name: ProtocolSchema, value: unknown): void {
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.getSchema(`${protocolId}#/components/schemas/${name}`);
    if (!validate) throw new Error(`the protocol has no components.schemas.${name}`);
    compiled.set(name, validate);
  }
  if (validate(value)) return;
  const problems = (validate.errors ?? []).map(
    (error) => `  ${error.instancePath || '(root)'} ${error.message}`,
  );
  throw new Error(
    `does not match the protocol's ${name}:\n${problems.join('\n')}\n${JSON.stringify(value).slice(0, 500)}`,
  );
}

/**
 * A protocol path as spec/openapi.yaml writes it: `${MODEL_NAME}` is `{name}`, `${MODEL_VERSION}` is
 * `{version}`, and the server metadata's `/v2/` is `/v2` as the protocol's text has it.
 */
export const ourPath = (path: string): string =>
  path
    .replace(/\$\{MODEL_NAME\}/, '{name}')
    .replace(/\$\{MODEL_VERSION\}/, '{version}')
    .replace(/^\/v2\/$/, '/v2');
