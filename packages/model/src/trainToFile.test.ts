import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadModel } from './load.js';
import { cardPathFor, trainToFile } from './trainToFile.js';

/** Temporary folders `tempDir` made, removed after each test. */
const tempDirs: string[] = [];
afterEach(async () => {
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'forestfn-train-file-'));
  tempDirs.push(dir);
  return dir;
}

describe('trainToFile', () => {
  it('writes the verified artifact and its card beside it, and measures them', async () => {
    const out = join(await tempDir(), 'nested', 'model.bin');
    const result = await trainToFile({ outPath: out });
    expect(result.artifactPath).toBe(out);
    expect(result.cardPath).toBe(join(out, '..', 'model-card.json'));
    expect(result.bytes).toBe((await readFile(out)).byteLength);
    expect(result.seconds).toBeGreaterThan(0);
    const model = await loadModel(out);
    expect(model.card).toEqual(result.card);
    const cardText = await readFile(result.cardPath, 'utf8');
    expect(cardText).toBe(`${JSON.stringify(model.card, null, 2)}\n`);
  });

  it('names the card after the artifact', () => {
    expect(cardPathFor('/a/model.bin')).toBe('/a/model-card.json');
    expect(cardPathFor('/a.d/model')).toBe('/a.d/model-card.json');
    expect(cardPathFor('/a/candidate.json')).toBe('/a/candidate-card.json');
    expect(cardPathFor('/a/model')).toBe('/a/model-card.json');
  });
});
