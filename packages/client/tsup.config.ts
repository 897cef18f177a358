import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  // One self-contained file per format: the error classes exist once per module graph, so
  // `instanceof` holds within ESM and within CJS alike.
  format: ['esm', 'cjs'],
  dts: true,
  tsconfig: 'tsconfig.lib.json',
  target: 'es2022',
  platform: 'neutral',
  clean: true,
});
