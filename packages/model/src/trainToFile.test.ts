import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../test/tempDirs.js';
import { loadModel } from './load.js';
import { cardPathFor, trainToFile } from './trainToFile.js';

const tempDir = useTempDirs('train-file');
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
