// Regenerates every file derived from spec/openapi.yaml, and the spec's own derived parts (FeatureRow,
// Probabilities and the examples that name features or labels, written from Instance and Label).
// `--check` writes nothing and fails when a committed file is stale, so CI catches a spec edit that was
// not followed by `pnpm generate`.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { parse } from 'yaml';
import { deriveSpecText, SpecError } from '../packages/model/src/index.js';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const specFile = 'spec/openapi.yaml';
const header = (tool: string) =>
  `// Generated from spec/openapi.yaml by scripts/generate.ts${tool}. Do not edit: run \`pnpm generate\`.\n`;

export interface GenerateOptions {
  /** The repository to generate in; defaults to this one. */
  root?: string;
  /** The spec's text, when it is not (yet) the file's (adopt generates before it writes anything). */
  specText?: string;
}

/**
 * Every generated file's path and content: the spec with its derived parts written, then the files
 * generated from it. Throws SpecError when the spec's model part cannot be read.
 */
export async function generatedFiles(options: GenerateOptions = {}): Promise<Map<string, string>> {
  const root = options.root ?? repoRoot;
  const specPath = join(root, specFile);
  const source = options.specText ?? (await readFile(specPath, 'utf8'));
  const { text } = deriveSpecText(source, specFile);
  const document = parse(text) as Record<string, unknown>;
  const ast = await openapiTS(document as never, { defaultNonNullable: false, alphabetize: false });
  return new Map([
    [specPath, text],
    [
      join(root, 'packages/client/src/generated/openapi.ts'),
      `${header(' (openapi-typescript)')}\n${astToString(ast)}`,
    ],
    [
      join(root, 'packages/service/src/generated/spec.ts'),
      `${header('')}\n/** The OpenAPI document, parsed once at build time so hosts never read YAML at run time. */\nexport const spec = ${JSON.stringify(document, null, 2)} as const;\n`,
    ],
  ]);
}

/** The generated files (relative to `root`) whose content differs from `files`. */
export async function staleFiles(
  files: ReadonlyMap<string, string>,
  root: string = repoRoot,
): Promise<string[]> {
  const stale: string[] = [];
  for (const [path, content] of files) {
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (current !== content) stale.push(relative(root, path));
  }
  return stale;
}

async function main(check: boolean): Promise<void> {
  let files: Map<string, string>;
  try {
    files = await generatedFiles();
  } catch (error) {
    if (!(error instanceof SpecError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
    return;
  }
  const stale = await staleFiles(files);
  if (check) {
    if (stale.length > 0) {
      console.error(`Stale generated files (run \`pnpm generate\` and commit):\n  ${stale.join('\n  ')}`);
      const spec = await readFile(join(repoRoot, specFile), 'utf8');
      const { changed } = deriveSpecText(spec, specFile);
      if (changed.length > 0) {
        console.error(
          `${specFile}: these parts are derived from Instance and Label and do not match them:\n  ${changed.join('\n  ')}`,
        );
      }
      process.exitCode = 1;
    } else console.log('generated files are up to date');
    return;
  }
  for (const [path, content] of files) {
    if (!stale.includes(relative(repoRoot, path))) continue;
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
    console.log(`wrote ${relative(repoRoot, path)}`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.includes('--check'));
