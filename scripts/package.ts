// `pnpm package [--artifact path] [--out path]`: builds the deployable function app zip
// (default artifacts/functions.zip) from server/src/functions.ts and the trained model.
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ModelLoadError } from '../packages/model/src/index.js';
import { packageFunctionApp } from '../server/src/packageFunctionApp.js';
import { parseCli } from './cli.js';

const usage = 'usage: pnpm package [--artifact artifacts/model.bin] [--out artifacts/functions.zip]';

async function main(args: string[]): Promise<void> {
  const values = parseCli(args, { artifact: { type: 'string' }, out: { type: 'string' } }, usage);
  if (!values) return;
  // pnpm runs this in server/; paths given on the command line are relative to where pnpm was started.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  try {
    const result = await packageFunctionApp({
      ...(typeof values.artifact === 'string' ? { artifactPath: resolve(cwd, values.artifact) } : {}),
      ...(typeof values.out === 'string' ? { outFile: resolve(cwd, values.out) } : {}),
    });
    const shown = (path: string) => (relative(cwd, path).startsWith('..') ? path : relative(cwd, path));
    console.log(
      `wrote ${shown(result.zipPath)} (${(result.zipBytes / 1024).toFixed(1)} KiB; bundle ${(result.bundleBytes / 1024).toFixed(1)} KiB): ${result.files.join(', ')}`,
    );
  } catch (error) {
    if (!(error instanceof ModelLoadError)) throw error;
    console.error(`packaging failed: ${error.message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
