// `pnpm export [--artifact path] [--out path]`: writes the served model's forest as ml-random-forest
// 2.1.0's JSON (default artifacts/model.ml-random-forest.json), which `RandomForestClassifier.load()`
// reads and predicts with exactly as the compact artifact does (see exportForest). For using the model
// outside forestfn; hosts serve the compact artifact.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  defaultArtifactPath,
  exportForest,
  loadArtifact,
  ModelLoadError,
  repoRoot,
} from '../packages/model/src/index.js';
import { parseCli } from './cli.js';

/** `<repo>/artifacts/model.ml-random-forest.json`. */
export const defaultExportPath = resolve(repoRoot, 'artifacts', 'model.ml-random-forest.json');

export interface ExportOptions {
  /** Defaults to artifacts/model.bin. */
  artifactPath?: string;
  /** Defaults to artifacts/model.ml-random-forest.json. */
  outPath?: string;
}

export interface ExportResult {
  outPath: string;
  /** Model version of the artifact it came from. */
  version: string;
  trees: number;
  bytes: number;
}

/** Verifies the artifact and writes its forest as ml-random-forest's JSON; throws ModelLoadError. */
export async function exportModel(options: ExportOptions = {}): Promise<ExportResult> {
  const artifact = await loadArtifact(resolve(options.artifactPath ?? defaultArtifactPath));
  const outPath = resolve(options.outPath ?? defaultExportPath);
  const json = JSON.stringify(exportForest(artifact));
  await mkdir(dirname(outPath), { recursive: true });
  await writeFile(outPath, json);
  return {
    outPath,
    version: artifact.card.version,
    trees: artifact.forest.treeStarts.length - 1,
    bytes: Buffer.byteLength(json),
  };
}

const usage =
  'usage: pnpm export [--artifact artifacts/model.bin] [--out artifacts/model.ml-random-forest.json]';

async function main(args: string[]): Promise<void> {
  const values = parseCli(args, { artifact: { type: 'string' }, out: { type: 'string' } }, usage);
  if (!values) return;
  // pnpm runs scripts from the repo root; paths given on the command line are relative to where it was started.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  let result: ExportResult;
  try {
    result = await exportModel({
      ...(typeof values.artifact === 'string' ? { artifactPath: resolve(cwd, values.artifact) } : {}),
      ...(typeof values.out === 'string' ? { outPath: resolve(cwd, values.out) } : {}),
    });
  } catch (error) {
    // A TypeError: an imported soft-voting forest, which ml-random-forest's JSON cannot express.
    if (!(error instanceof ModelLoadError || error instanceof TypeError)) throw error;
    console.error(`export failed: ${error.message}`);
    process.exitCode = 1;
    return;
  }
  const inside = relative(cwd, result.outPath);
  const shown = inside === '' || inside.startsWith('..') || isAbsolute(inside) ? result.outPath : inside;
  console.log(
    `wrote ${shown} (${(result.bytes / 1024).toFixed(1)} KiB): model ${result.version}, ${result.trees} trees as ml-random-forest 2.1.0 JSON (RandomForestClassifier.load)`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
