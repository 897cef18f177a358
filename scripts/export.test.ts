import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ForestJson, loadModel, repoRoot, trainFromConfig } from '../packages/model/src/index.js';
import { encodeRow, sampleRows } from '../packages/service/test/samples.js';
import { loadLibraryForest } from './bench/forests.js';
import { exportModel } from './export.js';

const run = promisify(execFile);
let dir: string;
let artifactPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'forestfn-export-'));
  artifactPath = join(dir, 'model.bin');
  await writeFile(artifactPath, (await trainFromConfig()).artifact);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('exportModel', () => {
  it('writes JSON that ml-random-forest loads and predicts with like the served model', async () => {
    const result = await exportModel({ artifactPath, outPath: join(dir, 'out', 'forest.json') });
    const json = JSON.parse(await readFile(result.outPath, 'utf8')) as ForestJson;
    const model = await loadModel(artifactPath);
    expect(result.trees).toBe(model.card.hyperparameters.nEstimators);
    expect(result.version).toBe(model.card.version);
    // The spec's example rows and rows over the observed ranges, as the model takes them.
    const rows = sampleRows.map(encodeRow);
    expect(loadLibraryForest(json).predict(rows)).toEqual(model.predict(rows).map((p) => p.labelIndex));
  });
});

describe('pnpm export', () => {
  it('prints what it wrote, and fails with exit 1 and the reason for a missing artifact', async () => {
    const out = join(dir, 'cli.json');
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'scripts/export.ts', '--artifact', artifactPath, '--out', out],
      { cwd: repoRoot },
    );
    expect(stdout).toMatch(
      /^wrote \S+cli\.json \([\d.]+ KiB\): model [0-9a-f]{16}, \d+ trees as ml-random-forest/,
    );
    await expect(
      run(process.execPath, ['--import', 'tsx', 'scripts/export.ts', '--artifact', join(dir, 'absent.bin')], {
        cwd: repoRoot,
      }),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('export failed: Cannot load the model artifact'),
    });
  });
});
