// Section 8: interoperability, measured side by side in one run.
// 1. The Open Inference Protocol V2 against the native API, same model and rows: POST
//    /v2/models/{name}/infer against POST /api/predict (seed and typed forms), 1 and 100 rows, through
//    `service.fetch` in-process and over HTTP to the local host (autocannon, as the HTTP section).
// 2. A scikit-learn forest imported as it is (fitted in Python, exported with scripts/export_sklearn.py,
//    built by adopt --sklearn's planSklearnAdoption into the temporary folder) against the forest
//    forestfn trains on the same rows with the settings adopt derives from it: artifact size, load time
//    and RSS, and predict latency.
import { copyFile, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planSklearnAdoption } from '../../packages/model/src/adopt/index.js';
import {
  encodeArtifact,
  type ForestHyperparameters,
  flattenForest,
  forestOptions,
  loadModel,
  type Model,
  type ModelCard,
  nodeBytes,
  repoRoot,
  trainForest,
} from '../../packages/model/src/index.js';
import { createService } from '../../packages/service/src/index.js';
import {
  exampleRows,
  inferBody,
  type Row,
  sampleRows,
  toInstance,
} from '../../packages/service/test/samples.js';
import { defaultsFor } from '../adopt.js';
import type { BenchContext } from './context.js';
import { benchFeatures } from './context.js';
import { buildFreshLoader, type FreshLoad } from './freshLoad.js';
import { type Load, loadPost, wholeMs } from './httpLoad.js';
import { type Child, childEnv, outputOf, startChild, stopChild, waitForLine } from './processes.js';
import { formatCount, formatMb, formatMs, formatRatio, type SectionReport, type Table } from './report.js';
import { pythonPath, runSklearn } from './sklearn.js';
import { median } from './stats.js';

const connections = 10;
const localServer = fileURLToPath(new URL('localServer.ts', import.meta.url));
const exporter = join(repoRoot, 'scripts', 'export_sklearn.py');
const single = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

const kb = (bytes: number) => (bytes >= 1e6 ? formatMb(bytes) : `${(bytes / 1e3).toFixed(1)} kB`);
const rowsName = (rows: number) => (rows === 1 ? '1 row' : `${rows} rows`);

/**
 * Median time per call of each side, in milliseconds: `rounds` rounds, each timing `calls` calls of every
 * side in turn, so a busy moment of the shared machine falls on both sides rather than on one.
 */
async function alternate(
  sides: ReadonlyArray<(i: number) => unknown>,
  calls: number,
  rounds: number,
): Promise<number[]> {
  const times = sides.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    for (const [s, run] of sides.entries()) {
      const started = performance.now();
      for (let i = 0; i < calls; i++) await run(i);
      times[s]?.push((performance.now() - started) / calls);
    }
  }
  return times.map(median);
}

// ---- Part 1: Open Inference Protocol V2 against the native API ----

type Form = 'seed' | 'typed' | 'v2';
const forms: ReadonlyArray<{ id: Form; name: string }> = [
  { id: 'seed', name: 'native seed form `[[...]]`' },
  { id: 'typed', name: 'native typed form `{"instances": [...]}`' },
  { id: 'v2', name: 'V2 `/v2/models/{name}/infer`' },
];

interface Case {
  form: Form;
  rows: number;
  path: string;
  body: string;
}

/** A POST through the service in-process, with a stream body as the local host builds it; its answer. */
async function post(
  service: ReturnType<typeof createService>,
  c: Case,
): Promise<{ status: number; text: string }> {
  const response = await service.fetch(
    new Request(`http://127.0.0.1${c.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([c.body]).stream(),
      duplex: 'half',
    } as RequestInit),
  );
  return { status: response.status, text: await response.text() };
}

/** The labels an answer carries: the seed form's array, the typed form's predictions, V2's label tensor. */
function labelsOf(form: Form, text: string): unknown[] {
  const json = JSON.parse(text) as unknown;
  if (form === 'seed') return json as unknown[];
  if (form === 'typed')
    return (json as { predictions: Array<{ label: unknown }> }).predictions.map((p) => p.label);
  const outputs = (json as { outputs: Array<{ name: string; data: unknown[] }> }).outputs;
  return outputs.find((o) => o.name === 'label')?.data ?? [];
}

const load = (url: string, c: Case, seconds: number): Promise<Load> =>
  loadPost(`${url}${c.path}`, c.body, { connections, seconds });

async function protocols(ctx: BenchContext, progress: (line: string) => void) {
  const quick = ctx.options.quick;
  const artifactPath = await ctx.artifactPath();
  const model = await loadModel(artifactPath);
  const name = model.card.name;
  // Rows built from the spec as the tests build them, so they fit whatever table is served: one example
  // row, and 100 cycling through the example and spread rows.
  const one = exampleRows.at(-1) as Row;
  const hundred = Array.from({ length: 100 }, (_, i) => sampleRows[i % sampleRows.length] as Row);
  const bodyOf = (form: Form, rows: Row[]) =>
    form === 'seed'
      ? JSON.stringify(rows)
      : form === 'typed'
        ? JSON.stringify({ instances: rows.map(toInstance) })
        : inferBody(rows);
  const cases: Case[] = [[one], hundred].flatMap((rows) =>
    forms.map(({ id }) => ({
      form: id,
      rows: rows.length,
      path: id === 'v2' ? `/v2/models/${encodeURIComponent(name)}/infer` : '/api/predict',
      body: bodyOf(id, rows),
    })),
  );

  // Every form answers 200 with the same labels for the same rows.
  const service = createService({ model });
  const answers = new Map<Case, { bytes: number; labels: unknown[] }>();
  for (const c of cases) {
    const { status, text } = await post(service, c);
    if (status !== 200)
      throw new Error(`${c.form}, ${rowsName(c.rows)}: service.fetch answered ${status}: ${text}`);
    answers.set(c, { bytes: Buffer.byteLength(text), labels: labelsOf(c.form, text) });
  }
  const sameLabels = [1, 100].every((rows) => {
    const labels = cases.filter((c) => c.rows === rows).map((c) => JSON.stringify(answers.get(c)?.labels));
    return labels.every((l) => l === labels[0]);
  });

  progress(`interop: V2 and native API through service.fetch in-process (model ${name})`);
  const inProcessRounds = quick ? 7 : 9;
  const inProcessMs = new Map<Case, number>();
  for (const rows of [1, 100]) {
    const group = cases.filter((c) => c.rows === rows);
    const calls = rows === 1 ? (quick ? 300 : 2000) : quick ? 30 : 200;
    // Untimed calls first, so no form is timed while its code is still being compiled.
    for (const c of group) for (let i = 0; i < calls; i++) await post(service, c);
    const medians = await alternate(
      group.map((c) => () => post(service, c)),
      calls,
      inProcessRounds,
    );
    for (const [i, c] of group.entries()) inProcessMs.set(c, medians[i] as number);
  }

  const seconds = quick ? 1 : 5;
  const warmupSeconds = quick ? 0.5 : 1;
  const httpLoads = new Map<Case, Load>();
  let local: Child | undefined;
  try {
    progress('interop: starting the local host');
    local = startChild(process.execPath, ['--import', 'tsx', localServer], {
      cwd: repoRoot,
      env: childEnv({ FORESTFN_ARTIFACT: artifactPath }),
    });
    const [, url] = await waitForLine(local, /listening on (http:\/\/\S+)/, 60_000);
    // Every form warmed up before any is measured, so the first one measured is not the server's warm-up.
    progress(`interop: HTTP warm-up, ${warmupSeconds} s per request`);
    for (const c of cases) await load(url as string, c, warmupSeconds);
    for (const c of cases) {
      progress(`interop: HTTP ${c.form}, ${rowsName(c.rows)}, ${seconds} s`);
      httpLoads.set(c, await load(url as string, c, seconds));
    }
  } finally {
    if (local !== undefined) await stopChild(local);
  }

  const caseOf = (form: Form, rows: number) => cases.find((c) => c.form === form && c.rows === rows) as Case;
  const ratioCells = (rows: number, value: (c: Case) => number) => {
    const v2 = value(caseOf('v2', rows));
    return [formatRatio(v2 / value(caseOf('seed', rows))), formatRatio(v2 / value(caseOf('typed', rows)))];
  };
  const inProcessTable: Table = {
    caption: `The served model (${name}, ${model.card.features.length} features, ${model.card.labels.length} labels) through \`service.fetch(Request)\` in-process (stream body, no socket): median time per request over ${inProcessRounds} rounds, the three forms alternating. V2 / native above 1 means V2 is slower.`,
    columns: ['rows', ...forms.map((f) => f.name), 'V2 / seed', 'V2 / typed'],
    rows: [1, 100].flatMap((rows) => {
      const ms = (c: Case) => inProcessMs.get(c) ?? Number.NaN;
      const line = [
        rowsName(rows),
        ...forms.map((f) => formatMs(ms(caseOf(f.id, rows)))),
        ...ratioCells(rows, ms),
      ];
      return rows === 1
        ? [line]
        : [
            line,
            [`${rows} rows, per row`, ...forms.map((f) => formatMs(ms(caseOf(f.id, rows)) / rows)), '', ''],
          ];
    }),
  };
  const perRequest = (c: Case) => 1000 / (httpLoads.get(c)?.requestsPerSecond ?? Number.NaN);
  const httpTable: Table = {
    caption: `The same requests over HTTP to the local host (a child process), ${connections} connections, ${seconds} s per run after a ${warmupSeconds} s warm-up of every request, autocannon in the parent: requests/s, and server time per request (1 / req/s; the server has one core) whose ratio is V2 / native. p99 in whole ms.`,
    columns: [
      'rows',
      ...forms.map((f) => `${f.id} req/s`),
      'V2 / seed',
      'V2 / typed',
      ...forms.map((f) => `${f.id} p99`),
      'errors + non-2xx',
    ],
    rows: [1, 100].map((rows) => {
      const loads = forms.map((f) => httpLoads.get(caseOf(f.id, rows)));
      return [
        rowsName(rows),
        ...loads.map((l) => formatCount(l?.requestsPerSecond ?? Number.NaN)),
        ...ratioCells(rows, perRequest),
        ...loads.map((l) => (l === undefined ? 'n/a' : wholeMs(l.p99Ms))),
        loads.map((l) => (l === undefined ? 'n/a' : String(l.errors + l.non2xx))).join(' / '),
      ];
    }),
  };
  const bytesTable: Table = {
    caption:
      'Bytes on the wire for the same rows: the seed form answers labels only; the typed form each label with its probabilities; V2 a label tensor and a probability tensor.',
    columns: ['rows', ...forms.flatMap((f) => [`${f.id} request`, `${f.id} answer`])],
    rows: [1, 100].map((rows) => [
      rowsName(rows),
      ...forms.flatMap((f) => {
        const c = caseOf(f.id, rows);
        return [formatCount(Buffer.byteLength(c.body)), formatCount(answers.get(c)?.bytes ?? Number.NaN)];
      }),
    ]),
  };
  const clean = [...httpLoads.values()].every((l) => l.errors + l.non2xx === 0);
  const notes = [
    `Labels of the three forms for the same rows: ${sameLabels ? 'identical' : 'DIFFERENT'}. V2 bodies are \`inferBody\` (packages/service/test/samples.ts): one FP64 [N, ${model.card.features.length}] tensor, a category as its index.`,
  ];
  if (!clean)
    notes.push('Some HTTP requests failed (see the last column): those figures are not comparable.');
  const figures = (c: Case) => ({
    form: c.form,
    rows: c.rows,
    requestBytes: Buffer.byteLength(c.body),
    responseBytes: answers.get(c)?.bytes ?? null,
    inProcessMs: inProcessMs.get(c) ?? null,
    http: httpLoads.get(c) ?? null,
  });
  return {
    tables: [inProcessTable, httpTable, bytesTable],
    notes,
    data: { model: name, connections, seconds, warmupSeconds, sameLabels, cases: cases.map(figures) },
  };
}

// ---- Part 2: a scikit-learn forest imported as it is against one forestfn trained ----

/** What each forest measured: artifact, loads, predictions. */
interface ForestSide {
  id: 'imported' | 'trained';
  path: string;
  artifactBytes: number;
  nodes: number;
  trees: number;
  loadMs: number;
  fresh: FreshLoad[];
  predictOneMs: number;
  predictHundredMs: number;
  accuracy: number;
}

/** The card JSON's length in an artifact's header (see artifact.ts). */
const cardBytes = (artifact: Uint8Array) =>
  new DataView(artifact.buffer, artifact.byteOffset, artifact.byteLength).getUint32(12, true);

async function importedVsTrained(ctx: BenchContext, progress: (line: string) => void) {
  const quick = ctx.options.quick;
  const rows = quick ? 1000 : 4000;
  const trees = 100;
  const rounds = quick ? 5 : 9;
  const data = ctx.data(rows);
  const holdout = data.test;
  const dir = join(ctx.tempDir, 'interop');
  const root = join(dir, 'root');
  await mkdir(join(root, 'spec'), { recursive: true });
  const names = Array.from({ length: benchFeatures }, (_, f) => `x${f}`);
  // The holdout as a labelled CSV: the feature names for the export, and the imported card's holdout.
  const holdoutCsv = join(dir, 'holdout.csv');
  await writeFile(
    holdoutCsv,
    `${[...names, 'label'].join(',')}\n${holdout.X.map((x, r) => `${x.join(',')},${holdout.y[r]}`).join('\n')}\n`,
  );

  progress(`interop: scikit-learn fits ${trees} trees on ${data.train.X.length} rows x ${benchFeatures}`);
  const pickle = join(dir, 'model.pkl');
  // sklearn_bench.py's fit and timings (as the training section's), pickled for the export; its batch is
  // the first 100 holdout rows, the rows its labels are compared on.
  const [fitted] = await runSklearn(
    {
      X: data.train.X,
      y: data.train.y,
      rows: holdout.X.slice(0, 100),
      fits: [
        {
          id: 'import',
          trees,
          maxFeatures: 'sqrt',
          minSamplesSplit: 2,
          seed: 0,
          repeats: 1,
          predict: true,
          save: pickle,
        },
      ],
    },
    dir,
  );
  const sklearn = {
    version: (ctx.sklearn.available ? ctx.sklearn.version : '')
      .replace(/^scikit-learn /, '')
      .replace(/ \(.*$/, ''),
    fitMs: fitted?.fitMs[0] ?? Number.NaN,
    nodes: Math.round((fitted?.nodesPerTree ?? 0) * trees),
    predictOneMs: fitted?.predictOneMs ?? Number.NaN,
    predictHundredMs: fitted?.predictBatchMs ?? Number.NaN,
    labels: fitted?.labels ?? [],
  };
  const env = { ...process.env, ...single };
  progress('interop: export_sklearn.py, then adopt --sklearn into the temporary folder');
  const dumpPath = join(dir, 'bench.sklearn.json');
  await outputOf(
    startChild(pythonPath, [exporter, pickle, dumpPath, '--features-from', holdoutCsv, '--target', 'label'], {
      env,
    }),
  );
  // adopt --sklearn's planner, in a root of its own holding a copy of the spec: it writes nothing; the
  // artifact it built is written into the temporary folder, nothing else.
  await copyFile(join(repoRoot, 'spec', 'openapi.yaml'), join(root, 'spec', 'openapi.yaml'));
  const adoptStarted = performance.now();
  const plan = await planSklearnAdoption({
    root,
    dump: dumpPath,
    name: 'bench-sklearn',
    holdout: holdoutCsv,
    target: 'label',
    defaults: await defaultsFor(root),
  });
  const adoptMs = performance.now() - adoptStarted;
  const importedPath = join(dir, 'imported.bin');
  await writeFile(importedPath, plan.imported.artifact);

  // forestfn's own forest on the same rows, with the settings adopt writes for training natively.
  const hp = plan.config.hyperparameters as ForestHyperparameters;
  progress(`interop: forestfn trains ${hp.nEstimators} trees on the same rows (1 thread)`);
  const trainStarted = performance.now();
  const options = forestOptions(hp);
  const forest = await trainForest(data.train.X, data.train.y, options, { threads: 1 });
  const trainMs = performance.now() - trainStarted;
  const flat = flattenForest(forest);
  const card: ModelCard = {
    name: 'bench-trained',
    version: '',
    target: 'label',
    features: names.map((name, f) => ({
      name,
      min: Math.min(...data.train.X.map((row) => row[f] as number)),
      max: Math.max(...data.train.X.map((row) => row[f] as number)),
    })),
    labels: ['0', '1'],
    metrics: { accuracy: 0, macroF1: 0, holdoutRows: 0, perClass: {}, confusionMatrix: [] },
    featureImportance: {},
    hyperparameters: { ...hp, ...hp.treeOptions },
    dataset: { path: 'synthetic', sha256: '', rows, trainRows: data.train.X.length },
    trainer: { library: '@forestfn/model', version: '0.0.0', compatibleWith: 'ml-random-forest@2.1.0' },
  };
  const trainedArtifact = encodeArtifact(card, flat);
  const trainedPath = join(dir, 'trained.bin');
  await writeFile(trainedPath, trainedArtifact);

  progress('interop: loading both artifacts in-process and in fresh processes');
  const paths = [importedPath, trainedPath];
  const models = await Promise.all(paths.map((path) => loadModel(path)));
  const loadMs = await alternate(
    paths.map((path) => () => loadModel(path)),
    1,
    quick ? 5 : 15,
  );
  const loadFresh = await buildFreshLoader(join(dir, 'load.cjs'));
  const fresh = paths.map(() => [] as FreshLoad[]);
  for (let i = 0; i < (quick ? 3 : 5); i++) {
    for (const [s, path] of paths.entries()) {
      fresh[s]?.push(await loadFresh(path));
    }
  }

  progress('interop: predicting 1 and 100 rows with both');
  const X = holdout.X;
  const hundred = X.slice(0, 100);
  for (const model of models) for (let i = 0; i < 2000; i++) model.predict([X[i % X.length] as number[]]);
  for (const model of models) for (let i = 0; i < 20; i++) model.predict(hundred);
  const predictOne = await alternate(
    models.map((model) => (i: number) => model.predict([X[i % X.length] as number[]])),
    X.length,
    rounds,
  );
  const predictHundred = await alternate(
    models.map((model) => () => model.predict(hundred)),
    quick ? 20 : 100,
    rounds,
  );
  const labelsOf = (model: Model) => model.predict(X).map((p) => Number(p.label));
  const accuracyOf = (labels: number[]) => labels.filter((l, r) => l === holdout.y[r]).length / X.length;
  const importedLabels = labelsOf(models[0] as Model);
  const sameAsSklearn =
    sklearn.labels.length > 0 && sklearn.labels.every((label, r) => label === importedLabels[r]);

  const sides: ForestSide[] = (['imported', 'trained'] as const).map((id, s) => {
    const model = models[s] as Model;
    return {
      id,
      path: paths[s] as string,
      artifactBytes: (s === 0 ? plan.imported.artifact : trainedArtifact).byteLength,
      nodes: (s === 0 ? plan.imported.forest : flat).nodes.byteLength / nodeBytes,
      trees: (s === 0 ? plan.imported.forest : flat).treeStarts.length - 1,
      loadMs: loadMs[s] as number,
      fresh: fresh[s] as FreshLoad[],
      predictOneMs: predictOne[s] as number,
      predictHundredMs: predictHundred[s] as number,
      accuracy: accuracyOf(s === 0 ? importedLabels : labelsOf(model)),
    };
  });
  const [imported, trained] = sides as [ForestSide, ForestSide];
  const pickleBytes = (await stat(pickle)).size;
  const dumpBytes = (await stat(dumpPath)).size;
  const freshLoad = (side: ForestSide) => median(side.fresh.map((l) => l.loadMs + l.firstPredictMs));
  const rssAfter = (side: ForestSide) => median(side.fresh.map((l) => l.rssAfterBytes));
  const rssAdded = (side: ForestSide) => median(side.fresh.map((l) => l.rssAfterBytes - l.rssBeforeBytes));

  const distributionValues = plan.imported.forest.distributions?.length ?? 0;
  type Line = [string, number, number, (v: number) => string, number?, ((v: number) => string)?];
  const count = (v: number) => v.toLocaleString('en-US');
  const lines: Line[] = [
    ['trees', imported.trees, trained.trees, count],
    ['nodes', imported.nodes, trained.nodes, count, sklearn.nodes, count],
    ['nodes per tree', imported.nodes / imported.trees, trained.nodes / trained.trees, (v) => v.toFixed(0)],
    ['artifact (bytes)', imported.artifactBytes, trained.artifactBytes, count, pickleBytes, count],
    [
      'artifact bytes per node',
      imported.artifactBytes / imported.nodes,
      trained.artifactBytes / trained.nodes,
      (v) => v.toFixed(1),
      pickleBytes / sklearn.nodes,
      (v) => v.toFixed(1),
    ],
    ['load, `loadModel` in-process', imported.loadMs, trained.loadMs, formatMs],
    [
      'load, `loadModelSync` in a fresh process, to the first prediction',
      freshLoad(imported),
      freshLoad(trained),
      formatMs,
    ],
    ['RSS after load (fresh process)', rssAfter(imported), rssAfter(trained), formatMb],
    ['RSS added by the load', rssAdded(imported), rssAdded(trained), formatMb],
    ['predict 1 row', imported.predictOneMs, trained.predictOneMs, formatMs, sklearn.predictOneMs, formatMs],
    [
      'predict 100 rows',
      imported.predictHundredMs,
      trained.predictHundredMs,
      formatMs,
      sklearn.predictHundredMs,
      formatMs,
    ],
    ['holdout accuracy', imported.accuracy, trained.accuracy, (v) => `${(v * 100).toFixed(1)}%`],
  ];
  const table: Table = {
    caption: `scikit-learn ${sklearn.version} RandomForestClassifier(n_estimators=${trees}, random_state=0) and forestfn's trainer with the settings \`adopt --sklearn\` derives from it (per-split √ features, bootstrap rows, fully grown: ${JSON.stringify({ maxFeatures: hp.maxFeatures, seed: hp.seed, ...hp.treeOptions })}), both on the same ${data.train.X.length} rows x ${benchFeatures} features of the seeded synthetic table, both served by forestfn. Load in-process: median of ${quick ? 5 : 15}; fresh process: median of ${quick ? 3 : 5} (the scale section's loader, bundled to CommonJS). Predict: median per call over ${rounds} rounds, alternating, rows from the ${X.length}-row holdout. The last column is scikit-learn itself in Python (n_jobs=1; its artifact is the pickle).`,
    columns: [
      'measure',
      'imported from scikit-learn',
      'trained by forestfn',
      'imported / trained',
      'scikit-learn in Python',
    ],
    rows: lines.map(([measure, a, b, format, python, pythonFormat]) => [
      measure,
      format(a),
      format(b),
      measure === 'holdout accuracy' ? '' : formatRatio(a / b),
      python === undefined || pythonFormat === undefined ? '' : pythonFormat(python),
    ]),
  };
  const notes = [
    `The imported forest's labels on the first ${sklearn.labels.length} holdout rows against scikit-learn's own predict: ${sameAsSklearn ? 'identical' : 'DIFFERENT'}. It votes softly (the mean of its trees' leaf class distributions, as predict_proba), the trained forest by majority.`,
    `Artifact sections: card JSON ${count(cardBytes(plan.imported.artifact))} / ${count(cardBytes(trainedArtifact))} bytes (imported / trained), ${nodeBytes} bytes a node in both, and for the imported forest ${count(distributionValues)} leaf distribution values (8 bytes each, ${plan.imported.card.labels.length} a row: ${count(distributionValues * 8)} bytes).`,
    `Import path: ${formatMb(pickleBytes)} pickle → ${formatMb(dumpBytes)} dump (export_sklearn.py) → ${kb(imported.artifactBytes)} artifact, built by planSklearnAdoption (adopt --sklearn's planner) in ${formatMs(adoptMs)} into the temporary folder. Training time, 1 thread: forestfn ${formatMs(trainMs)}, scikit-learn ${formatMs(sklearn.fitMs)}.`,
  ];
  if (quick) notes.push(`--quick: ${count(rows)} rows instead of 4,000.`);
  return {
    table,
    notes,
    data: {
      rows,
      trainRows: data.train.X.length,
      features: benchFeatures,
      trees,
      hyperparameters: hp,
      adoptMs,
      trainMs,
      pickleBytes,
      dumpBytes,
      labelsIdenticalToSklearn: sameAsSklearn,
      sklearn: { ...sklearn, labels: undefined },
      imported: { ...imported, path: undefined },
      trained: { ...trained, path: undefined },
    },
  };
}

export async function benchInterop(
  ctx: BenchContext,
  progress: (line: string) => void,
): Promise<SectionReport> {
  const v2 = await protocols(ctx, progress);
  const tables = [...v2.tables];
  const notes = [...v2.notes];
  let sklearn: Record<string, unknown> | null = null;
  if (ctx.sklearn.available) {
    const part = await importedVsTrained(ctx, progress);
    tables.push(part.table);
    notes.push(...part.notes);
    sklearn = part.data;
  } else {
    notes.push(
      `A scikit-learn forest imported as is against one forestfn trained: not run, ${ctx.sklearn.reason}.`,
    );
  }
  return {
    id: 'interop',
    title: 'Interoperability',
    tables,
    notes,
    targets: [],
    data: { openInference: v2.data, sklearnImport: sklearn },
  };
}
