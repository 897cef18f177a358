import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// A CommonJS bundle has no import.meta.url; hosts pass explicit paths there, so this must not throw at import.
const moduleUrl: string | undefined = import.meta.url;

/** The repository root (dev tooling only: hosts pass explicit paths). */
export const repoRoot: string = moduleUrl
  ? resolve(dirname(fileURLToPath(moduleUrl)), '../../..')
  : process.cwd();

/** The artifact's file name, wherever it is (`pnpm train` output, the function app, a release). */
export const artifactFileName = 'model.bin';

/** `<repo>/artifacts/model.bin`, where `pnpm train` writes the artifact. */
export const defaultArtifactPath: string = resolve(repoRoot, 'artifacts', artifactFileName);

/** `<repo>/model.config.json`. */
export const defaultConfigPath: string = resolve(repoRoot, 'model.config.json');

/** `<repo>/artifacts/report.md`, where `pnpm validate` writes the quality report. */
export const defaultReportPath: string = resolve(repoRoot, 'artifacts', 'report.md');
