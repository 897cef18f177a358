// Loading an artifact in a fresh process, as the function app does at start-up: scaleLoad.ts bundled to
// CommonJS (as packageFunctionApp bundles functions.js, so it runs the same code), then run per artifact.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../../packages/model/src/index.js';
import { lastJsonOf, startChild } from './processes.js';

const loadScript = fileURLToPath(new URL('scaleLoad.ts', import.meta.url));

/** What scaleLoad.ts measures: load time, first prediction, and the RSS before and after. */
export interface FreshLoad {
  loadMs: number;
  firstPredictMs: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
}

/** Bundles the loader into `outFile`; returns a function that loads an artifact in a new process. */
export async function buildFreshLoader(
  outFile: string,
): Promise<(artifactPath: string) => Promise<FreshLoad>> {
  // esbuild is the server package's dependency, not the root's.
  const { build } = createRequire(join(repoRoot, 'server', 'package.json'))('esbuild') as {
    build(options: Record<string, unknown>): Promise<unknown>;
  };
  await build({
    entryPoints: [loadScript],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'silent',
    logOverride: { 'empty-import-meta': 'silent' },
  });
  return (artifactPath) => lastJsonOf<FreshLoad>(startChild(process.execPath, [outFile, artifactPath]));
}
