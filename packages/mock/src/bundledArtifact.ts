// The model artifact's bytes. From source (tests in this repo) they are read from `artifacts/model.bin`;
// the published build replaces this module with one that decodes `dist/model.cjs`, the artifact as
// base64 that the ESM and CommonJS builds share (see tsup.config.ts), so the package carries the model
// once and needs no file access at run time.
import { readFileSync } from 'node:fs';
import { defaultArtifactPath } from '@forestfn/model';

function readArtifact(): Uint8Array {
  try {
    return readFileSync(defaultArtifactPath);
  } catch (error) {
    throw new Error(
      `@forestfn/mock: cannot read the model artifact ${defaultArtifactPath}: run \`pnpm train\`.`,
      {
        cause: error,
      },
    );
  }
}

/** The model artifact (see @forestfn/model's artifact.ts) the mock serves. */
export const artifactBytes: Uint8Array = readArtifact();
