import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../../packages/model/src/index.js';
import { packageFunctionApp } from '../../server/src/packageFunctionApp.js';
import type { BenchContext } from './context.js';
import { benchData, benchFeatures } from './context.js';
import { buildFreshLoader, type FreshLoad } from './freshLoad.js';
import { lastJsonOf, startChild } from './processes.js';
import {
  formatMb,
  formatMs,
  formatRatio,
  type SectionReport,
  type Table,
  type TargetResult,
} from './report.js';
import { runSklearn } from './sklearn.js';
import { growthExponent, median } from './stats.js';

const trainScript = fileURLToPath(new URL('scaleTrain.ts', import.meta.url));

interface Trained {
  trainMs: number;
  peakRssBytes: number;
  nodes: number;
  artifactBytes: number;
  oldJsonBytes: number;
}

interface Measured extends Trained {
  rows: number;
  trainRows: number;
  trees: number;
  load: FreshLoad[];
  zipBytes: number;
  sklearnMs?: number;
  sklearnNodes?: number;
}

const thousands = (rows: number) => `${rows / 1000}k`;

export async function benchScale(
  ctx: BenchContext,
  progress: (line: string) => void,
): Promise<SectionReport> {
  const quick = ctx.options.quick;
  const sizes = quick ? [1000, 5000] : [1000, 5000, 10_000, 40_000];
  const trees = 100;
  const loads = quick ? 3 : 5;
  const notes: string[] = [];
  const loadFresh = await buildFreshLoader(join(ctx.tempDir, 'scale-load.cjs'));

  const measured: Measured[] = [];
  for (const rows of sizes) {
    const artifactPath = join(ctx.tempDir, `scale-${rows}.bin`);
    progress(`scale ${thousands(rows)}: training ${trees} trees in a child process`);
    const trained = await lastJsonOf<Trained>(
      startChild(
        process.execPath,
        ['--import', 'tsx', trainScript, String(rows), String(trees), artifactPath],
        {
          cwd: repoRoot,
        },
      ),
    );
    progress(`scale ${thousands(rows)}: ${loads} loads in fresh processes, then packaging`);
    const load: FreshLoad[] = [];
    for (let i = 0; i < loads; i++) load.push(await loadFresh(artifactPath));
    const packaged = await packageFunctionApp({
      artifactPath,
      outFile: join(ctx.tempDir, `scale-${rows}`, 'functions.zip'),
    });
    const data = benchData(rows);
    const entry: Measured = {
      rows,
      trainRows: data.train.X.length,
      trees,
      ...trained,
      load,
      zipBytes: packaged.zipBytes,
    };
    if (ctx.sklearn.available) {
      progress(`scale ${thousands(rows)}: scikit-learn`);
      const [result] = await runSklearn(
        {
          X: data.train.X,
          y: data.train.y,
          rows: [],
          fits: [
            {
              id: 'scale',
              trees,
              maxFeatures: null,
              // ml-cart's minNumSamples 2 (a node of 2 rows or fewer is a leaf) is min_samples_split=3.
              minSamplesSplit: 3,
              seed: 42,
              repeats: 1,
              predict: false,
            },
          ],
        },
        ctx.tempDir,
      ).catch((error: unknown) => {
        notes.push(`scikit-learn failed at ${thousands(rows)} rows: ${(error as Error).message}`);
        return [];
      });
      if (result !== undefined) {
        entry.sklearnMs = median(result.fitMs);
        entry.sklearnNodes = result.nodesPerTree;
      }
    }
    measured.push(entry);
  }

  const loadMs = (m: Measured) => median(m.load.map((l) => l.loadMs + l.firstPredictMs));
  const rssAfter = (m: Measured) => median(m.load.map((l) => l.rssAfterBytes));
  const table: Table = {
    caption: `${trees} fully grown trees (gainThreshold 0, minNumSamples 2, all ${benchFeatures} features without replacement, bootstrap rows) on 80% of each seeded synthetic table. Load: median of ${loads} fresh processes running loadModelSync from a CommonJS bundle (as the function app starts), to the first prediction; RSS is the process's after loading. Training on 1 thread, scikit-learn with n_jobs=1.`,
    columns: [
      'rows (train)',
      'nodes',
      'artifact',
      'bytes/node',
      'old JSON',
      'JSON / artifact',
      'load',
      'RSS after load',
      'zip',
      'training',
      'peak training RSS',
      'scikit-learn',
      'ours / sklearn',
    ],
    rows: measured.map((m) => [
      `${thousands(m.rows)} (${m.trainRows})`,
      m.nodes.toLocaleString('en-US'),
      formatMb(m.artifactBytes),
      (m.artifactBytes / m.nodes).toFixed(1),
      formatMb(m.oldJsonBytes),
      formatRatio(m.oldJsonBytes / m.artifactBytes),
      formatMs(loadMs(m)),
      formatMb(rssAfter(m)),
      formatMb(m.zipBytes),
      formatMs(m.trainMs),
      formatMb(m.peakRssBytes),
      m.sklearnMs === undefined ? 'n/a' : formatMs(m.sklearnMs),
      m.sklearnMs === undefined ? 'n/a' : formatRatio(m.trainMs / m.sklearnMs),
    ]),
  };

  const metrics: Array<[string, (m: Measured) => number | undefined]> = [
    ['nodes', (m) => m.nodes],
    ['artifact bytes', (m) => m.artifactBytes],
    ['old JSON bytes', (m) => m.oldJsonBytes],
    ['load time', loadMs],
    ['RSS after load', rssAfter],
    ['zip bytes', (m) => m.zipBytes],
    ['training time', (m) => m.trainMs],
    ['peak training RSS', (m) => m.peakRssBytes],
    ['scikit-learn training time', (m) => m.sklearnMs],
  ];
  const first = measured[0] as Measured;
  const last = measured.at(-1) as Measured;
  // With two sizes the overall ratio is the consecutive one.
  const overall = measured.length > 2;
  const growth: Record<string, { ratios: number[]; exponent: number }> = {};
  const growthTable: Table = {
    caption: `How each grows with the training rows: ratios of consecutive sizes, ${thousands(last.rows)} / ${thousands(first.rows)}, and k of value ≈ c · rows^k fitted on all sizes (1 = linear).`,
    columns: [
      'measure',
      ...measured
        .slice(1)
        .map((m, i) => `${thousands(m.rows)} / ${thousands((measured[i] as Measured).rows)}`),
      ...(overall ? [`${thousands(last.rows)} / ${thousands(first.rows)}`] : []),
      'exponent k',
    ],
    rows: [],
  };
  for (const [name, value] of metrics) {
    const values = measured.map((m) => value(m) ?? Number.NaN);
    if (values.every((v) => Number.isNaN(v))) continue;
    const ratios = values.slice(1).map((v, i) => v / (values[i] as number));
    const exponent = growthExponent(measured.map((m, i) => ({ x: m.trainRows, y: values[i] as number })));
    growth[name] = { ratios, exponent };
    growthTable.rows.push([
      name,
      ...ratios.map(formatRatio),
      ...(overall ? [formatRatio((values.at(-1) as number) / (values[0] as number))] : []),
      Number.isFinite(exponent) ? exponent.toFixed(2) : 'n/a',
    ]);
  }

  const at40k = measured.find((m) => m.rows === 40_000);
  const target = (name: string, measuredValue: (m: Measured) => string, pass: (m: Measured) => boolean) => ({
    target: `${name} (40k × ${benchFeatures}, ${trees} trees)`,
    measured: at40k === undefined ? 'not measured (--quick)' : measuredValue(at40k),
    pass: at40k === undefined ? undefined : pass(at40k),
  });
  const targets: TargetResult[] = [
    target(
      'Artifact ≤ 10 MB',
      (m) => formatMb(m.artifactBytes),
      (m) => m.artifactBytes <= 10e6,
    ),
    target(
      'Load into a ready predictor ≤ 300 ms',
      (m) => formatMs(loadMs(m)),
      (m) => loadMs(m) <= 300,
    ),
    target(
      'RSS after load ≤ 150 MB',
      (m) => formatMb(rssAfter(m)),
      (m) => rssAfter(m) <= 150e6,
    ),
    target(
      'Function app zip ≤ 10 MB',
      (m) => formatMb(m.zipBytes),
      (m) => m.zipBytes <= 10e6,
    ),
  ];

  const baseRss = median(measured.flatMap((m) => m.load.map((l) => l.rssBeforeBytes)));
  notes.push(
    `The loader process's RSS before loading (node and the bundled model code) is ${formatMb(baseRss)}; the rest of "RSS after load" is the artifact read into memory, which the predictor walks in place.`,
  );
  notes.push(
    "Old JSON: what the artifact was before the compact format, the card and ml-random-forest's toJSON() as one JSON text (an object per node); it is still what `pnpm export` writes, without the card.",
  );
  notes.push(
    "Training runs in its own process (node with tsx), so its peak RSS is training's: node, tsx, the synthetic table and the trainer's per-tree work buffers and tree objects.",
  );
  if (!ctx.sklearn.available) notes.push(`scikit-learn columns skipped: ${ctx.sklearn.reason}.`);
  if (quick) notes.push('--quick: 1k and 5k rows only; the 40k targets are not measured.');

  return {
    id: 'scale',
    title: 'Scale (artifact, load, zip and training from 1k to 40k rows)',
    tables: [table, growthTable],
    notes,
    targets,
    data: { trees, features: benchFeatures, sizes: measured, growth },
  };
}
