import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../packages/model/src/index.js';
import { useTempDirs } from '../packages/model/test/tempDirs.js';

const run = promisify(execFile);
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const tempDir = useTempDirs('train-cli');
describe('pnpm train', () => {
  it('prints the version, accuracy, time and size, and refuses unknown options', async () => {
    const out = join(await tempDir(), 'model.bin');
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/train.ts', '--out', out],
      { cwd: repoRoot },
    );
    const card = JSON.parse(await readFile(join(out, '..', 'model-card.json'), 'utf8'));
    expect(stdout).toMatch(
      new RegExp(
        `^trained ${escapeRegExp(card.name)} ${card.version} in \\d+\\.\\d\\d s: holdout accuracy ${card.metrics.accuracy}, macro F1 ${card.metrics.macroF1} \\(${card.metrics.holdoutRows} rows\\)\\n`,
      ),
    );
    expect(stdout).toMatch(/wrote \S+model\.bin \(\d+\.\d KiB\) and \S+model-card\.json\n$/);
    expect(stderr).toBe(''); // not a terminal: no progress
    await expect(
      run(process.execPath, ['--import', 'tsx', 'scripts/train.ts', '--bogus'], { cwd: repoRoot }),
    ).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("Unknown option '--bogus'"),
    });
  });
});
