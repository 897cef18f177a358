// The scikit-learn side of the comparison: a Python script run with the system interpreter, one
// process per dataset, fed through a temporary JSON file and answering JSON on stdout.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { outputOf, startChild } from './processes.js';

/** The interpreter with scikit-learn (Debian's python3-sklearn); FORESTFN_BENCH_PYTHON overrides it. */
export const pythonPath = process.env.FORESTFN_BENCH_PYTHON || '/usr/bin/python3';
const script = fileURLToPath(new URL('sklearn_bench.py', import.meta.url));

/** Whether scikit-learn can be used, with its version or the reason it cannot. */
export type SklearnStatus = { available: true; version: string } | { available: false; reason: string };

/** One forest to fit (and optionally to time predictions with), as sklearn_bench.py reads it. */
export interface SklearnFit {
  id: string;
  trees: number;
  /** null: every feature at every split; 'sqrt': floor(sqrt(features)) drawn at each split. */
  maxFeatures: null | 'sqrt';
  minSamplesSplit: number;
  seed: number;
  repeats: number;
  predict: boolean;
  /** Where to pickle the fitted forest (for export_sklearn.py), if anywhere. */
  save?: string;
}

export interface SklearnFitResult {
  id: string;
  fitMs: number[];
  nodesPerTree: number;
  /** Per call, one row per call. */
  predictOneMs: number | null;
  /** One call on all the rows. */
  predictBatchMs: number | null;
  labels: number[] | null;
}

export interface SklearnJob {
  X: ReadonlyArray<ArrayLike<number>>;
  y: ArrayLike<number>;
  /** Rows to predict (for fits with `predict`). */
  rows: ReadonlyArray<ArrayLike<number>>;
  fits: SklearnFit[];
}

/** Checks that the interpreter imports scikit-learn and numpy. */
export async function detectSklearn(): Promise<SklearnStatus> {
  try {
    const { stdout } = await promisify(execFile)(
      pythonPath,
      ['-c', 'import sklearn, numpy; print(sklearn.__version__, numpy.__version__)'],
      { timeout: 30_000 },
    );
    const [sklearn, numpy] = stdout.trim().split(' ');
    return { available: true, version: `scikit-learn ${sklearn} (numpy ${numpy})` };
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : 'no scikit-learn';
    return { available: false, reason: `${pythonPath}: ${reason}` };
  }
}

let jobs = 0;

/** Runs sklearn_bench.py on one job, single-threaded, and returns its results in the job's order. */
export async function runSklearn(job: SklearnJob, tempDir: string): Promise<SklearnFitResult[]> {
  const path = join(tempDir, `sklearn-job-${++jobs}.json`);
  const plain = (rows: ReadonlyArray<ArrayLike<number>>) => rows.map((row) => Array.from(row));
  await writeFile(
    path,
    JSON.stringify({ X: plain(job.X), y: Array.from(job.y), rows: plain(job.rows), fits: job.fits }),
  );
  const single = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const child = startChild(pythonPath, [script, path], { env: { ...process.env, ...single } });
  const output = await outputOf(child);
  const { fits } = JSON.parse(output) as { fits: SklearnFitResult[] };
  return fits;
}
