// spec/openapi.yaml's /v2 part against the protocol's own document: every protocol route is declared
// (with its version-less form), and our examples of its bodies are valid protocol bodies.
import { describe, expect, it } from 'vitest';
import { assertProtocol, ourPath, protocol } from './openInferenceProtocol.js';
import { spec } from './schemas.js';

const paths = spec.paths as Record<string, Record<string, unknown>>;
const exampleOf = (content: unknown, name: string): unknown =>
  (content as { 'application/json': { examples: Record<string, { value: unknown }> } })['application/json']
    .examples[name]?.value;

describe('spec/openapi.yaml against the Open Inference Protocol REST specification', () => {
  it('declares every protocol route with its method, and its form without /versions/{version}', () => {
    const routes = Object.entries(protocol.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => ['get', 'post'].includes(key))
        .map((method) => [ourPath(path), method] as const),
    );
    expect(routes.length).toBeGreaterThanOrEqual(6);
    for (const [path, method] of routes) {
      expect(paths[path]?.[method], `${method.toUpperCase()} ${path}`).toBeDefined();
      const unversioned = path.replace('/versions/{version}', '');
      expect(paths[unversioned]?.[method], `${method.toUpperCase()} ${unversioned}`).toBeDefined();
    }
  });

  it('has examples that are valid protocol bodies', () => {
    const { requestBodies, responses } = spec.components;
    assertProtocol('inference_request', exampleOf(requestBodies.V2InferenceRequest.content, 'tensor'));
    assertProtocol('inference_response', exampleOf(responses.V2InferenceResponse.content, 'tensor'));
    assertProtocol('metadata_model_response', exampleOf(responses.V2ModelMetadata.content, 'metadata'));
    const error = exampleOf(responses.V2Error.content, 'unknownModel');
    for (const schema of [
      'inference_error_response',
      'metadata_model_error_response',
      'metadata_server_error_response',
    ] as const)
      assertProtocol(schema, error);
  });

  it('refuses what the protocol refuses: the check is not vacuous', () => {
    expect(() => assertProtocol('inference_response', { outputs: [] })).toThrow(/model_name/);
    expect(() => assertProtocol('metadata_model_response', { name: 'm' })).toThrow(/platform/);
    expect(() => assertProtocol('metadata_server_error_response', { message: 'x' })).toThrow(/error/);
    expect(() => assertProtocol('inference_error_response', { error: 42 })).toThrow(/string/);
  });
});
