// Section 2: prediction time in-process, one row per call and a 2,000-row batch: the compiled forest
// against ml-random-forest's loaded forest and scikit-learn's, all trained on the same data.

import type { ForestJson as FastForestJson } from '../../packages/model/src/fast/index.js';
import { compileForest, type ForestJson, trainForest } from '../../packages/model/src/index.js';
import { predictRows } from './benchTraining.js';
import type { BenchContext } from './context.js';
import { libraryOptions, loadLibraryForest, minNumSamples, nodesPerTree, pairings } from './forests.js';
import { formatMs, formatRatio, type SectionReport, type TargetResult } from './report.js';
import { runSklearn } from './sklearn.js';
import { perCall } from './stats.js';

export async function benchPredict(
  ctx: BenchContext,
  progress: (line: string) => void,
): Promise<SectionReport> {
  const trees = ctx.options.quick ? 20 : 100;
  const pairing = pairings[0] as (typeof pairings)[number];
  const data = ctx.data(predictRows);
  const rows = data.test.X;
  const notes: string[] = [];

  // The train section leaves its 10k forest (and scikit-learn's timings on it); alone, train both here.
  let shared = ctx.predictForest;
  if (shared === undefined) {
    progress(`predict: training the ${predictRows / 1000}k forest`);
    const json = (await trainForest(
      data.train.X,
      data.train.y,
      libraryOptions(trees, pairing),
    )) as ForestJson;
    shared = { json };
    if (ctx.sklearn.available) {
      progress('predict: scikit-learn');
      const [sklearn] = await runSklearn(
        {
          X: data.train.X,
          y: data.train.y,
          rows,
          fits: [
            {
              id: 'all',
              trees,
              maxFeatures: pairing.sklearn,
              minSamplesSplit: minNumSamples + 1,
              seed: 42,
              repeats: 1,
              predict: true,
            },
          ],
        },
        ctx.tempDir,
      );
      if (sklearn !== undefined) shared.sklearn = sklearn;
    }
  }
  const { json, sklearn } = shared;
  progress('predict: compiled forest and ml-random-forest');
  const compiled = compileForest(json as unknown as FastForestJson, { classes: 2 });
  const library = loadLibraryForest(json);
  const shares = new Float64Array(compiled.classes);

  // Untimed first calls, so neither side is timed while its code is still being compiled.
  for (const row of rows.slice(0, 200)) {
    compiled.predictWithShares(row, shares);
    library.predict([row]);
  }
  compiled.predictBatch(rows);
  library.predict(rows);
  // One row per call, cycling through the holdout so branches are not learned from one row.
  const compiledOne = perCall(rows.length, 9, (i) => compiled.predictWithShares(rows[i] as number[], shares));
  const fewRows = rows.slice(0, 200);
  const libraryOne = perCall(fewRows.length, 5, (i) => library.predict([fewRows[i] as number[]]));
  const compiledBatch = perCall(1, 15, () => compiled.predictBatch(rows));
  const libraryBatch = perCall(1, 3, () => library.predict(rows));

  const compiledLabels = Array.from(compiled.predictBatch(rows));
  const libraryLabels = library.predict(rows);
  const agree = compiledLabels.every((label, i) => label === libraryLabels[i]);
  const accuracy = (labels: ArrayLike<number>) =>
    data.test.y.filter((label, i) => label === labels[i]).length / data.test.y.length;
  const sklearnOne = sklearn?.predictOneMs ?? Number.NaN;
  const sklearnBatch = sklearn?.predictBatchMs ?? Number.NaN;

  const n = rows.length.toLocaleString('en-US');
  const table = {
    caption: `Prediction in-process, forest of ${trees} trees trained on ${data.train.X.length} rows x 20 features with all features (ours ${nodesPerTree(json).toFixed(0)} nodes/tree${sklearn ? `, scikit-learn's ${sklearn.nodesPerTree.toFixed(0)}` : ''}); rows from the ${n}-row holdout. Median time per call.`,
    columns: [
      'call',
      'compiled (ours)',
      'ml-random-forest',
      'scikit-learn',
      'ml-random-forest / compiled',
      'scikit-learn / compiled',
    ],
    rows: [
      [
        '1 row (label + vote shares)',
        formatMs(compiledOne),
        formatMs(libraryOne),
        formatMs(sklearnOne),
        formatRatio(libraryOne / compiledOne),
        formatRatio(sklearnOne / compiledOne),
      ],
      [
        `${n}-row batch (labels)`,
        formatMs(compiledBatch),
        formatMs(libraryBatch),
        formatMs(sklearnBatch),
        formatRatio(libraryBatch / compiledBatch),
        formatRatio(sklearnBatch / compiledBatch),
      ],
      [
        `${n}-row batch, per row`,
        formatMs(compiledBatch / rows.length),
        formatMs(libraryBatch / rows.length),
        formatMs(sklearnBatch / rows.length),
        '',
        '',
      ],
    ],
  };
  notes.push(
    `Compiled and ml-random-forest labels on the ${n} holdout rows: ${agree ? 'identical' : 'DIFFERENT'}. Holdout accuracy: ours ${(accuracy(compiledLabels) * 100).toFixed(1)}%${sklearn?.labels ? `, scikit-learn ${(accuracy(sklearn.labels) * 100).toFixed(1)}%` : ''}.`,
    'ml-random-forest is the forest `RandomForestClassifier.load(json)` returns, as a saved model is served; scikit-learn calls `predict` on a 1-row and a 2,000-row array (n_jobs=1).',
  );
  if (!ctx.sklearn.available) notes.push(`scikit-learn columns skipped: ${ctx.sklearn.reason}.`);

  const verdict = (ratio: number, min: number): boolean | undefined =>
    Number.isFinite(ratio) ? ratio >= min : undefined;
  const targets: TargetResult[] = [
    {
      target: 'One-row predict in-process: at least 100x faster than scikit-learn',
      measured: `${formatMs(compiledOne)} vs ${formatMs(sklearnOne)}: ${formatRatio(sklearnOne / compiledOne)}`,
      pass: verdict(sklearnOne / compiledOne, 100),
    },
    {
      target: 'One-row predict in-process: at least 3x faster than ml-random-forest',
      measured: `${formatMs(compiledOne)} vs ${formatMs(libraryOne)}: ${formatRatio(libraryOne / compiledOne)}`,
      pass: verdict(libraryOne / compiledOne, 3),
    },
    {
      target: `${n}-row batch faster than scikit-learn`,
      measured: `${formatMs(compiledBatch)} vs ${formatMs(sklearnBatch)}: ${formatRatio(sklearnBatch / compiledBatch)}`,
      pass: Number.isFinite(sklearnBatch) ? compiledBatch < sklearnBatch : undefined,
    },
  ];
  return {
    id: 'predict',
    title: 'Prediction (in-process)',
    tables: [table],
    notes,
    targets,
    data: {
      trees,
      trainRows: data.train.X.length,
      batchRows: rows.length,
      nodesPerTree: { ours: nodesPerTree(json), sklearn: sklearn?.nodesPerTree ?? null },
      oneRowMs: { compiled: compiledOne, library: libraryOne, sklearn: sklearn?.predictOneMs ?? null },
      batchMs: { compiled: compiledBatch, library: libraryBatch, sklearn: sklearn?.predictBatchMs ?? null },
      labelsIdentical: agree,
      holdoutAccuracy: {
        ours: accuracy(compiledLabels),
        sklearn: sklearn?.labels ? accuracy(sklearn.labels) : null,
      },
    },
  };
}
