// `pnpm measure-defaults [--tables iris,wine,...] [--seeds 3] [--small-seeds 10]`: the holdout accuracy
// of forestfn's ways of growing a forest against scikit-learn's RandomForestClassifier on the same
// stratified splits, to choose (and re-check) the hyperparameters `pnpm adopt` writes (adoptDefaults).
// scripts/measure_defaults.py loads or generates each table, splits it and fits scikit-learn (n_jobs=1);
// this script trains forestfn's forests (one thread) on the same training rows and scores them on the
// same holdout. Prints a Markdown table and writes every figure to artifacts/measure-defaults.json.
// Slow by design (the 100k-row table takes the better part of an hour on one core); not a test.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  adoptDefaults,
  compileForest,
  type ForestHyperparameters,
  forestOptions,
  repoRoot,
  trainForest,
} from '../packages/model/src/index.js';
import { pythonPath } from './bench/sklearn.js';
import { parseCli } from './cli.js';

/** Tables in the order the docs list them: scikit-learn's bundled ones, then make_classification's. */
export const allTables = ['iris', 'wine', 'breast_cancer', 'digits', 'synthetic-10k', 'synthetic-100k'];

/** A way of growing the forest: forestfn's hyperparameters, 100 trees. */
export interface Mode {
  id: string;
  label: string;
  hyperparameters: ForestHyperparameters;
}

const grown = { minNumSamples: 1, maxDepth: null, gainThreshold: 0 };
const perSplit = (maxFeatures: 'sqrt' | 'log2' | number, minNumSamples = 1): ForestHyperparameters => ({
  nEstimators: 100,
  featureSampling: 'perSplit',
  maxFeatures,
  useSampleBagging: true,
  seed: 0,
  treeOptions: { ...grown, minNumSamples },
});

export const modes: Mode[] = [
  {
    id: 'tree-default',
    label:
      'per tree, ml-random-forest defaults (all features with replacement, gainThreshold 0.01, minNumSamples 3)',
    hyperparameters: {
      nEstimators: 100,
      maxFeatures: 1,
      replacement: true,
      useSampleBagging: true,
      seed: 0,
      treeOptions: { minNumSamples: 3, maxDepth: null, gainThreshold: 0.01 },
    },
  },
  {
    id: 'tree-all',
    label: 'per tree, all features without replacement, gainThreshold 0, minNumSamples 1',
    hyperparameters: {
      nEstimators: 100,
      maxFeatures: 1,
      replacement: false,
      useSampleBagging: true,
      seed: 0,
      treeOptions: grown,
    },
  },
  {
    id: 'split-sqrt',
    label: "per split, 'sqrt', gainThreshold 0, minNumSamples 1",
    hyperparameters: perSplit('sqrt'),
  },
  {
    id: 'split-sqrt-3',
    label: "per split, 'sqrt', gainThreshold 0, minNumSamples 3",
    hyperparameters: perSplit('sqrt', 3),
  },
  {
    id: 'split-log2',
    label: "per split, 'log2', gainThreshold 0, minNumSamples 1",
    hyperparameters: perSplit('log2'),
  },
  {
    id: 'split-half',
    label: 'per split, 0.5, gainThreshold 0, minNumSamples 1',
    hyperparameters: perSplit(0.5),
  },
];

/** The mode that is `adoptDefaults` (seeds aside), marked in the tables; undefined if none is. */
export function adoptedMode(): Mode | undefined {
  const plain = (hyperparameters: ForestHyperparameters) => JSON.stringify({ ...hyperparameters, seed: 0 });
  return modes.find((mode) => plain(mode.hyperparameters) === plain(adoptDefaults));
}

/** What measure_defaults.py writes for one table. */
interface TableJob {
  table: string;
  source: string;
  rows: number;
  features: number;
  classes: number;
  X: number[][];
  y: number[];
  splits: Array<{
    seed: number;
    train: number[];
    holdout: number[];
    /** Absent in a splits-only run. */
    sklearn: Record<'None' | 'sqrt', { accuracy: number; fitSeconds: number }>;
  }>;
  sklearnVersion: string;
}

/** One table's results: per seed, scikit-learn's and each mode's accuracy and fit time (CPU seconds). */
export interface TableResult {
  table: string;
  source: string;
  rows: number;
  features: number;
  classes: number;
  seeds: number;
  sklearn: Record<'None' | 'sqrt', { accuracy: number[]; fitSeconds: number[] }>;
  ours: Record<string, { accuracy: number[]; fitSeconds: number[] }>;
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const percent = (value: number) => `${(value * 100).toFixed(1)}`;

/** Runs measure_defaults.py on a table (`splits`: only the table and its splits) and reads what it wrote. */
async function python(table: string, seeds: number, out: string, splitsOnly: boolean): Promise<TableJob> {
  const script = fileURLToPath(new URL('measure_defaults.py', import.meta.url));
  const single = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const args = [script, table, String(seeds), out, ...(splitsOnly ? ['splits'] : [])];
  await promisify(execFile)(pythonPath, args, { env: { ...process.env, ...single }, maxBuffer: 1 << 24 });
  return JSON.parse(await readFile(out, 'utf8')) as TableJob;
}

/**
 * Measures a table: scikit-learn in a Python process while this one trains forestfn's forests on the
 * same splits (each single-threaded, so two cores finish a large table in half the time).
 */
async function measureTable(
  table: string,
  seeds: number,
  dir: string,
  progress: (line: string) => void,
): Promise<TableResult> {
  const splits = await python(table, seeds, join(dir, `${table}-splits.json`), true);
  const fitted = python(table, seeds, join(dir, `${table}.json`), false);
  // Settled at once, so a failure of either side is reported, not left unhandled.
  fitted.catch(() => {});
  const ours = await measureOurs(splits, progress);
  const job = await fitted;
  for (const split of job.splits) {
    for (const key of ['None', 'sqrt'] as const) {
      ours.sklearn[key].accuracy.push(split.sklearn[key].accuracy);
      ours.sklearn[key].fitSeconds.push(split.sklearn[key].fitSeconds);
    }
  }
  return ours;
}

/** Trains every mode on every split of a table and scores it on the holdout. */
async function measureOurs(job: TableJob, progress: (line: string) => void): Promise<TableResult> {
  const result: TableResult = {
    table: job.table,
    source: job.source,
    rows: job.rows,
    features: job.features,
    classes: job.classes,
    seeds: job.splits.length,
    sklearn: { None: { accuracy: [], fitSeconds: [] }, sqrt: { accuracy: [], fitSeconds: [] } },
    ours: Object.fromEntries(modes.map((mode) => [mode.id, { accuracy: [], fitSeconds: [] }])),
  };
  for (const split of job.splits) {
    const X = split.train.map((row) => job.X[row] as number[]);
    const y = split.train.map((row) => job.y[row] as number);
    const holdoutX = split.holdout.map((row) => job.X[row] as number[]);
    const holdoutY = split.holdout.map((row) => job.y[row] as number);
    for (const mode of modes) {
      // The split's seed seeds the forest too, as it does scikit-learn's.
      const hyperparameters = { ...mode.hyperparameters, seed: split.seed } as ForestHyperparameters;
      const cpu = process.cpuUsage();
      const forest = await trainForest(X, y, forestOptions(hyperparameters), { threads: 1 });
      const used = process.cpuUsage(cpu);
      const predicted = compileForest(forest, { classes: job.classes }).predictBatch(holdoutX);
      let correct = 0;
      holdoutY.forEach((label, i) => {
        if (predicted[i] === label) correct++;
      });
      const entry = result.ours[mode.id] as { accuracy: number[]; fitSeconds: number[] };
      entry.accuracy.push(correct / holdoutY.length);
      entry.fitSeconds.push((used.user + used.system) / 1e6);
      progress(`${job.table} seed ${split.seed} ${mode.id}: ${percent(correct / holdoutY.length)}%`);
    }
  }
  return result;
}

/** The accuracy table (mean holdout accuracy in %, and each mode against scikit-learn's better setting). */
export function renderTables(results: readonly TableResult[]): string {
  const adopted = adoptedMode();
  const header = [
    'table (rows × features, classes; seeds)',
    'sklearn None',
    'sklearn sqrt',
    ...modes.map((mode) => (mode === adopted ? `**${mode.id}** (adopt)` : mode.id)),
  ];
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const r of results) {
    const best = Math.max(mean(r.sklearn.None.accuracy), mean(r.sklearn.sqrt.accuracy));
    const cells = modes.map((mode) => {
      const accuracy = mean(r.ours[mode.id]?.accuracy ?? []);
      const delta = (accuracy - best) * 100;
      return `${percent(accuracy)} (${delta >= 0 ? '+' : '−'}${Math.abs(delta).toFixed(1)})`;
    });
    lines.push(
      `| ${r.table} (${r.rows} × ${r.features}, ${r.classes}; ${r.seeds}) | ${percent(mean(r.sklearn.None.accuracy))} | ${percent(mean(r.sklearn.sqrt.accuracy))} | ${cells.join(' | ')} |`,
    );
  }
  const times = [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const r of results) {
    const seconds = (values: readonly number[]) => mean(values).toFixed(2);
    times.push(
      `| ${r.table} | ${seconds(r.sklearn.None.fitSeconds)} | ${seconds(r.sklearn.sqrt.fitSeconds)} | ${modes.map((mode) => seconds(r.ours[mode.id]?.fitSeconds ?? [])).join(' | ')} |`,
    );
  }
  return [
    'Mean holdout accuracy (%), and in brackets the difference in points to the better of the two scikit-learn settings:',
    '',
    ...lines,
    '',
    'Mean fit time per forest (CPU seconds, one core):',
    '',
    ...times,
    '',
    ...modes.map((mode) => `- ${mode.id}: ${mode.label}${mode === adopted ? ': `adoptDefaults`' : ''}.`),
  ].join('\n');
}

const usage =
  'usage: pnpm measure-defaults [--tables iris,wine,breast_cancer,digits,synthetic-10k,synthetic-100k] [--seeds 3] [--small-seeds 10]';

async function main(args: string[]): Promise<void> {
  const values = parseCli(
    args,
    { tables: { type: 'string' }, seeds: { type: 'string' }, 'small-seeds': { type: 'string' } },
    usage,
  );
  if (values === undefined) return;
  const tables = typeof values.tables === 'string' ? values.tables.split(',') : allTables;
  const unknown = tables.filter((table) => !allTables.includes(table));
  const seeds = Number(values.seeds ?? 3);
  const smallSeeds = Number(values['small-seeds'] ?? 10);
  if (unknown.length > 0 || !Number.isInteger(seeds) || seeds < 1 || !Number.isInteger(smallSeeds)) {
    console.error(
      `${unknown.length > 0 ? `unknown table ${unknown.join(', ')}` : 'bad seed count'}\n${usage}`,
    );
    process.exitCode = 2;
    return;
  }
  const outDir = join(repoRoot, 'artifacts');
  const jsonPath = join(outDir, 'measure-defaults.json');
  await mkdir(outDir, { recursive: true });
  // Tables measured before (by an earlier run with other --tables) are kept: a run updates its own.
  const byTable = new Map<string, TableResult>();
  try {
    const earlier = JSON.parse(await readFile(jsonPath, 'utf8')) as { results: TableResult[] };
    for (const result of earlier.results) byTable.set(result.table, result);
  } catch {}
  const dir = await mkdtemp(join(tmpdir(), 'forestfn-measure-'));
  try {
    for (const table of tables) {
      // Small tables get more splits: one holdout row there is worth several points.
      const count = table.startsWith('synthetic') ? seeds : Math.max(seeds, smallSeeds);
      process.stderr.write(`${table}: ${count} splits\n`);
      byTable.set(table, await measureTable(table, count, dir, (line) => process.stderr.write(`${line}\n`)));
      const results = allTables.flatMap((name) => byTable.get(name) ?? []);
      await writeFile(jsonPath, `${JSON.stringify({ modes, results }, null, 2)}\n`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const markdown = renderTables(allTables.flatMap((name) => byTable.get(name) ?? []));
  await writeFile(join(outDir, 'measure-defaults.md'), `${markdown}\n`);
  process.stdout.write(`${markdown}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main(process.argv.slice(2));
