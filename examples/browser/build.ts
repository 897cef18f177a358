// Builds the page into dist/: the app bundled with esbuild (from @forestfn/client and @forestfn/mock as
// built by `pnpm build`, as an app that installed them gets them), its HTML and CSS, and MSW's service
// worker script, which must be served from the page's folder.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Where `pnpm --filter forestfn-browser-example build` writes the page. */
export const defaultOutDir = join(here, 'dist');

/** The packages' builds the page needs; `pnpm build` makes them. */
function checkPackagesBuilt(): void {
  for (const name of ['@forestfn/client', '@forestfn/mock']) {
    const entry = join(dirname(require.resolve(`${name}/package.json`)), 'dist', 'index.js');
    if (!existsSync(entry))
      throw new Error(`${name} is not built (${entry} is missing): run \`pnpm build\` first.`);
  }
}

/** Builds the page into `outDir` (replacing it); returns the folder. */
export async function buildExample(outDir: string = defaultOutDir): Promise<string> {
  checkPackagesBuilt();
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: [join(here, 'src', 'main.ts')],
    outfile: join(outDir, 'main.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: true,
    // Not tsconfig.json: its paths point the typechecker at the packages' sources, the page uses their builds.
    tsconfigRaw: {},
    logLevel: 'silent',
  });
  if (result.warnings.length > 0) {
    throw new Error(`esbuild warnings:\n${result.warnings.map((warning) => warning.text).join('\n')}`);
  }
  await copyFile(join(here, 'index.html'), join(outDir, 'index.html'));
  await copyFile(join(here, 'src', 'style.css'), join(outDir, 'style.css'));
  await copyFile(require.resolve('msw/mockServiceWorker.js'), join(outDir, 'mockServiceWorker.js'));
  return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`built ${await buildExample()}`);
}
