import { describe, expect, it } from 'vitest';
import { syntheticDataset } from '../../packages/model/src/fast/testdata.js';
import { compileForest, trainForest } from '../../packages/model/src/index.js';
import { libraryOptions, loadLibraryForest, nodesPerTree, pairings } from './forests.js';

describe('forest helpers', () => {
  it('count nodes and load the same forest into ml-random-forest', async () => {
    // A seeded table of its own: the helpers do not depend on the dataset the repository serves.
    const { X, y } = syntheticDataset({ rows: 150, columns: 4, classes: 3, seed: 7 });
    const pairing = pairings[0] as (typeof pairings)[number];
    const json = await trainForest(X, y, libraryOptions(5, pairing), { threads: 1 });
    const count = (node: { left?: unknown; right?: unknown }): number =>
      1 + (node.left ? count(node.left) : 0) + (node.right ? count(node.right) : 0);
    const expected = json.baseModel.estimators.reduce((sum, tree) => sum + count(tree.root), 0) / 5;
    expect(nodesPerTree(json as never)).toBe(expected);
    expect(expected).toBeGreaterThan(1);
    const library = loadLibraryForest(json as never);
    expect(library.predict(X)).toEqual(Array.from(compileForest(json).predictBatch(X)));
  });

  it('offer every feature, or √ of them per tree', () => {
    expect(pairings.map((p) => [p.id, p.sklearn])).toEqual([
      ['all', null],
      ['sqrt', 'sqrt'],
    ]);
    expect(Math.floor((pairings[1]?.maxFeatures ?? 0) * 20)).toBe(4);
  });
});
