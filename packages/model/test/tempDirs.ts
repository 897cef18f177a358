// Temporary folders for tests, each removed after the test that made it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

/** Returns a maker of new temporary folders named `forestfn-<name>-…`; each is removed after its test. */
export function useTempDirs(name: string): () => Promise<string> {
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  return async () => {
    const dir = await mkdtemp(join(tmpdir(), `forestfn-${name}-`));
    dirs.push(dir);
    return dir;
  };
}
