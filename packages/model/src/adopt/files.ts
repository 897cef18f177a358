import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Writes every file or none: all contents go to temporary files beside their targets first, and only when
 * every one is written are they renamed into place (a rename within a folder replaces the target in one
 * step). Files whose content is already current are not touched. Returns the paths it replaced.
 */
export async function writeFilesTogether(files: ReadonlyMap<string, string | Uint8Array>): Promise<string[]> {
  const pending: { path: string; temp: string }[] = [];
  const tag = randomBytes(4).toString('hex');
  try {
    for (const [path, content] of files) {
      const current = await readFile(path).catch(() => undefined);
      if (current?.equals(typeof content === 'string' ? Buffer.from(content) : content)) continue;
      await mkdir(dirname(path), { recursive: true });
      const temp = `${path}.${tag}.tmp`;
      pending.push({ path, temp });
      await writeFile(temp, content);
    }
  } catch (error) {
    await Promise.all(pending.map(({ temp }) => rm(temp, { force: true })));
    throw error;
  }
  for (const { path, temp } of pending) await rename(temp, path);
  return pending.map(({ path }) => path);
}
