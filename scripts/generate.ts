// Regenerates every file derived from spec/openapi.yaml. `--check` writes nothing and fails when a
// committed file is stale, so CI catches a spec edit that was not followed by `pnpm generate`.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const specPath = `${root}spec/openapi.yaml`;
const header = (tool: string) =>
  `// Generated from spec/openapi.yaml by scripts/generate.ts${tool}. Do not edit: run \`pnpm generate\`.\n`;

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
