import { createHash } from 'node:crypto';
import { type FlatForest, nodeBytes } from './fast/index.js';
import type { ModelCard } from './types.js';

// The served artifact (`artifacts/model.bin`): the model card as JSON and the forest as typed arrays, so a
// host loads it with one read, one hash and views over the bytes (no per-node objects, no JSON of the
// forest). All integers little-endian; every section starts at a multiple of 8 bytes, zero-padded.
//
//   offset  bytes  field
//        0      8  magic "forestfn" (ASCII)
//        8      4  u32 format version: 2, or 3 for a soft-voting forest (version 1 was the JSON artifact)
//       12      4  u32 card JSON length in bytes
//       16     16  model version: 16 lowercase hex digits (ASCII); zeros while hashing
//       32      4  u32 trees
//       36      4  u32 subset columns (all trees' feature subsets together)
//       40      4  u32 nodes
//       44      4  version 2: reserved, 0; version 3: u32 distribution values (rows x classes, > 0)
//       48         card JSON (UTF-8), with "version":"" (the header holds it)
//                  i32 tree starts [trees + 1]            (FlatForest.treeStarts)
//                  i32 subset starts [trees + 1]          (FlatForest.subsetStarts)
//                  i32 subset columns [subset columns]    (FlatForest.subsetColumns)
//                  nodes, 16 bytes each                   (FlatForest.nodes, see fast/flatForest.ts)
//                  version 3 only: f64 distributions      (FlatForest.distributions, `classes` a row)
//
// Version 3 is a forest imported from scikit-learn (sklearn/): its leaves hold a row of class
// distributions, which the predictor averages over the trees (soft voting). Forests forestfn trains are
// still written as version 2, byte for byte as before, so their model versions do not change.
// The model version is the first 16 hex digits of the SHA-256 of the whole file with the version field
// (bytes 16-31) set to zeros: same data and config give the same bytes and so the same version, and a
// loader verifies the bytes it read without re-serialising anything.

/** Names the format in messages; a JSON artifact was "forestfn.model/v1". */
export const artifactFormat = 'forestfn.model/v2';
/** The first 8 bytes of every artifact. */
export const artifactMagic = 'forestfn';
/** The format version in the header of a forest whose leaves vote for one class. */
export const artifactFormatVersion = 2;
/** The format version of a soft-voting forest: version 2 plus a section of leaf class distributions. */
export const softVoteFormatVersion = 3;
/** Bytes before the card JSON. */
export const headerBytes = 48;
/** Where the 16 ASCII hex digits of the model version sit. */
export const versionOffset = 16;
const versionBytes = 16;

/** Whether typed arrays on this machine are little-endian, as the artifact is (true on every platform Node runs on). */
export const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A model as the artifact holds it: the card and the forest it describes. */
export interface ModelArtifact {
  card: ModelCard;
  forest: FlatForest;
}

/** Section counts, as the header stores them. */
export interface ArtifactCounts {
  cardBytes: number;
  trees: number;
  subsetColumns: number;
  nodes: number;
  /** Leaf class distribution values (rows x classes); 0 (or absent) for a version 2 artifact. */
  distributionValues?: number;
}

/** Byte offsets of each section and the total size, from the header's counts. */
export function artifactLayout(counts: ArtifactCounts) {
  const align = (offset: number) => Math.ceil(offset / 8) * 8;
  const card = headerBytes;
  const treeStarts = align(card + counts.cardBytes);
  const subsetStarts = align(treeStarts + 4 * (counts.trees + 1));
  const subsetColumns = align(subsetStarts + 4 * (counts.trees + 1));
  const nodes = align(subsetColumns + 4 * counts.subsetColumns);
  const distributions = nodes + nodeBytes * counts.nodes;
  const total = distributions + 8 * (counts.distributionValues ?? 0);
  return { card, treeStarts, subsetStarts, subsetColumns, nodes, distributions, total };
}

/** The model version of artifact bytes: SHA-256 over them with the version field zeroed, first 16 hex digits. */
export function artifactVersion(bytes: Uint8Array): string {
  return createHash('sha256')
    .update(bytes.subarray(0, versionOffset))
    .update(new Uint8Array(versionBytes))
    .update(bytes.subarray(versionOffset + versionBytes))
    .digest('hex')
    .slice(0, 16);
}

/**
 * The artifact file's bytes for `card` (its `version` is ignored) and `forest`, with the model version
 * written into the header: format version 2, or 3 when the forest has leaf distributions. Deterministic:
 * the same card and forest give the same bytes.
 */
export function encodeArtifact(card: ModelCard, forest: FlatForest): Uint8Array {
  const cardJson = new TextEncoder().encode(JSON.stringify({ ...card, version: '' }));
  const { distributions } = forest;
  if (distributions !== undefined && distributions.length === 0)
    throw new RangeError('A soft-voting forest needs at least one leaf distribution');
  const counts: ArtifactCounts = {
    cardBytes: cardJson.byteLength,
    trees: forest.treeStarts.length - 1,
    subsetColumns: forest.subsetColumns.length,
    nodes: forest.nodes.byteLength / nodeBytes,
    distributionValues: distributions?.length ?? 0,
  };
  const layout = artifactLayout(counts);
  const bytes = new Uint8Array(layout.total);
  const header = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(artifactMagic), 0);
  header.setUint32(8, distributions ? softVoteFormatVersion : artifactFormatVersion, true);
  header.setUint32(12, counts.cardBytes, true);
  header.setUint32(32, counts.trees, true);
  header.setUint32(36, counts.subsetColumns, true);
  header.setUint32(40, counts.nodes, true);
  header.setUint32(44, counts.distributionValues ?? 0, true);
  bytes.set(cardJson, layout.card);
  const int32s = (offset: number, values: Int32Array) => {
    for (let i = 0; i < values.length; i++) header.setInt32(offset + 4 * i, values[i] as number, true);
  };
  int32s(layout.treeStarts, forest.treeStarts);
  int32s(layout.subsetStarts, forest.subsetStarts);
  int32s(layout.subsetColumns, forest.subsetColumns);
  if (littleEndian) bytes.set(forest.nodes, layout.nodes);
  else throw new Error('Writing a model artifact needs a little-endian machine');
  if (distributions)
    bytes.set(
      new Uint8Array(distributions.buffer, distributions.byteOffset, distributions.byteLength),
      layout.distributions,
    );
  bytes.set(new TextEncoder().encode(artifactVersion(bytes)), versionOffset);
  return bytes;
}
