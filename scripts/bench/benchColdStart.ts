// Section 4: cold start, from spawning a process to its first successful prediction, against a bare
// node:http server's first answer; plus the packaged function app loaded and called once.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../../packages/model/src/index.js';
import { exampleRows } from '../../packages/service/test/samples.js';
import { buildLocalHost } from '../../server/src/prepareLocalHost.js';
import type { BenchContext } from './context.js';
import { type Child, childEnv, freePort, postJson, startChild, stopChild, waitForLine } from './processes.js';
import { formatMs, formatRatio, type SectionReport, type TargetResult } from './report.js';
import { median } from './stats.js';

const bareServer = fileURLToPath(new URL('bare-server.mjs', import.meta.url));
// One seed-form row from the spec's examples (as the tests read them), valid for whatever table is served.
const body = JSON.stringify([exampleRows.at(-1)]);
const deadlineMs = 60_000;

/**
 * Loads the bundle, calls its exported predict handler as the Functions host would, and on a 200 prints
 * "ok <require ms> <first predict ms>" as timed inside the process.
 */
const bundleScript = `
const started = performance.now();
const { handlers } = require(process.argv[1]);
const loaded = performance.now();
const request = {
  method: 'POST',
  url: 'http://localhost/api/predict',
  headers: new Headers({ 'content-type': 'application/json' }),
  body: new Blob([process.argv[2]]).stream(),
};
handlers.predict(request, {}).then((response) => {
  const answered = performance.now();
  process.stdout.write(
    response.status === 200
      ? 'ok ' + (loaded - started) + ' ' + (answered - loaded) + '\\n'
      : 'status ' + response.status + '\\n',
  );
});`;

interface Kind {
  id: string;
  name: string;
  /** Milliseconds from spawn to the first successful prediction (or answer, or line). */
  run(): Promise<number>;
}

/** Spawns a server on a free port and polls POST /api/predict until it answers 200. */
async function serverStart(args: string[], env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/api/predict`;
  const started = performance.now();
  const child = startChild(process.execPath, args, {
    cwd: repoRoot,
    env: childEnv({ ...env, PORT: String(port) }),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let exited = false;
  child.exited.then(() => {
    exited = true;
  });
  try {
    for (;;) {
      const status = await postJson(url, body).catch(() => 0);
      if (status === 200) return performance.now() - started;
      if (status !== 0) throw new Error(`${args.join(' ')} answered ${status}`);
      if (exited) throw new Error(`${args.join(' ')} exited before answering: ${child.stderr()}`);
      if (performance.now() - started > deadlineMs)
        throw new Error(`${args.join(' ')}: no answer in ${deadlineMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  } finally {
    await stopChild(child);
  }
}

/** Spawns `node [nodeArgs] -e script ...args` and waits for its "ok" line; `onLine` gets the line's words. */
async function scriptStart(
  script: string,
  args: string[],
  nodeArgs: string[] = [],
  onLine?: (words: string[]) => void,
): Promise<number> {
  const started = performance.now();
  const child: Child = startChild(process.execPath, [...nodeArgs, '-e', script, ...args], {
    cwd: repoRoot,
    env: childEnv(),
  });
  try {
    const [line] = await waitForLine(child, /^ok( .*)?$/, deadlineMs);
    const ms = performance.now() - started;
    onLine?.((line ?? '').split(' ').slice(1));
    return ms;
  } finally {
    await stopChild(child);
  }
}

export async function benchColdStart(
  ctx: BenchContext,
  progress: (line: string) => void,
): Promise<SectionReport> {
  const runs = ctx.options.quick ? 3 : 5;
  const artifactPath = await ctx.artifactPath();
  // Built as `pnpm start` builds it, before any timing.
  const localHost = await buildLocalHost();
  const notes: string[] = [];
  const kinds: Kind[] = [
    {
      id: 'node',
      name: 'node itself: `node -e` printing a line (reference)',
      run: () => scriptStart("process.stdout.write('ok\\n')", []),
    },
    {
      id: 'tsx',
      name: 'node with tsx loaded: `node --import tsx -e` printing a line (reference)',
      run: () => scriptStart("process.stdout.write('ok\\n')", [], ['--import', 'tsx']),
    },
    {
      id: 'bare',
      name: 'bare node:http server (`node bare-server.mjs`), first answer',
      run: () => serverStart([bareServer], {}),
    },
    {
      id: 'local',
      name: 'local host as `pnpm start` runs it (`node server/dist/local/main.mjs`), first prediction',
      run: () => serverStart([localHost], { FORESTFN_ARTIFACT: artifactPath }),
    },
  ];
  const inside: Array<{ requireMs: number; predictMs: number }> = [];
  try {
    const app = await ctx.functionAppDir();
    kinds.push({
      id: 'bundle',
      name: 'function app bundle: `require(functions.js)` + its predict handler, first prediction',
      run: () =>
        scriptStart(bundleScript, [join(app.dir, 'functions.js'), body], [], ([requireMs, predictMs]) =>
          inside.push({ requireMs: Number(requireMs), predictMs: Number(predictMs) }),
        ),
    });
    notes.push(
      `The bundle is ${app.source}, unzipped; this is the app's own start-up only: the Functions host's start-up (not available here) comes on top.`,
    );
  } catch (error) {
    notes.push(`Function app bundle skipped: ${(error as Error).message}`);
  }

  const times = new Map<string, number[]>(kinds.map((kind) => [kind.id, []]));
  // One untimed round fills the disk caches (and tsx's transform cache); then rounds alternate the
  // kinds, so a slow spell of the machine hits all of them.
  progress(`cold start: warm-up round, then ${runs} rounds of ${kinds.length} kinds`);
  for (const kind of kinds) await kind.run();
  for (let round = 0; round < runs; round++) {
    for (const kind of kinds) times.get(kind.id)?.push(await kind.run());
  }

  const bare = median(times.get('bare') ?? []);
  const table = {
    caption: `Process start to first successful answer, median of ${runs} runs (after one untimed round), polling every 2 ms on a fresh connection.`,
    columns: ['process', 'median', 'min', 'max', '/ bare server'],
    rows: kinds.map((kind) => {
      const ms = times.get(kind.id) ?? [];
      return [
        kind.name,
        formatMs(median(ms)),
        formatMs(Math.min(...ms)),
        formatMs(Math.max(...ms)),
        formatRatio(median(ms) / bare),
      ];
    }),
  };
  if (inside.length > 0) {
    // The first entry is the untimed warm-up round's.
    const timed = inside.slice(1);
    notes.push(
      `Inside the bundle's process (medians): \`require('functions.js')\` (parse the bundle, read and hash-check the artifact, compile the forest, create the service) ${formatMs(median(timed.map((t) => t.requireMs)))}, then the first predict call ${formatMs(median(timed.map((t) => t.predictMs)))}.`,
    );
  }
  const local = median(times.get('local') ?? []);
  const bundle = times.get('bundle');
  const targets: TargetResult[] = [
    {
      target: 'Cold start (local host, first prediction): within 1.5x of the bare server’s',
      measured: `${formatMs(local)} vs ${formatMs(bare)}: ${formatRatio(local / bare)}`,
      pass: local / bare <= 1.5,
    },
  ];
  if (bundle !== undefined) {
    targets.push({
      target: 'Cold start (function app bundle, first prediction): within 1.5x of the bare server’s',
      measured: `${formatMs(median(bundle))} vs ${formatMs(bare)}: ${formatRatio(median(bundle) / bare)}`,
      pass: median(bundle) / bare <= 1.5,
    });
  }
  notes.push(
    'The local host is main.ts built to JavaScript (as `pnpm start` does before starting it); its start-up reads and hash-checks the artifact, compiles the forest and creates the service.',
  );
  return {
    id: 'cold',
    title: 'Cold start',
    tables: [table],
    notes,
    targets,
    data: { runs, ms: Object.fromEntries(times), bundleInside: inside.slice(1) },
  };
}
