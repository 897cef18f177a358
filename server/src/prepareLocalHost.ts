// What `pnpm start` does before it starts the local host: trains a model when there is none, and builds
// main.ts into plain JavaScript, so the server process runs `node` on it instead of compiling TypeScript
// and loading the trainer at every start (which took ~4x a bare server's start-up to first answer).
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { defaultArtifactPath, trainToFile } from '@forestfn/model';
import { build } from 'esbuild';

const serverDir = fileURLToPath(new URL('..', import.meta.url));

/** Where `pnpm start` runs the local host from. */
export const defaultLocalHostDir = join(serverDir, 'dist', 'local');

/** Bundles server/src/main.ts (ESM) into `outDir`, replacing what was there; returns the entry file. */
export async function buildLocalHost(outDir: string = defaultLocalHostDir): Promise<string> {
  await rm(outDir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { main: join(serverDir, 'src', 'main.ts') },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // The CommonJS dependencies (ml-random-forest) require Node built-ins, which ESM has no `require` for.
    banner: {
      js: "import { createRequire as __forestfnRequire } from 'node:module'; const require = __forestfnRequire(import.meta.url);",
    },
    // Modules find the repo (artifacts/, model.config.json) from their own URL; in the bundle they all
    // answer as the model package's paths module, so repo-relative defaults stay right and no bundled
    // script mistakes itself for the entry point.
    define: {
      'import.meta.url': JSON.stringify(
        pathToFileURL(join(serverDir, '..', 'packages', 'model', 'src', 'paths.ts')).href,
      ),
    },
    logLevel: 'silent',
  });
  if (result.warnings.length > 0) {
    throw new Error(`esbuild warnings:\n${result.warnings.map((warning) => warning.text).join('\n')}`);
  }
  return join(outDir, 'main.mjs');
}

/** Trains into `artifactPath` when it does not exist (as `pnpm train` does); returns whether it trained. */
export async function trainIfMissing(artifactPath: string): Promise<boolean> {
  if (existsSync(artifactPath)) return false;
  console.log(`No model at ${artifactPath}: training one first (as \`pnpm train\` does).`);
  const { card, seconds } = await trainToFile({ outPath: artifactPath });
  console.log(
    `Trained ${card.name} ${card.version} in ${seconds.toFixed(2)} s (holdout accuracy ${card.metrics.accuracy}).`,
  );
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await trainIfMissing(resolve(process.env.FORESTFN_ARTIFACT || defaultArtifactPath));
  await buildLocalHost();
}
