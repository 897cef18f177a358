// `pnpm bench [--quick] [--only train,predict,http,hostile,cold,client,scale,interop] [--no-sklearn]
// [--no-library]`: side-by-side benchmarks of training, prediction, the HTTP host, cold start, the
// client/mock, how the served model scales with the rows, and interoperability (Open Inference V2 against
// the native API, an imported scikit-learn forest against a trained one). Not a test: it prints
// figures and ratios measured in the same run (absolute times on a shared machine mean little) as
// Markdown on stdout and in artifacts/bench.md, with every figure in artifacts/bench.json. Targets that
// are missed are reported, never turned into a failing exit code; a section that cannot run is.
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../packages/model/src/index.js';
import { parseBenchArgs } from './bench/args.js';
import { benchClientMock } from './bench/benchClientMock.js';
import { benchColdStart } from './bench/benchColdStart.js';
import { benchHostile } from './bench/benchHostile.js';
import { benchHttp } from './bench/benchHttp.js';
import { benchInterop } from './bench/benchInterop.js';
import { benchPredict } from './bench/benchPredict.js';
import { benchScale } from './bench/benchScale.js';
import { benchTraining } from './bench/benchTraining.js';
import { BenchContext } from './bench/context.js';
import { killAllChildren } from './bench/processes.js';
import {
  type MachineFacts,
  renderClosing,
  renderReport,
  renderSection,
  reportHeading,
  type SectionId,
  type SectionReport,
} from './bench/report.js';
import { detectSklearn } from './bench/sklearn.js';

type Section = (ctx: BenchContext, progress: (line: string) => void) => Promise<SectionReport>;

const sections: Record<SectionId, { title: string; run: Section }> = {
  train: { title: 'Training', run: benchTraining },
  predict: { title: 'Prediction (in-process)', run: benchPredict },
  http: { title: 'HTTP', run: benchHttp },
  hostile: { title: 'Hostile input', run: benchHostile },
  cold: { title: 'Cold start', run: benchColdStart },
  client: { title: 'Client SDK and mock', run: benchClientMock },
  scale: { title: 'Scale', run: benchScale },
  interop: { title: 'Interoperability', run: benchInterop },
};

/** Temporary folders of this run, removed even when it is interrupted. */
const tempDirs: string[] = [];

async function main(argv: string[]): Promise<number> {
  const args = parseBenchArgs(argv);
  // Nothing to run: --help, or bad arguments (already reported, exit code set).
  if (args === undefined) return process.exitCode === undefined ? 0 : Number(process.exitCode);
  const started = Date.now();
  const loadAverageStart = loadavg();
  const cores = availableParallelism();
  // Progress goes to stderr, so stdout is the Markdown alone.
  const progress = (line: string) =>
    process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0)}s] ${line}\n`);
  if (loadAverageStart[0] !== undefined && loadAverageStart[0] > cores / 2) {
    progress(
      `load average ${loadAverageStart[0].toFixed(2)} on ${cores} cores: the machine is busy, figures will be noisy`,
    );
  }
  const sklearn = args.sklearn
    ? await detectSklearn()
    : ({ available: false, reason: 'skipped (--no-sklearn)' } as const);
  const tempDir = await mkdtemp(join(tmpdir(), 'forestfn-bench-'));
  tempDirs.push(tempDir);
  const ctx = new BenchContext({ quick: args.quick, library: args.library }, sklearn, tempDir);
  const reports: SectionReport[] = [];
  let failed = false;
  process.stdout.write(`${reportHeading}\n\n`);
  try {
    for (const id of args.sections) {
      const section = sections[id];
      let report: SectionReport;
      try {
        report = await section.run(ctx, progress);
      } catch (error) {
        failed = true;
        progress(`${id} failed: ${(error as Error).stack ?? String(error)}`);
        report = {
          id,
          title: section.title,
          tables: [],
          notes: [`Could not run: ${(error as Error).message}`],
          targets: [],
          data: { error: (error as Error).message },
        };
      }
      reports.push(report);
      process.stdout.write(`${renderSection(report)}\n\n`);
    }
  } finally {
    killAllChildren();
    await rm(tempDir, { recursive: true, force: true });
  }

  const machine: MachineFacts = {
    cpu: cpus()[0]?.model.trim() ?? 'unknown CPU',
    cores,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageStart,
    loadAverageEnd: loadavg(),
    date: new Date(started).toISOString(),
    sklearn: sklearn.available ? sklearn.version : `scikit-learn not used (${sklearn.reason})`,
  };
  const markdown = renderReport(reports, machine);
  // The sections were printed as they finished; the targets and machine line close the report.
  process.stdout.write(`${renderClosing(reports, machine)}\n`);
  const outDir = join(repoRoot, 'artifacts');
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'bench.md'), markdown);
  const json = {
    machine,
    options: { quick: args.quick, sections: args.sections, sklearn: args.sklearn, library: args.library },
    seconds: (Date.now() - started) / 1000,
    sections: Object.fromEntries(
      reports.map((r) => [r.id, { title: r.title, notes: r.notes, targets: r.targets, ...r.data }]),
    ),
    targets: reports.flatMap((r) => r.targets),
  };
  await writeFile(join(outDir, 'bench.json'), `${JSON.stringify(json, null, 2)}\n`);
  progress(`done in ${json.seconds.toFixed(0)} s: artifacts/bench.md, artifacts/bench.json`);
  return failed ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAllChildren();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
}
process.exitCode = await main(process.argv.slice(2));
