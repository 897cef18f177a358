import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { artifactLayout, artifactVersion, encodeArtifact, headerBytes } from './artifact.js';
import { decodeArtifact } from './decodeArtifact.js';
import { compileFlatForest, compileForest, flattenForest, nodeBytes } from './fast/index.js';
import { testArtifact, testCard } from './testArtifact.js';

const { data, json, bytes } = testArtifact({
  rows: 400,
  columns: 5,
  classes: 3,
  seed: 1,
  options: {
    nEstimators: 12,
    seed: 2,
    maxFeatures: 0.6,
    treeOptions: { minNumSamples: 2, gainThreshold: 0 },
  },
});
const header = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
const text = (from: number, to: number) => new TextDecoder().decode(bytes.subarray(from, to));

describe('encodeArtifact', () => {
  it('writes the header, the card and the aligned sections, 16 bytes a node', () => {
    const flat = flattenForest(json);
    const nodes = flat.nodes.byteLength / nodeBytes;
    expect(text(0, 8)).toBe('forestfn');
    expect(header.getUint32(8, true)).toBe(2);
    expect(header.getUint32(32, true)).toBe(12);
    expect(header.getUint32(36, true)).toBe(flat.subsetColumns.length);
    expect(header.getUint32(40, true)).toBe(nodes);
    const layout = artifactLayout({
      cardBytes: header.getUint32(12, true),
      trees: 12,
      subsetColumns: flat.subsetColumns.length,
      nodes,
    });
    expect(bytes.byteLength).toBe(layout.total);
    for (const offset of [layout.treeStarts, layout.subsetStarts, layout.subsetColumns, layout.nodes])
      expect(offset % 8).toBe(0);
    expect(JSON.parse(text(layout.card, layout.card + header.getUint32(12, true))).version).toBe('');
    expect(Buffer.from(bytes.subarray(layout.nodes)).equals(Buffer.from(flat.nodes))).toBe(true);
    // Everything but the nodes is a small fixed cost.
    expect(layout.nodes).toBeLessThan(4096);
  });

  it('is deterministic: the same card and forest give the same bytes', () => {
    const card = testCard(5, 3, {
      nEstimators: 12,
      seed: 2,
      maxFeatures: 0.6,
      minNumSamples: 2,
      gainThreshold: 0,
    });
    const again = encodeArtifact(card, flattenForest(JSON.parse(JSON.stringify(json))));
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    expect(encodeArtifact({ ...card, version: 'ignored' }, flattenForest(json))).toEqual(again);
  });
});

describe('artifactVersion', () => {
  it('is the first 16 hex digits of the SHA-256 of the bytes with the version field zeroed', () => {
    const zeroed = bytes.slice();
    zeroed.fill(0, 16, 32);
    const expected = createHash('sha256').update(zeroed).digest('hex').slice(0, 16);
    expect(artifactVersion(bytes)).toBe(expected);
    expect(text(16, 32)).toBe(expected);
    expect(artifactVersion(zeroed)).toBe(expected);
    expect(decodeArtifact(bytes).card.version).toBe(expected);
  });

  it('changes with any content', () => {
    const other = encodeArtifact({ ...testCard(5, 3), name: 'other' }, flattenForest(json));
    expect(artifactVersion(other)).not.toBe(artifactVersion(bytes));
    const nodes = bytes.slice();
    nodes[nodes.length - 20] = (nodes[nodes.length - 20] as number) ^ 1;
    expect(artifactVersion(nodes)).not.toBe(artifactVersion(bytes));
  });
});

describe('decodeArtifact', () => {
  it('round-trips: the same card, arrays and predictions', () => {
    const decoded = decodeArtifact(bytes);
    const flat = flattenForest(json);
    expect(decoded.card.labels).toEqual(['class0', 'class1', 'class2']);
    expect(decoded.forest.treeStarts).toEqual(flat.treeStarts);
    expect(decoded.forest.subsetStarts).toEqual(flat.subsetStarts);
    expect(decoded.forest.subsetColumns).toEqual(flat.subsetColumns);
    expect(Buffer.from(decoded.forest.nodes).equals(Buffer.from(flat.nodes))).toBe(true);
    // The predictor walks the artifact's own bytes: no copy of the nodes.
    expect(decoded.forest.nodes.buffer).toBe(bytes.buffer);
    const compiled = compileFlatForest(decoded.forest);
    expect(Array.from(compiled.predictBatch(data.X))).toEqual(
      Array.from(compileForest(json, { classes: 3 }).predictBatch(data.X)),
    );
  });

  it('reads bytes that are not 8-byte aligned (a small file in a shared buffer)', () => {
    const shifted = new Uint8Array(bytes.byteLength + 4);
    shifted.set(bytes, 4);
    const decoded = decodeArtifact(shifted.subarray(4));
    expect(decoded.forest.nodes.byteOffset % 8).toBe(0);
    expect(compileFlatForest(decoded.forest).predict(data.X[0] as number[])).toBe(
      compileForest(json).predict(data.X[0] as number[]),
    );
  });
});
