import { describe, expect, it } from 'vitest';
import { artifactLayout, artifactVersion, encodeArtifact, headerBytes } from './artifact.js';
import { ArtifactFormatError, decodeArtifact } from './decodeArtifact.js';
import { flattenForest, nodeViews } from './fast/index.js';
import { testArtifact, testCard } from './testArtifact.js';

const { json, bytes } = testArtifact({
  rows: 150,
  columns: 4,
  classes: 3,
  seed: 3,
  options: {
    nEstimators: 6,
    seed: 4,
    maxFeatures: 0.75,
    treeOptions: { minNumSamples: 2, gainThreshold: 0 },
  },
});
const header = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
const layout = artifactLayout({
  cardBytes: header.getUint32(12, true),
  trees: header.getUint32(32, true),
  subsetColumns: header.getUint32(36, true),
  nodes: header.getUint32(40, true),
});

/** The message of the ArtifactFormatError that decoding `input` throws. */
function refusal(input: Uint8Array): string {
  try {
    decodeArtifact(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ArtifactFormatError);
    return (error as Error).message;
  }
  throw new Error('expected decodeArtifact to refuse the bytes');
}

/** A copy of the artifact with `edit` applied and the version recomputed: a crafted file that passes the hash. */
function rehashed(edit: (copy: Uint8Array, view: DataView) => void): Uint8Array {
  const copy = bytes.slice();
  edit(copy, new DataView(copy.buffer));
  copy.set(new TextEncoder().encode(artifactVersion(copy)), 16);
  return copy;
}

describe('decodeArtifact refuses', () => {
  it('a flipped bit in any byte of any section, header and padding included', () => {
    const sections = new Map<string, number>();
    for (let i = 0; i < bytes.byteLength; i++) {
      const copy = bytes.slice();
      copy[i] = (copy[i] as number) ^ (1 << (i % 8));
      const message = refusal(copy);
      const kind = message.replace(/[0-9a-f]{16}|\d+/g, '#');
      sections.set(kind, (sections.get(kind) ?? 0) + 1);
    }
    // Most flips are caught by the hash; header flips by the magic, the format or the size.
    expect([...sections.keys()]).toEqual(
      expect.arrayContaining([
        'it is not a forestfn model artifact (no "forestfn" magic)',
        'its content hash is # but its header says #, so it was changed after training',
      ]),
    );
  });

  it('a truncated file, at any length, and bytes after the end', () => {
    for (const length of [0, 1, 8, headerBytes - 1]) {
      expect(refusal(bytes.subarray(0, length))).toMatch(/^it is (truncated|not a forestfn)/);
    }
    for (const length of [headerBytes, layout.treeStarts, layout.nodes + 7, bytes.byteLength - 1]) {
      expect(refusal(bytes.subarray(0, length))).toBe(
        `it is truncated: ${length} bytes, but its header describes ${bytes.byteLength}`,
      );
    }
    const longer = new Uint8Array(bytes.byteLength + 16);
    longer.set(bytes);
    expect(refusal(longer)).toBe('it has 16 bytes after the end its header describes');
  });

  it('the JSON artifact of the previous format, another format version, or no version', () => {
    expect(refusal(new TextEncoder().encode('{"format":"forestfn.model/v1"}'))).toMatch(
      /^it is a JSON artifact \(forestfn\.model\/v1\), not the compact forestfn\.model\/v2/,
    );
    expect(refusal(rehashed((_, view) => view.setUint32(8, 4, true)))).toBe(
      'its format version is 4, expected 2 (forestfn.model/v2) or 3 (a soft-voting forest)',
    );
    // Version 3 is a soft-voting forest (sklearn/softVote.test.ts); a version 2 forest relabelled as one has no distributions.
    expect(refusal(rehashed((_, view) => view.setUint32(8, 3, true)))).toBe(
      'its leaf distributions hold 0 values, not rows of its 3 labels',
    );
    const unversioned = bytes.slice();
    unversioned.fill(0x20, 16, 32);
    expect(refusal(unversioned)).toBe('its header has no model version (16 lowercase hex digits)');
  });

  it('a malformed card or forest even when its hash was recomputed', () => {
    const node = (i: number, field: 'threshold' | 'feature' | 'next') =>
      layout.nodes + 16 * i + (field === 'threshold' ? 0 : field === 'feature' ? 8 : 12);
    const forest = flattenForest(json);
    const views = nodeViews(forest.nodes);
    // Node 0 of tree 0 is a split (the synthetic set is not separable by a single leaf).
    expect(views.i32[2]).toBeGreaterThanOrEqual(0);
    const leaf = Array.from({ length: views.i32.length / 4 }, (_, i) => i).find(
      (i) => views.i32[4 * i + 2] === -1,
    );
    expect(leaf).toBeDefined();
    const cases: Array<[string, (copy: Uint8Array, view: DataView) => void, RegExp]> = [
      [
        'right child before its left child',
        (_, view) => view.setInt32(node(0, 'next'), 0, true),
        /^the forest is malformed at tree 0, node 0: expected its right child after its left child/,
      ],
      [
        'a feature outside the model',
        (_, view) => view.setInt32(node(0, 'feature'), 9, true),
        /tree 0, node 0: splits on feature 9, which is not in the tree's subset/,
      ],
      [
        'a non-finite threshold',
        (_, view) => view.setFloat64(node(0, 'threshold'), Number.POSITIVE_INFINITY, true),
        /tree 0, node 0: expected a finite threshold/,
      ],
      [
        'a leaf class beyond the labels',
        (_, view) => view.setInt32(node(leaf as number, 'next'), 3, true),
        /expected a leaf class from 0 to 2/,
      ],
      [
        'a leaf marker other than -1',
        (_, view) => view.setInt32(node(leaf as number, 'feature'), -2, true),
        /expected a feature index or -1 \(a leaf\)/,
      ],
      [
        'tree starts that do not cover the nodes',
        (_, view) => view.setInt32(layout.treeStarts, 1, true),
        /^the forest is malformed at tree starts/,
      ],
      [
        'a subset column outside the model',
        (_, view) => view.setInt32(layout.subsetColumns, 4, true),
        /^the forest is malformed at feature subsets: expected feature indices from 0 to 3/,
      ],
      ['non-zero reserved bytes', (_, view) => view.setUint32(44, 1, true), /reserved/],
    ];
    for (const [name, edit, message] of cases) expect(refusal(rehashed(edit)), name).toMatch(message);
  });

  it('a card without what serving needs, or with its own version', () => {
    const withCard = (card: Record<string, unknown>) => encodeArtifact(card as never, flattenForest(json));
    const card = testCard(4, 3);
    expect(refusal(withCard({ ...card, labels: [] }))).toBe('card.labels is not a list of labels');
    expect(refusal(withCard({ ...card, trainer: 'x' }))).toBe('card.trainer is not an object');
    // encodeArtifact empties the version; a crafted card that keeps one is refused.
    const cardBytes = header.getUint32(12, true);
    const crafted = rehashed((copy) => {
      const text = new TextDecoder().decode(copy.subarray(layout.card, layout.card + cardBytes));
      const edited = text
        .replace('"version":""', '"version":"1"')
        .replace('"target":"label"', '"target":"labe"');
      copy.set(new TextEncoder().encode(edited), layout.card);
    });
    expect(refusal(crafted)).toBe('its card has a version of its own (the header holds the version)');
  });
});
