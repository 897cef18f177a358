// Section 1: training time of the fast trainer against ml-random-forest's own trainer and scikit-learn,
// how it grows with rows, and 1 against 2 threads.
import { type ForestJson, fitForestWithLibrary, trainForest } from '../../packages/model/src/index.js';
import type { BenchContext } from './context.js';
import { benchFeatures } from './context.js';
import {
  hyperparameters,
  libraryOptions,
  minNumSamples,
  nodesPerTree,
  type Pairing,
  pairings,
} from './forests.js';
import { formatMs, formatRatio, type SectionReport, type Table, type TargetResult } from './report.js';
import { runSklearn, type SklearnFitResult } from './sklearn.js';
import { growthExponent, median, sample } from './stats.js';

/** Rows of the set whose forest the predict section reuses (its holdout is the 2,000-row batch). */
export const predictRows = 10_000;

interface Measured {
  oursMs: number[];
  oursNodes: number;
  sklearn?: SklearnFitResult;
  libraryMs?: number;
  libraryIdentical?: boolean;
}

const thousands = (rows: number) => `${rows / 1000}k`;

export async function benchTraining(
  ctx: BenchContext,
  progress: (line: string) => void,
): Promise<SectionReport> {
  const { quick, library } = ctx.options;
  const trees = quick ? 20 : 100;
  const sizes = quick ? [1000, predictRows] : [1000, predictRows, 50_000];
  const repeats = (rows: number) => (quick || rows > predictRows ? 1 : 3);
  const notes: string[] = [];
  const byRows = new Map<number, Map<Pairing['id'], Measured>>();
  const forests = new Map<Pairing['id'], ForestJson>();

  // A first run compiles the trainer's hot loops; keep that out of every figure.
  const warm = ctx.data(1000);
  await trainForest(warm.train.X, warm.train.y, libraryOptions(10, pairings[0] as Pairing), { threads: 1 });

  for (const rows of sizes) {
    const data = ctx.data(rows);
    const measured = new Map<Pairing['id'], Measured>();
    byRows.set(rows, measured);
    for (const pairing of pairings) {
      progress(`train ${thousands(rows)}, ${pairing.id}: fast trainer x${repeats(rows)}`);
      let forest: ForestJson | undefined;
      const oursMs = await sample(repeats(rows), async () => {
        forest = (await trainForest(data.train.X, data.train.y, libraryOptions(trees, pairing), {
          threads: 1,
        })) as ForestJson;
      });
      const json = forest as ForestJson;
      if (rows === predictRows) forests.set(pairing.id, json);
      const entry: Measured = { oursMs, oursNodes: nodesPerTree(json) };
      // The library's trainer only finishes in reasonable time at 1k rows (10k: over an hour).
      if (library && rows === 1000) {
        progress(`train ${thousands(rows)}, ${pairing.id}: ml-random-forest (about a minute)`);
        let libraryForest: ForestJson | undefined;
        const [ms] = await sample(1, async () => {
          libraryForest = await fitForestWithLibrary(
            data.train.X,
            data.train.y,
            hyperparameters(trees, pairing),
          );
        });
        entry.libraryMs = ms as number;
        entry.libraryIdentical = JSON.stringify(libraryForest) === JSON.stringify(json);
      }
      measured.set(pairing.id, entry);
    }
    if (ctx.sklearn.available) {
      progress(`train ${thousands(rows)}: scikit-learn x${repeats(rows)} per pairing`);
      // A failing Python run costs its columns, not the section.
      const results = await runSklearn(
        {
          X: data.train.X,
          y: data.train.y,
          rows: data.test.X,
          fits: pairings.map((pairing) => ({
            id: pairing.id,
            trees,
            maxFeatures: pairing.sklearn,
            minSamplesSplit: minNumSamples + 1,
            seed: 42,
            repeats: repeats(rows),
            predict: rows === predictRows && pairing.id === 'all',
          })),
        },
        ctx.tempDir,
      ).catch((error: unknown) => {
        notes.push(`scikit-learn failed at ${thousands(rows)} rows: ${(error as Error).message}`);
        return [];
      });
      for (const result of results) {
        const entry = measured.get(result.id as Pairing['id']);
        if (entry !== undefined) entry.sklearn = result;
      }
    }
  }
  const all = forests.get('all');
  if (all !== undefined) {
    const sklearn = byRows.get(predictRows)?.get('all')?.sklearn;
    ctx.predictForest = { json: all, ...(sklearn === undefined ? {} : { sklearn }) };
  }

  // Threads: the same forest on 1 and 2 threads at 10k rows.
  const threads: Record<string, { oneMs: number; twoMs: number; twoCpuMs: number; identical: boolean }> = {};
  for (const pairing of pairings) {
    const data = ctx.data(predictRows);
    progress(
      `train ${thousands(predictRows)}, ${pairing.id}: fast trainer, 2 threads x${repeats(predictRows)}`,
    );
    let forest: unknown;
    // CPU time of the whole process, workers included: what the second thread costs.
    const cpu = process.cpuUsage();
    const twoMs = await sample(repeats(predictRows), async () => {
      forest = await trainForest(data.train.X, data.train.y, libraryOptions(trees, pairing), { threads: 2 });
    });
    const used = process.cpuUsage(cpu);
    threads[pairing.id] = {
      oneMs: median(byRows.get(predictRows)?.get(pairing.id)?.oursMs ?? []),
      twoMs: median(twoMs),
      twoCpuMs: (used.user + used.system) / 1000 / twoMs.length,
      identical: JSON.stringify(forest) === JSON.stringify(forests.get(pairing.id)),
    };
  }

  const runs = quick
    ? 'one run each'
    : `median of 3 runs up to ${thousands(predictRows)} rows, one run above`;
  const trainingTable: Table = {
    caption: `Training time, ${trees} trees, ${benchFeatures} features, two classes, 80% of the rows (${runs}); ours on 1 thread, scikit-learn with n_jobs=1.`,
    columns: [
      'rows (train)',
      'features offered',
      'ours',
      'ours nodes/tree',
      'scikit-learn',
      'sklearn nodes/tree',
      'ours / sklearn',
      'ml-random-forest',
      'ml-random-forest / ours',
    ],
    rows: [],
  };
  for (const [rows, measured] of byRows) {
    for (const pairing of pairings) {
      const m = measured.get(pairing.id) as Measured;
      const ours = median(m.oursMs);
      const sk = m.sklearn === undefined ? Number.NaN : median(m.sklearn.fitMs);
      const lib = m.libraryMs ?? Number.NaN;
      trainingTable.rows.push([
        `${thousands(rows)} (${ctx.data(rows).train.X.length})`,
        pairing.id === 'all' ? 'all' : '√ (per tree / per split)',
        formatMs(ours),
        m.oursNodes.toFixed(0),
        formatMs(sk),
        m.sklearn === undefined ? 'n/a' : m.sklearn.nodesPerTree.toFixed(0),
        formatRatio(ours / sk),
        m.libraryMs === undefined
          ? 'not run'
          : `${formatMs(lib)}${m.libraryIdentical ? '' : ' (DIFFERENT forest)'}`,
        formatRatio(lib / ours),
      ]);
    }
  }

  const growth: Record<string, Record<string, { ratios: Record<string, number>; exponent: number }>> = {};
  const growthTable: Table = {
    caption:
      'How training time grows with rows: ratios of consecutive sizes, and k of time ≈ c · rows^k fitted on all sizes.',
    columns: [
      'features offered',
      'trainer',
      ...sizes.slice(1).map((rows, i) => `${thousands(rows)} / ${thousands(sizes[i] as number)}`),
      'exponent k',
    ],
    rows: [],
  };
  for (const pairing of pairings) {
    growth[pairing.id] = {};
    const trainers: Array<[string, (m: Measured) => number]> = [['ours', (m) => median(m.oursMs)]];
    if (ctx.sklearn.available) trainers.push(['scikit-learn', (m) => median(m.sklearn?.fitMs ?? [])]);
    for (const [trainer, time] of trainers) {
      const points = sizes.map((rows) => ({
        x: ctx.data(rows).train.X.length,
        y: time(byRows.get(rows)?.get(pairing.id) as Measured),
      }));
      const ratios: Record<string, number> = {};
      for (let i = 1; i < points.length; i++) {
        ratios[`${thousands(sizes[i] as number)}/${thousands(sizes[i - 1] as number)}`] =
          (points[i]?.y as number) / (points[i - 1]?.y as number);
      }
      const exponent = growthExponent(points);
      (growth[pairing.id] as Record<string, unknown>)[trainer] = { ratios, exponent };
      growthTable.rows.push([
        pairing.id === 'all' ? 'all' : '√',
        trainer,
        ...Object.values(ratios).map(formatRatio),
        Number.isFinite(exponent) ? exponent.toFixed(2) : 'n/a',
      ]);
    }
  }

  const threadsTable: Table = {
    caption: `The fast trainer on 1 and 2 threads, ${thousands(predictRows)} rows (${quick ? 'one run each' : 'median of 3'}).`,
    columns: ['features offered', '1 thread', '2 threads', 'speed-up', 'CPU time, 2 threads', 'same forest'],
    rows: pairings.map((pairing) => {
      const t = threads[pairing.id] as { oneMs: number; twoMs: number; twoCpuMs: number; identical: boolean };
      return [
        pairing.id === 'all' ? 'all' : '√',
        formatMs(t.oneMs),
        formatMs(t.twoMs),
        formatRatio(t.oneMs / t.twoMs),
        formatMs(t.twoCpuMs),
        t.identical ? 'yes' : 'NO',
      ];
    }),
  };

  for (const pairing of pairings) notes.push(`${pairing.id === 'all' ? 'all' : '√'}: ${pairing.name}.`);
  notes.push(
    `Same stopping rules on both sides: a node of ${minNumSamples} rows or fewer is a leaf (sklearn min_samples_split=${minNumSamples + 1}), no depth limit, no gain threshold (ours gainThreshold 0, sklearn min_impurity_decrease 0), bootstrap rows. Our trees have more nodes: ml-cart counts each copy of a bootstrap row toward the leaf size, while scikit-learn counts distinct rows (it weights the copies); with √ features it also draws them per split.`,
  );
  notes.push(
    'Each 2-thread run starts a worker (which loads the trainer through tsx here), so its start-up is part of the time; on a shared 2-core machine, other load hits the 2-thread runs hardest.',
  );
  if (!ctx.sklearn.available) notes.push(`scikit-learn columns skipped: ${ctx.sklearn.reason}.`);
  if (!library) notes.push('ml-random-forest training skipped (--no-library).');
  else
    notes.push(
      'ml-random-forest trains at 1k rows only (10k x 20 x 100 trees takes over an hour); "DIFFERENT forest" would mean the fast trainer no longer writes its JSON byte for byte.',
    );

  const targets: TargetResult[] = [];
  for (const pairing of pairings) {
    const m = byRows.get(predictRows)?.get(pairing.id);
    const ratio = m?.sklearn === undefined ? Number.NaN : median(m.oursMs) / median(m.sklearn.fitMs);
    targets.push({
      target: `Training ${thousands(predictRows)} x ${benchFeatures}, ${trees} trees, ${pairing.id === 'all' ? 'all features' : '√ features'}: at most 2x scikit-learn's single-core time`,
      measured: Number.isFinite(ratio)
        ? `${formatMs(median(m?.oursMs ?? []))} vs ${formatMs(median(m?.sklearn?.fitMs ?? []))}: ${formatRatio(ratio)}`
        : 'n/a',
      pass: Number.isFinite(ratio) ? ratio <= 2 : undefined,
    });
  }

  const sizesData = [...byRows].map(([rows, measured]) => ({
    rows,
    trainRows: ctx.data(rows).train.X.length,
    pairings: Object.fromEntries(
      [...measured].map(([id, m]) => [
        id,
        {
          oursMs: m.oursMs,
          oursMedianMs: median(m.oursMs),
          oursNodesPerTree: m.oursNodes,
          sklearnMs: m.sklearn?.fitMs ?? null,
          sklearnMedianMs: m.sklearn === undefined ? null : median(m.sklearn.fitMs),
          sklearnNodesPerTree: m.sklearn?.nodesPerTree ?? null,
          libraryMs: m.libraryMs ?? null,
          libraryIdentical: m.libraryIdentical ?? null,
        },
      ]),
    ),
  }));
  return {
    id: 'train',
    title: 'Training',
    tables: [trainingTable, growthTable, threadsTable],
    notes,
    targets,
    data: { trees, features: benchFeatures, sizes: sizesData, growth, threads },
  };
}
