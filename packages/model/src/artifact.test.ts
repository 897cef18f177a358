import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { artifactVersion, type ModelArtifact, serializeArtifact } from './artifact.js';
import { trainFromConfig } from './train.js';

let text: string;
let artifact: ModelArtifact;
beforeAll(async () => {
  text = (await trainFromConfig()).artifactJson;
  artifact = JSON.parse(text) as ModelArtifact;
});

describe('artifactVersion', () => {
  it('is the first 16 hex digits of the SHA-256 of the artifact text with card.version emptied', () => {
    const version = artifact.card.version;
    const emptied = text.replace(`"version":"${version}"`, '"version":""');
    expect(emptied).not.toBe(text);
    expect(artifactVersion(artifact)).toBe(createHash('sha256').update(emptied).digest('hex').slice(0, 16));
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(artifactVersion(artifact)).toBe(version);
  });

  it('does not depend on the version already written, and changes with any content', () => {
    expect(artifactVersion({ ...artifact, card: { ...artifact.card, version: 'ffffffffffffffff' } })).toBe(
      artifact.card.version,
    );
    expect(artifactVersion({ ...artifact, card: { ...artifact.card, name: 'other' } })).not.toBe(
      artifact.card.version,
    );
    const forest = structuredClone(artifact.forest);
    (forest.baseModel.indexes[0] as number[])[0] = ((forest.baseModel.indexes[0]?.[0] ?? 0) + 1) % 4;
    expect(artifactVersion({ ...artifact, forest })).not.toBe(artifact.card.version);
  });
});

describe('serializeArtifact', () => {
  it('is compact JSON that survives a parse and re-serialization unchanged', () => {
    expect(serializeArtifact(artifact)).toBe(text);
    expect(text).not.toMatch(/\n/);
    expect(text.startsWith('{"format":"forestfn.model/v1","card":{"name":"iris-species","version":')).toBe(
      true,
    );
  });
});
