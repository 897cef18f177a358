import { readFileSync } from 'node:fs';
import { type Model, ModelLoadError, parseModel } from '@forestfn/model';

/**
 * loadModel for a CommonJS entry point, which cannot await at load time but must have its model before
 * it registers functions. Throws ModelLoadError, naming the file and what to do.
 */
export function loadModelSync(path: string): Model {
  let json: string;
  try {
    json = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ModelLoadError(
        path,
        'the file does not exist',
        'Create it with `pnpm train`, then `pnpm package`.',
      );
    }
    throw new ModelLoadError(path, `the file cannot be read (${code ?? (error as Error).message})`);
  }
  return parseModel(json, path);
}
