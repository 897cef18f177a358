import { createHash } from 'node:crypto';
import type { ForestJson } from './forest.js';
import type { ModelCard } from './types.js';

/** The artifact format this code writes and reads. */
export const artifactFormat = 'forestfn.model/v1';

/** `artifacts/model.json`: the card and ml-random-forest's `toJSON()`, nothing else. */
export interface ModelArtifact {
  format: typeof artifactFormat;
  card: ModelCard;
  forest: ForestJson;
}

/** The artifact file's exact text: `JSON.stringify` of the artifact, no whitespace, no trailing newline. */
export function serializeArtifact(artifact: ModelArtifact): string {
  return JSON.stringify(artifact);
}

/**
 * The model version: the first 16 hex digits of the SHA-256 of `serializeArtifact(artifact)` (UTF-8) with
 * `card.version` set to "" (keeping its place). Re-serializing a parsed artifact gives the same text, so a
 * loader recomputes this from the parsed file to detect any change made after training.
 */
export function artifactVersion(artifact: ModelArtifact): string {
  const unversioned = { ...artifact, card: { ...artifact.card, version: '' } };
  return createHash('sha256').update(serializeArtifact(unversioned), 'utf8').digest('hex').slice(0, 16);
}
