// Side-by-side timings of the fast trainer / compiled predictor and ml-random-forest 2.1.0.
// Run: `pnpm exec tsx packages/model/src/fast/bench.ts [--no-library] [--trees N]`. Not a test: it
// measures this machine, and the library's own training takes a minute or more.
import { availableParallelism, cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { RandomForestClassifier } from 'ml-random-forest';
import { compileForest } from './compileForest.js';
import { syntheticDataset } from './testdata.js';
import { trainForest } from './trainForest.js';
import type { ForestJson, ForestOptions } from './types.js';

/** One measured line of the report. */
export interface BenchLine {
  what: string;
  ms: number;
  note?: string;
}

/** What to measure. */
export interface BenchOptions {
  /** Also time ml-random-forest's training (1k rows: a minute or more). Default true. */
  library?: boolean;
  /** Trees per forest. Default 100. */
  trees?: number;
  /** Reports each line as soon as it is measured. */
  onLine?: (line: BenchLine) => void;
}

const FEATURES = 20;

interface Timed<T> {
  value: T;
  ms: number;
  /** CPU time of the whole process (all threads). */
  cpuMs: number;
}

async function timed<T>(run: () => T | Promise<T>): Promise<Timed<T>> {
  const start = performance.now();
  const cpu = process.cpuUsage();
  const value = await run();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000 };
}

/** The run with the median wall time out of `rounds` (the machine may be shared; one run is noisy). */
async function median<T>(rounds: number, run: () => T | Promise<T>): Promise<Timed<T>> {
  const runs: Array<Timed<T>> = [];
  for (let r = 0; r < rounds; r++) runs.push(await timed(run));
  runs.sort((a, b) => a.ms - b.ms);
  return runs[Math.floor(runs.length / 2)] as Timed<T>;
}

const cpuNote = (cpuMs: number) => `CPU ${(cpuMs / 1000).toFixed(2)} s`;
const verdict = (same: boolean) => (same ? 'identical' : 'DIFFERENT');

/** Median time per call over several rounds, in milliseconds. */
function perCall(calls: number, rounds: number, run: () => void): number {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    run();
    samples.push((performance.now() - start) / calls);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}

/** Runs the benchmark and returns its lines (also streamed through `onLine`). */
export async function benchFast(options: BenchOptions = {}): Promise<BenchLine[]> {
  const { library = true, trees = 100, onLine } = options;
  const lines: BenchLine[] = [];
  const add = (line: BenchLine) => {
    lines.push(line);
    onLine?.(line);
  };
  const base: ForestOptions = { nEstimators: trees, seed: 42, noOOB: true };
  const sqrt = Math.sqrt(FEATURES) / FEATURES;

  // Training, 1,000 rows: the library against the fast trainer on the same data and options.
  const small = syntheticDataset({ rows: 1000, columns: FEATURES, classes: 2, seed: 1 });
  const name1k = `train 1k x ${FEATURES}, ${trees} trees, maxFeatures 1.0`;
  const cold = await timed(() => trainForest(small.X, small.y, base, { threads: 1 }));
  add({ what: `${name1k}: fast, 1 thread, first run (cold JIT)`, ms: cold.ms, note: cpuNote(cold.cpuMs) });
  const warm = await median(3, () => trainForest(small.X, small.y, base, { threads: 1 }));
  add({ what: `${name1k}: fast, 1 thread (median of 3)`, ms: warm.ms, note: cpuNote(warm.cpuMs) });
  let libraryForest: RandomForestClassifier | undefined;
  if (library) {
    const lib = await timed(() => {
      const forest = new RandomForestClassifier(base as never);
      forest.train(small.X, small.y);
      return forest;
    });
    libraryForest = lib.value;
    const same = JSON.stringify(lib.value.toJSON()) === JSON.stringify(warm.value);
    add({
      what: `${name1k}: ml-random-forest`,
      ms: lib.ms,
      note: `${(lib.ms / warm.ms).toFixed(0)}x the fast trainer (${(lib.ms / cold.ms).toFixed(0)}x its cold run); JSON ${verdict(same)}`,
    });
  }

  // Training, 10,000 rows: the fast trainer alone, 1 and 2 threads.
  const large = syntheticDataset({ rows: 10_000, columns: FEATURES, classes: 2, seed: 2 });
  let largeForest: ForestJson | undefined;
  for (const [label, maxFeatures] of [
    [`sqrt (${sqrt.toFixed(4)})`, sqrt],
    ['1.0', 1.0],
  ] as const) {
    const name = `train 10k x ${FEATURES}, ${trees} trees, maxFeatures ${label}`;
    const forestOptions = { ...base, maxFeatures };
    const one = await median(3, () => trainForest(large.X, large.y, forestOptions, { threads: 1 }));
    add({ what: `${name}: fast, 1 thread (median of 3)`, ms: one.ms, note: cpuNote(one.cpuMs) });
    const two = await median(3, () => trainForest(large.X, large.y, forestOptions, { threads: 2 }));
    const same = JSON.stringify(one.value) === JSON.stringify(two.value);
    add({
      what: `${name}: fast, 2 threads (median of 3)`,
      ms: two.ms,
      note: `${(one.ms / two.ms).toFixed(2)}x 1 thread; ${cpuNote(two.cpuMs)}; JSON ${verdict(same)}`,
    });
    largeForest ??= one.value;
  }

  // Prediction per row: compiled against the library's forest loaded from JSON (as served).
  const forestJson = largeForest as ForestJson;
  const loaded = RandomForestClassifier.load(JSON.parse(JSON.stringify(forestJson)));
  const compiled = compileForest(forestJson);
  const rows = large.X.slice(0, 2000);
  const shares = new Float64Array(compiled.classes);
  const agree = compiled
    .predictBatch(rows)
    .every((label, i) => label === loaded.predict([rows[i] as number[]])[0]);
  const few = rows.slice(0, 200);
  const libraryOne = perCall(few.length, 5, () => {
    for (const row of few) loaded.predict([row]);
  });
  const compiledOne = perCall(rows.length, 9, () => {
    for (const row of rows) compiled.predictWithShares(row, shares);
  });
  const libraryBatch = perCall(rows.length, 3, () => loaded.predict(rows));
  const compiledBatch = perCall(rows.length, 9, () => compiled.predictBatch(rows));
  const forestName = `10k-row forest, ${trees} trees, maxFeatures sqrt`;
  add({ what: `predict, 1 row per call (${forestName}): ml-random-forest`, ms: libraryOne });
  add({
    what: `predict, 1 row per call (${forestName}): compiled, label + shares`,
    ms: compiledOne,
    note: `${(libraryOne / compiledOne).toFixed(0)}x faster; labels ${verdict(agree)}`,
  });
  add({ what: `predict, per row of a 2,000-row batch (${forestName}): ml-random-forest`, ms: libraryBatch });
  add({
    what: `predict, per row of a 2,000-row batch (${forestName}): compiled`,
    ms: compiledBatch,
    note: `${(libraryBatch / compiledBatch).toFixed(0)}x faster`,
  });
  if (libraryForest !== undefined) {
    const forest = libraryForest;
    const smallCompiled = compileForest(JSON.parse(JSON.stringify(forest.toJSON())));
    const smallRows = small.X.slice(0, 500);
    const lib = perCall(smallRows.length, 3, () => forest.predict(smallRows));
    const ours = perCall(smallRows.length, 9, () => smallCompiled.predictBatch(smallRows));
    const name = `predict, per row of a 500-row batch (1k-row forest, maxFeatures 1.0)`;
    add({ what: `${name}: ml-random-forest`, ms: lib });
    add({ what: `${name}: compiled`, ms: ours, note: `${(lib / ours).toFixed(0)}x faster` });
  }
  return lines;
}

/** A line as a Markdown table row. */
export function formatLine({ what, ms, note }: BenchLine): string {
  const shown =
    ms >= 100
      ? `${(ms / 1000).toFixed(2)} s`
      : ms >= 0.1
        ? `${ms.toFixed(2)} ms`
        : `${(ms * 1000).toFixed(2)} µs`;
  return `| ${what} | ${shown} | ${note ?? ''} |`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const treesAt = args.indexOf('--trees');
  const load = () =>
    loadavg()
      .map((v) => v.toFixed(2))
      .join(' ');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(
    `Node ${process.version}, ${availableParallelism()} cores (${cpu}), load average ${load()}\n\n`,
  );
  process.stdout.write('| measurement | time | note |\n|---|---|---|\n');
  await benchFast({
    library: !args.includes('--no-library'),
    trees: treesAt >= 0 ? Number(args[treesAt + 1]) : 100,
    onLine: (line) => process.stdout.write(`${formatLine(line)}\n`),
  });
  process.stdout.write(`\nload average at the end: ${load()}\n`);
}
