// Where the hosts read the API reference's renderer (Swagger UI, the swagger-ui-dist package) from: the
// installed package for the local host and the TypeScript sources, the `docs/` folder of the function app
// zip for Azure (packageFunctionApp copies it there).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { repoRoot } from '@forestfn/model';
import type { ReadRendererFile } from '@forestfn/service';

/** The folder in the function app that holds the renderer's files, beside functions.js. */
export const docsFolder = 'docs';

/** What ships with the renderer's files: its licence (Apache-2.0), notice and third-party notices. */
export const rendererNotices = ['LICENSE', 'NOTICE', 'swagger-ui-bundle.js.LICENSE.txt'] as const;

/** The installed swagger-ui-dist package's folder (server's dependency), found from the repository. */
export function rendererPackageDir(): string {
  // From the repository rather than this module's URL: the local host's build rewrites import.meta.url.
  const require = createRequire(join(repoRoot, 'server', 'package.json'));
  return dirname(require.resolve('swagger-ui-dist/package.json'));
}

/** Reads the renderer's files from `dir`, for the service's `docsAssets`. */
export function rendererFilesIn(dir: string): ReadRendererFile {
  return async (file) => new Uint8Array(await readFile(join(dir, file)));
}
