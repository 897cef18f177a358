// The request `pnpm start` suggests trying, taken from the spec's predict request examples so it names
// the adopted table's features. The document is the one the service serves, already bundled with it:
// the host reads no YAML at run time.
import { spec } from '../../packages/service/src/generated/spec.js';

/** The predict request examples of an OpenAPI document, by name; empty when it has none. */
export function predictExamples(document: unknown): Record<string, unknown> {
  const examples = (document as { paths?: Record<string, unknown> }).paths?.['/api/predict'] as
    | {
        post?: {
          requestBody?: { content?: Record<string, { examples?: Record<string, { value?: unknown }> }> };
        };
      }
    | undefined;
  const byName = examples?.post?.requestBody?.content?.['application/json']?.examples ?? {};
  return Object.fromEntries(
    Object.entries(byName).flatMap(([name, example]) => ('value' in example ? [[name, example.value]] : [])),
  );
}

/** The Open Inference Protocol infer request example of an OpenAPI document, if it has one. */
export function inferExample(document: unknown): unknown {
  const body = (document as { components?: { requestBodies?: Record<string, unknown> } }).components
    ?.requestBodies?.V2InferenceRequest as
    | { content?: Record<string, { examples?: Record<string, { value?: unknown }> }> }
    | undefined;
  const examples = Object.values(body?.content?.['application/json']?.examples ?? {});
  return examples.find((example) => 'value' in example)?.value;
}

/** A POSIX shell word holding `text` exactly. */
const shellQuote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * A `curl` command sending the typed example (or else the first one) to `url`'s predict route, with
 * `extraArgs` (e.g. a key header) before the body; undefined when the document has no example.
 */
export function exampleCurl(url: string, extraArgs = '', document: unknown = spec): string | undefined {
  const examples = predictExamples(document);
  const body = 'typed' in examples ? examples.typed : Object.values(examples)[0];
  if (body === undefined) return undefined;
  return `curl -s ${url}/api/predict -H 'content-type: application/json'${extraArgs} -d ${shellQuote(JSON.stringify(body))}`;
}

/**
 * A `curl` command sending the spec's Open Inference Protocol example to model `name`'s infer route at
 * `url`, with `extraArgs` before the body; undefined when the document has no example.
 */
export function exampleInferCurl(
  url: string,
  name: string,
  extraArgs = '',
  document: unknown = spec,
): string | undefined {
  const body = inferExample(document);
  if (body === undefined) return undefined;
  const route = `${url}/v2/models/${encodeURIComponent(name)}/infer`;
  return `curl -s ${shellQuote(route)}${extraArgs} -d ${shellQuote(JSON.stringify(body))}`;
}
