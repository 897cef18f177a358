// The model artifact's text. From source (tests in this repo) it is read from `artifacts/model.json`;
// the published build replaces this module with the text inlined (see tsup.config.ts), so the package
// needs no file access at run time.
import { readFileSync } from 'node:fs';
import { defaultArtifactPath } from '@forestfn/model';

function readArtifact(): string {
  try {
    return readFileSync(defaultArtifactPath, 'utf8');
  } catch (error) {
    throw new Error(
      `@forestfn/mock: cannot read the model artifact ${defaultArtifactPath}: run \`pnpm train\`.`,
      {
        cause: error,
      },
    );
  }
}

/** The model artifact (JSON text) the mock serves. */
export const artifactJson: string = readArtifact();
