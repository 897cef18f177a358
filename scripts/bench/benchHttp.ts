// Section 3: POST /api/predict on the local host against a bare node:http server, both in child
// processes, loaded by autocannon from this process with the same connections and duration.
import { fileURLToPath } from 'node:url';
import { loadModel, type Model, repoRoot } from '../../packages/model/src/index.js';
import { createService } from '../../packages/service/src/index.js';
import {
  encodeRow,
  exampleRows,
  type Row,
  sampleRows,
  toInstance,
} from '../../packages/service/test/samples.js';
import type { BenchContext } from './context.js';
import { type Load, loadPost, wholeMs } from './httpLoad.js';
import { type Child, childEnv, startChild, stopChild, waitForLine } from './processes.js';
import { formatCount, formatMs, formatRatio, type SectionReport, type TargetResult } from './report.js';
import { median, perCall } from './stats.js';

const connections = 10;
const bareServer = fileURLToPath(new URL('bare-server.mjs', import.meta.url));
const localServer = fileURLToPath(new URL('localServer.ts', import.meta.url));

async function start(args: string[], env: Record<string, string>): Promise<{ child: Child; url: string }> {
  const child = startChild(process.execPath, args, { cwd: repoRoot, env: childEnv(env) });
  const [, url] = await waitForLine(child, /listening on (http:\/\/\S+)/, 60_000);
  return { child, url: url as string };
}

const load = (url: string, body: string, seconds: number, warmupSeconds: number): Promise<Load> =>
  loadPost(`${url}/api/predict`, body, { connections, seconds, warmupSeconds });

/**
 * The service without sockets, in this process: `service.fetch` on a Request whose body is a stream (as
 * the local host builds it), and `model.predict` alone. Milliseconds per call, median of 5 rounds.
 */
async function inProcess(
  model: Model,
  body: string,
  calls: number,
): Promise<{ serviceMs: number; predictMs: number }> {
  const service = createService({ model });
  const call = async () => {
    const request = new Request('http://127.0.0.1/api/predict', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([body]).stream(),
      duplex: 'half',
    } as RequestInit);
    const response = await service.fetch(request);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`service.fetch answered ${response.status}`);
  };
  for (let i = 0; i < calls; i++) await call();
  const rounds: number[] = [];
  for (let r = 0; r < 5; r++) {
    const started = performance.now();
    for (let i = 0; i < calls; i++) await call();
    rounds.push((performance.now() - started) / calls);
  }
  // The model takes a category as its index, as the service encodes it.
  const row = encodeRow(JSON.parse(body)[0] as Row);
  const predictMs = perCall(calls, 5, () => model.predict([row]));
  return { serviceMs: median(rounds), predictMs };
}

export async function benchHttp(ctx: BenchContext, progress: (line: string) => void): Promise<SectionReport> {
  const seconds = ctx.options.quick ? 2 : 5;
  const warmupSeconds = ctx.options.quick ? 0.5 : 1;
  const artifactPath = await ctx.artifactPath();
  const model = await loadModel(artifactPath);
  // Requests built from the spec as the tests build them, so they fit whatever table was adopted: one
  // example row, and 100 rows cycling through the example rows and rows spread over each feature's range,
  // so more than one path through the trees is taken.
  const one = exampleRows.at(-1) as Row;
  const hundred = Array.from({ length: 100 }, (_, i) => sampleRows[i % sampleRows.length] as Row);
  const cases = [
    { id: 'seed-1', name: '1 row, seed form (`[[...]]`)', body: JSON.stringify([one]) },
    { id: 'seed-100', name: '100 rows, seed form', body: JSON.stringify(hundred) },
    {
      id: 'typed-1',
      name: '1 row, typed form (`{"instances": [{...}]}`)',
      body: JSON.stringify({ instances: [toInstance(one)] }),
    },
  ];

  progress('http: the service in-process, without sockets');
  const direct = await inProcess(model, cases[0]?.body ?? '', ctx.options.quick ? 1000 : 5000);

  const servers: Child[] = [];
  const results: Array<{ id: string; name: string; bare: Load; local: Load; responseBytes: number }> = [];
  try {
    progress('http: starting the local host');
    const local = await start(['--import', 'tsx', localServer], { FORESTFN_ARTIFACT: artifactPath });
    servers.push(local.child);
    // The bare server answers what the local host answers to one row, so both send the same bytes.
    const sample = await fetch(`${local.url}/api/predict`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: cases[0]?.body ?? '',
    });
    const fixed = await sample.text();
    if (sample.status !== 200) throw new Error(`the local host answered ${sample.status}: ${fixed}`);
    const bare = await start([bareServer], { BARE_BODY: fixed });
    servers.push(bare.child);
    for (const c of cases) {
      const check = await fetch(`${local.url}/api/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: c.body,
      });
      const text = await check.text();
      if (check.status !== 200)
        throw new Error(`${c.name}: the local host answered ${check.status}: ${text}`);
      progress(`http: ${c.id}, bare server then local host, ${warmupSeconds} s warm-up + ${seconds} s each`);
      const bareLoad = await load(bare.url, c.body, seconds, warmupSeconds);
      const localLoad = await load(local.url, c.body, seconds, warmupSeconds);
      results.push({
        id: c.id,
        name: c.name,
        bare: bareLoad,
        local: localLoad,
        responseBytes: Buffer.byteLength(text),
      });
    }
  } finally {
    for (const child of servers) await stopChild(child);
  }

  const table = {
    caption: `POST /api/predict, ${connections} connections, ${seconds} s per run after a ${warmupSeconds} s warm-up, servers in child processes, autocannon in the parent (latency in whole ms). The bare server answers the local host's 1-row answer (${results[0]?.responseBytes ?? '?'} bytes) to every request.`,
    columns: [
      'request',
      'bare req/s',
      'local req/s',
      'local / bare',
      'bare p99',
      'local p99',
      'errors + non-2xx',
    ],
    rows: results.map((r) => [
      r.name,
      formatCount(r.bare.requestsPerSecond),
      formatCount(r.local.requestsPerSecond),
      formatRatio(r.local.requestsPerSecond / r.bare.requestsPerSecond),
      wholeMs(r.bare.p99Ms),
      wholeMs(r.local.p99Ms),
      `${r.bare.errors + r.bare.non2xx} / ${r.local.errors + r.local.non2xx}`,
    ]),
  };
  const first = results[0];
  const perRequest = (load: Load | undefined) =>
    load === undefined ? Number.NaN : 1000 / load.requestsPerSecond;
  const costTable = {
    caption:
      'Where a 1-row seed-form request spends its time: server time per request under load (1 / req/s; the server has one core) against the same work in-process.',
    columns: ['what', 'time per request'],
    rows: [
      ['bare node:http server, under load', formatMs(perRequest(first?.bare))],
      ['local host, under load', formatMs(perRequest(first?.local))],
      [
        '`service.fetch(Request)` in-process (stream body, no socket): validation, prediction, headers',
        formatMs(direct.serviceMs),
      ],
      ['`model.predict([row])` in-process', formatMs(direct.predictMs)],
    ],
  };
  const ratio =
    first === undefined ? Number.NaN : first.local.requestsPerSecond / first.bare.requestsPerSecond;
  const clean = results.every((r) => r.bare.errors + r.bare.non2xx + r.local.errors + r.local.non2xx === 0);
  const targets: TargetResult[] = [
    {
      target: 'HTTP, 1 row (seed form): at least 0.7 of the bare server’s requests/s',
      measured:
        first === undefined
          ? 'n/a'
          : `${formatCount(first.local.requestsPerSecond)} vs ${formatCount(first.bare.requestsPerSecond)} req/s: ${formatRatio(ratio)}`,
      pass: Number.isFinite(ratio) && clean ? ratio >= 0.7 : undefined,
    },
  ];
  const notes = [
    'The local host is `startLocalServer` (server/src/local.ts, node:http over the service) without request logging, run with `node --import tsx`; it validates the body against the spec, predicts, and adds the request id and model version headers.',
  ];
  if (!clean) notes.push('Some requests failed (see the last column): the figures are not comparable.');
  return {
    id: 'http',
    title: 'HTTP',
    tables: [table, costTable],
    notes,
    targets,
    data: {
      connections,
      seconds,
      warmupSeconds,
      cases: results,
      inProcessMs: { serviceFetch: direct.serviceMs, modelPredict: direct.predictMs },
    },
  };
}
