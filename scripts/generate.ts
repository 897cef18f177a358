// Regenerates every file derived from spec/openapi.yaml. `--check` writes nothing and fails when a
// committed file is stale, so CI catches a spec edit that was not followed by `pnpm generate`.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const specPath = `${root}spec/openapi.yaml`;
const header = (tool: string) =>
  `// Generated from spec/openapi.yaml by scripts/generate.ts${tool}. Do not edit: run \`pnpm generate\`.\n`;

/** The `$id` the service's validators resolve the spec's `#/components/...` references against. */
export const specId = 'https://forestfn.dev/spec/openapi.json';

/**
 * Ajv validators for the predict request forms, compiled to code at build time: compiling them when the
 * app starts took ~90 ms of every cold start. Exported by schema name (`PredictRequest`, ...).
 */
function predictValidatorsCode(document: Record<string, unknown>): string {
  // verbose: errors carry their schema, so unknown_field can list the allowed names.
  const ajv = new Ajv2020({
    allErrors: true,
    strict: false,
    verbose: true,
    logger: false,
    code: { source: true, esm: true },
  });
  const spec = document as {
    components: { schemas: Record<string, unknown> };
    paths: Record<
      string,
      { post: { requestBody: { content: Record<string, { schema: { oneOf: { $ref: string }[] } }> } } }
    >;
  };
  ajv.addSchema({ $id: specId, components: { schemas: spec.components.schemas } });
  const refs = spec.paths['/api/predict']?.post.requestBody.content['application/json']?.schema.oneOf ?? [];
  const exports = Object.fromEntries(
    refs.map(({ $ref }) => [$ref.split('/').pop() as string, `${specId}${$ref}`]),
  );
  // The CommonJS module is the function and also has it as `default`, which is what its types declare.
  return standaloneCode.default(ajv, exports);
}

export async function generatedFiles(): Promise<Map<string, string>> {
  const source = await readFile(specPath, 'utf8');
  const document = parse(source) as Record<string, unknown>;
  const ast = await openapiTS(document as never, { defaultNonNullable: false, alphabetize: false });
  return new Map([
    [
      `${root}packages/client/src/generated/openapi.ts`,
      `${header(' (openapi-typescript)')}\n${astToString(ast)}`,
    ],
    [
      `${root}packages/service/src/generated/spec.ts`,
      `${header('')}\n/** The OpenAPI document, parsed once at build time so hosts never read YAML at run time. */\nexport const spec = ${JSON.stringify(document, null, 2)} as const;\n`,
    ],
    [
      `${root}packages/service/src/generated/validators.ts`,
      `${header(' (Ajv standalone)')}// @ts-nocheck\n${predictValidatorsCode(document)}\n`,
    ],
  ]);
}

async function main(check: boolean): Promise<void> {
  const stale: string[] = [];
  for (const [path, content] of await generatedFiles()) {
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (current === content) continue;
    if (check) stale.push(relative(root, path));
    else {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, content);
      console.log(`wrote ${relative(root, path)}`);
    }
  }
  if (stale.length > 0) {
    console.error(`Stale generated files (run \`pnpm generate\` and commit):\n  ${stale.join('\n  ')}`);
    process.exitCode = 1;
  } else if (check) console.log('generated files are up to date');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.includes('--check'));
