// What the sections share: options, a temporary folder, the synthetic datasets, the model artifact and
// function app they serve, and figures one section measures and another reuses.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Dataset, syntheticDataset } from '../../packages/model/src/fast/testdata.js';
import {
  defaultArtifactPath,
  type ForestJson,
  repoRoot,
  trainToFile,
} from '../../packages/model/src/index.js';
import { packageFunctionApp } from '../../server/src/packageFunctionApp.js';
import type { SklearnFitResult, SklearnStatus } from './sklearn.js';

/** Columns of the synthetic training sets (the "x 20"). */
export const benchFeatures = 20;
/** Share of each synthetic set used for training; the rest is the holdout (and the predict batch). */
export const trainShare = 0.8;

/** A seeded two-class synthetic set, split into training rows and a holdout. */
export interface BenchData {
  rows: number;
  train: Dataset;
  test: Dataset;
}

/** The seeded synthetic set of `rows` rows (the same rows every run, in any process), split 80/20. */
export function benchData(rows: number): BenchData {
  // The generator draws rows independently, so the last 20% is as good a holdout as a shuffled one.
  const { X, y } = syntheticDataset({ rows, columns: benchFeatures, classes: 2, seed: 2024 });
  const cut = Math.round(rows * trainShare);
  return {
    rows,
    train: { X: X.slice(0, cut), y: y.slice(0, cut) },
    test: { X: X.slice(cut), y: y.slice(cut) },
  };
}

/** The forest the predict section uses: ours, trained on the 10k set, and scikit-learn's figures on it. */
export interface PredictForest {
  json: ForestJson;
  /** scikit-learn's timings on the same data and settings, when it ran. */
  sklearn?: SklearnFitResult;
}

export class BenchContext {
  private readonly datasets = new Map<number, BenchData>();
  private artifact: Promise<string> | undefined;
  private functionApp: Promise<{ dir: string; source: string }> | undefined;
  /** Set by the train section so the predict section need not train the same forest again. */
  predictForest: PredictForest | undefined;

  constructor(
    readonly options: { quick: boolean; library: boolean },
    readonly sklearn: SklearnStatus,
    readonly tempDir: string,
  ) {}

  /** The seeded synthetic set of `rows` rows (same rows every run), split 80/20. */
  data(rows: number): BenchData {
    let data = this.datasets.get(rows);
    if (data === undefined) {
      data = benchData(rows);
      this.datasets.set(rows, data);
    }
    return data;
  }

  /**
   * A private copy of the model artifact the servers load (the repo's artifacts/model.bin, or one
   * trained into the temporary folder when there is none), so a concurrent `pnpm train` cannot swap it
   * mid-run.
   */
  artifactPath(): Promise<string> {
    this.artifact ??= (async () => {
      const path = join(this.tempDir, 'model.bin');
      if (existsSync(defaultArtifactPath)) await copyFile(defaultArtifactPath, path);
      else await trainToFile({ outPath: path });
      return path;
    })();
    return this.artifact;
  }

  /**
   * The packaged function app unzipped into the temporary folder: artifacts/functions.zip when it exists
   * (what would be deployed), else packaged from the artifact into the temporary folder.
   */
  functionAppDir(): Promise<{ dir: string; source: string }> {
    this.functionApp ??= (async () => {
      const zipPath = join(repoRoot, 'artifacts', 'functions.zip');
      const dir = join(this.tempDir, 'functions');
      if (existsSync(zipPath)) {
        // fflate is the server package's dependency (it zips the app), not the root's.
        const { unzipSync } = createRequire(join(repoRoot, 'server', 'package.json'))('fflate') as {
          unzipSync(data: Uint8Array): Record<string, Uint8Array>;
        };
        const files = unzipSync(new Uint8Array(await readFile(zipPath)));
        for (const [name, bytes] of Object.entries(files)) {
          const path = join(dir, name);
          await mkdir(dirname(path), { recursive: true });
          await writeFile(path, bytes);
        }
        if (!existsSync(join(dir, 'functions.js'))) throw new Error(`${zipPath} has no functions.js`);
        return { dir, source: 'artifacts/functions.zip' };
      }
      const result = await packageFunctionApp({
        artifactPath: await this.artifactPath(),
        outFile: join(this.tempDir, 'functions.zip'),
      });
      return { dir: result.stagingDir, source: 'packaged for this run (no artifacts/functions.zip)' };
    })();
    return this.functionApp;
  }
}
