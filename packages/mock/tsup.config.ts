import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

const artifactPath = fileURLToPath(new URL('../../artifacts/model.json', import.meta.url));
const portable = (file: string) => fileURLToPath(new URL(`src/portable/${file}`, import.meta.url));

/**
 * Replaces `./bundledArtifact.js` (which reads the artifact from disk, for tests from source) with the
 * artifact's text inlined, so the published package serves its model with no file access.
 */
const inlineArtifact: EsbuildPlugin = {
  name: 'forestfn-inline-artifact',
  setup(build) {
    build.onResolve({ filter: /^\.\/bundledArtifact\.js$/ }, () => ({
      path: artifactPath,
      namespace: 'forestfn-artifact',
    }));
    build.onLoad({ filter: /.*/, namespace: 'forestfn-artifact' }, async ({ path }) => {
      const text = await readFile(path, 'utf8').catch((error: unknown) => {
        throw new Error(
          `${path} is missing: run \`pnpm train\` before building @forestfn/mock (${String(error)})`,
        );
      });
      return {
        contents: `export const artifactJson = ${JSON.stringify(text)};`,
        loader: 'js',
        watchFiles: [path],
      };
    });
  },
};

/**
 * Maps the Node built-ins the served code uses to web-API versions (src/portable), so one bundle runs in
 * Node and in browsers. The model package's training code imports other built-ins; they stay external
 * while bundling and must all be tree-shaken away: the build fails if any import but msw's remains.
 */
const portableBuiltins: EsbuildPlugin = {
  name: 'forestfn-portable-builtins',
  setup(build) {
    build.initialOptions.metafile = true;
    build.onResolve({ filter: /^node:crypto$/ }, () => ({ path: portable('crypto.ts') }));
    build.onResolve({ filter: /^node:fs\/promises$/ }, () => ({ path: portable('fs.ts') }));
    const builtins = new Set(builtinModules);
    build.onResolve({ filter: /^[a-z_/:]+$/ }, ({ path }) =>
      path.startsWith('node:') || builtins.has(path) ? { path, external: true } : undefined,
    );
    build.onEnd((result) => {
      const left = Object.entries(result.metafile?.outputs ?? {}).flatMap(([file, output]) =>
        output.imports
          .filter((entry) => entry.external && entry.path !== 'msw')
          .map((entry) => `${file}: ${entry.path}`),
      );
      if (left.length > 0)
        throw new Error(
          `@forestfn/mock must run without Node built-ins, but imports:\n  ${left.join('\n  ')}`,
        );
    });
  },
};

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  // The private workspace packages and their dependencies go into the bundle; msw (the peer) stays out.
  noExternal: ['@forestfn/model', '@forestfn/service'],
  external: ['msw'],
  esbuildPlugins: [inlineArtifact, portableBuiltins],
  esbuildOptions(options) {
    // Ajv and its dependencies are CommonJS packages with only a `main` field.
    options.mainFields = ['module', 'main'];
    // The model's paths.ts reads import.meta.url; it is tree-shaken away (its node:path import would fail
    // the build otherwise), so esbuild's warning about it in the CommonJS build is noise.
    options.logOverride = { 'empty-import-meta': 'silent' };
  },
  dts: {
    resolve: ['@forestfn/model', '@forestfn/service'],
    // Their package.json points at TypeScript sources; mapped here, the declarations bundler inlines them.
    compilerOptions: {
      paths: {
        '@forestfn/model': ['../model/src/index.ts'],
        '@forestfn/service': ['../service/src/index.ts'],
      },
    },
  },
  // Keep `node:` prefixes so portableBuiltins sees them.
  removeNodeProtocol: false,
  target: 'es2022',
  platform: 'neutral',
  clean: true,
});
