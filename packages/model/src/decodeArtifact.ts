import {
  artifactFormat,
  artifactFormatVersion,
  artifactLayout,
  artifactMagic,
  artifactVersion,
  headerBytes,
  littleEndian,
  type ModelArtifact,
  softVoteFormatVersion,
  versionOffset,
} from './artifact.js';
import { cardProblem } from './cardProblem.js';
import { checkFlatForest } from './checkFlatForest.js';
import { ForestFormatError } from './checkForest.js';
import type { FlatForest } from './fast/index.js';
import type { ModelCard } from './types.js';

/** Why artifact bytes cannot be served; the message completes "Cannot load the model artifact X: ...". */
export class ArtifactFormatError extends Error {
  override name = 'ArtifactFormatError';
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads and verifies artifact bytes (layout in artifact.ts; format version 2, or 3 for a soft-voting
 * forest with leaf distributions): magic and format version, size against the
 * header, the content hash against the header's model version, the card's shape and the forest's
 * structure, in that order. The forest's arrays are views over `bytes` (copied once only when `bytes`
 * is not 8-byte aligned). Throws ArtifactFormatError.
 */
export function decodeArtifact(input: Uint8Array): ModelArtifact {
  if (input.byteLength > 0 && input[0] === 0x7b) {
    throw new ArtifactFormatError(
      `it is a JSON artifact (forestfn.model/v1), not the compact ${artifactFormat} this version serves`,
    );
  }
  const text = new TextDecoder();
  // A file cut inside the magic is still reported as truncated.
  if (!artifactMagic.startsWith(text.decode(input.subarray(0, 8)))) {
    throw new ArtifactFormatError(`it is not a forestfn model artifact (no "${artifactMagic}" magic)`);
  }
  if (input.byteLength < headerBytes) {
    throw new ArtifactFormatError(`it is truncated: ${input.byteLength} bytes, less than the header`);
  }
  // Typed-array views need 8-byte alignment: a small file read by Node may sit anywhere in a shared pool.
  const bytes = input.byteOffset % 8 === 0 ? input : input.slice();
  const header = new DataView(bytes.buffer, bytes.byteOffset, headerBytes);
  const format = header.getUint32(8, true);
  if (format !== artifactFormatVersion && format !== softVoteFormatVersion) {
    throw new ArtifactFormatError(
      `its format version is ${format}, expected ${artifactFormatVersion} (${artifactFormat}) or ${softVoteFormatVersion} (a soft-voting forest)`,
    );
  }
  const softVote = format === softVoteFormatVersion;
  const counts = {
    cardBytes: header.getUint32(12, true),
    trees: header.getUint32(32, true),
    subsetColumns: header.getUint32(36, true),
    nodes: header.getUint32(40, true),
    // Version 2 keeps these bytes reserved (checked to be 0 below).
    distributionValues: softVote ? header.getUint32(44, true) : 0,
  };
  const layout = artifactLayout(counts);
  if (bytes.byteLength !== layout.total) {
    throw new ArtifactFormatError(
      bytes.byteLength < layout.total
        ? `it is truncated: ${bytes.byteLength} bytes, but its header describes ${layout.total}`
        : `it has ${bytes.byteLength - layout.total} bytes after the end its header describes`,
    );
  }
  const version = text.decode(bytes.subarray(versionOffset, versionOffset + 16));
  if (!/^[0-9a-f]{16}$/.test(version)) {
    throw new ArtifactFormatError('its header has no model version (16 lowercase hex digits)');
  }
  const actual = artifactVersion(bytes);
  if (actual !== version) {
    throw new ArtifactFormatError(
      `its content hash is ${actual} but its header says ${version}, so it was changed after training`,
    );
  }
  // Past the hash the bytes are what training wrote; what follows guards against a crafted file.
  if (!softVote && header.getUint32(44, true) !== 0)
    throw new ArtifactFormatError('its header has non-zero reserved bytes');
  if (!littleEndian)
    throw new ArtifactFormatError('this machine is big-endian; the artifact is little-endian');

  const card = parseCard(bytes.subarray(layout.card, layout.card + counts.cardBytes));
  card.version = version;
  const int32s = (offset: number, length: number) =>
    new Int32Array(bytes.buffer, bytes.byteOffset + offset, length);
  const forest: FlatForest = {
    classes: card.labels.length,
    treeStarts: int32s(layout.treeStarts, counts.trees + 1),
    subsetStarts: int32s(layout.subsetStarts, counts.trees + 1),
    subsetColumns: int32s(layout.subsetColumns, counts.subsetColumns),
    nodes: bytes.subarray(layout.nodes, layout.distributions),
  };
  if (softVote) {
    const classes = card.labels.length;
    if (counts.distributionValues === 0 || counts.distributionValues % classes !== 0) {
      throw new ArtifactFormatError(
        `its leaf distributions hold ${counts.distributionValues} values, not rows of its ${classes} labels`,
      );
    }
    forest.distributions = new Float64Array(
      bytes.buffer,
      bytes.byteOffset + layout.distributions,
      counts.distributionValues,
    );
  }
  try {
    checkFlatForest(forest, card.features.length, card.labels.length);
  } catch (error) {
    if (error instanceof ForestFormatError)
      throw new ArtifactFormatError(`the forest is malformed at ${error.message}`);
    throw error;
  }
  return { card, forest };
}

function parseCard(json: Uint8Array): ModelCard {
  let card: unknown;
  try {
    card = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (error) {
    throw new ArtifactFormatError(`its card is not UTF-8 JSON (${(error as Error).message})`);
  }
  if (!isRecord(card)) throw new ArtifactFormatError('its card is not a JSON object');
  if (card.version !== '') {
    throw new ArtifactFormatError('its card has a version of its own (the header holds the version)');
  }
  const problem = cardProblem(card);
  if (problem) throw new ArtifactFormatError(problem);
  return card as unknown as ModelCard;
}
