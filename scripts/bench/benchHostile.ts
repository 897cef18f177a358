// Section: hostile input. (1) Every worst-case 1 MiB shape through the service in-process, each as a
// ratio to answering a valid 1,000-row body in the same run. (2) /api/health latency on the local host
// while those bodies arrive back to back. (3) 60 s at 64 connections of mixed valid and invalid requests:
// no 5xx, no socket errors, p50/p99, and resident memory after the run against after a 10 s warm-up.
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import autocannon, { type Result } from 'autocannon';
import { loadModel, repoRoot } from '../../packages/model/src/index.js';
import { maxBodyBytes } from '../../packages/service/src/contract.js';
import { createService } from '../../packages/service/src/index.js';
import { mutatedBodies, validBodies, worstCaseBodies } from '../../packages/service/test/hostileBodies.js';
import type { BenchContext } from './context.js';
import { childEnv, startChild, stopChild, waitForLine } from './processes.js';
import { formatCount, formatMs, formatRatio, type SectionReport, type TargetResult } from './report.js';
import { median, quantile } from './stats.js';

const localServer = fileURLToPath(new URL('localServer.ts', import.meta.url));
const targetWorstMs = 20;
const targetHealthMs = 50;

/** Median milliseconds of `service.fetch` on `body`, over `rounds` calls after one warm-up. */
async function timeService(fetch: (request: Request) => Promise<Response>, body: string, rounds: number) {
  const call = async () => {
    const response = await fetch(
      new Request('http://127.0.0.1/api/predict', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new Blob([body]).stream(),
        duplex: 'half',
      } as RequestInit),
    );
    await response.arrayBuffer();
    return response.status;
  };
  const status = await call();
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  return { ms: median(times), status };
}

/** Resident memory of a process, from /proc (Linux), in bytes. */
function rssOf(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : Number.NaN;
}

/** POSTs `body` on a kept-alive connection and resolves with the status. */
function post(url: string, agent: Agent, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/api/predict`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/json', 'content-length': body.byteLength },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function benchHostile(
  ctx: BenchContext,
  progress: (line: string) => void,
): Promise<SectionReport> {
  const quick = ctx.options.quick;
  const artifactPath = await ctx.artifactPath();
  const model = await loadModel(artifactPath);
  const service = createService({ model });
  const worst = worstCaseBodies(maxBodyBytes);
  const valid = validBodies(1000);
  const rounds = quick ? 5 : 15;

  progress('hostile: worst-case shapes in-process');
  const reference = await timeService(service.fetch, valid.rows, rounds);
  const referenceTyped = await timeService(service.fetch, valid.typed, rounds);
  const shapes: Array<{ name: string; bytes: number; ms: number; status: number }> = [];
  for (const [name, body] of Object.entries(worst)) {
    const { ms, status } = await timeService(service.fetch, body, rounds);
    shapes.push({ name, bytes: Buffer.byteLength(body), ms, status });
  }
  shapes.sort((a, b) => b.ms - a.ms);
  const worstShape = shapes[0];

  const child = startChild(process.execPath, ['--import', 'tsx', localServer], {
    cwd: repoRoot,
    env: childEnv({ FORESTFN_ARTIFACT: artifactPath }),
  });
  let health: number[] = [];
  let hostileSent = 0;
  let load: Result | undefined;
  let warmRss = Number.NaN;
  let afterRss = Number.NaN;
  const loadSeconds = quick ? 10 : 60;
  const warmSeconds = quick ? 3 : 10;
  try {
    const [, url = ''] = await waitForLine(child, /listening on (http:\/\/\S+)/, 60_000);
    const pid = child.process.pid as number;

    progress('hostile: /api/health while worst-case bodies arrive back to back on 2 connections');
    const agent = new Agent({ keepAlive: true, maxSockets: 2 });
    const bodies = Object.values(worst).map((body) => Buffer.from(body));
    let running = true;
    const senders = [0, 1].map(async (offset) => {
      for (let i = offset; running; i += 2) {
        await post(url, agent, bodies[i % bodies.length] as Buffer);
        hostileSent += 1;
      }
    });
    const healthAgent = new Agent({ keepAlive: true, maxSockets: 1 });
    const deadline = performance.now() + (quick ? 3_000 : 10_000);
    while (performance.now() < deadline) {
      const started = performance.now();
      await new Promise<void>((resolve, reject) => {
        httpRequest(`${url}/api/health`, { agent: healthAgent }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
          .on('error', reject)
          .end();
      });
      health.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    running = false;
    await Promise.all(senders);
    agent.destroy();
    healthAgent.destroy();

    progress(`hostile: ${warmSeconds} s warm-up, then ${loadSeconds} s at 64 connections of mixed requests`);
    // Mixed traffic: valid bodies of both forms and sizes, byte-mutated ones, and a few 1 MiB shapes.
    const mixed = [
      validBodies(1).rows,
      validBodies(1).typed,
      validBodies(100).rows,
      ...mutatedBodies(40, 5).map((bytes) => Buffer.from(bytes).toString('latin1')),
      ...Object.values(worst).slice(0, 4),
    ].map((body) => ({
      path: '/api/predict',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    }));
    const options = { url, connections: 64, requests: mixed, timeout: 10 };
    await autocannon({ ...options, duration: warmSeconds });
    warmRss = rssOf(pid);
    load = await autocannon({ ...options, duration: loadSeconds });
    afterRss = rssOf(pid);
  } finally {
    await stopChild(child);
  }

  health = health.sort((a, b) => a - b);
  const healthMax = health.at(-1) ?? Number.NaN;
  const fiveXx = load?.['5xx'] ?? Number.NaN;
  const rssGrowth = afterRss / warmRss - 1;

  const targets: TargetResult[] = [
    {
      target: `Hostile input: the worst 1 MiB body answered in ≤ ${targetWorstMs} ms`,
      measured: worstShape ? `${formatMs(worstShape.ms)} ("${worstShape.name}")` : 'n/a',
      pass: worstShape ? worstShape.ms <= targetWorstMs : undefined,
    },
    {
      target: `Hostile input: /api/health within ${targetHealthMs} ms while worst-case bodies arrive back to back`,
      measured: `max ${formatMs(healthMax)}, p99 ${formatMs(quantile(health, 0.99))} over ${health.length} checks`,
      pass: health.length > 0 ? healthMax <= targetHealthMs : undefined,
    },
    {
      target: `Load: ${loadSeconds} s at 64 connections, mixed: 0 5xx, 0 socket errors, RSS within 10 % of after warm-up`,
      measured: load
        ? `${fiveXx} 5xx, ${load.errors} errors, RSS ${(warmRss / 2 ** 20).toFixed(0)} → ${(afterRss / 2 ** 20).toFixed(0)} MB (${(rssGrowth * 100).toFixed(1)} %)`
        : 'n/a',
      pass: load ? fiveXx === 0 && load.errors === 0 && Math.abs(rssGrowth) <= 0.1 : undefined,
    },
  ];
  return {
    id: 'hostile',
    title: 'Hostile input',
    tables: [
      {
        caption: `\`service.fetch\` in-process, median of ${rounds}, each body filling the ${maxBodyBytes}-byte limit; the ratio is to a valid 1,000-row seed-form body (${formatMs(reference.ms)}; typed form ${formatMs(referenceTyped.ms)}) in the same run.`,
        columns: ['shape', 'bytes', 'status', 'time', 'vs valid 1,000 rows'],
        rows: shapes.map((s) => [
          s.name,
          formatCount(s.bytes),
          String(s.status),
          formatMs(s.ms),
          formatRatio(s.ms / reference.ms),
        ]),
      },
      {
        caption: `The local host (child process): /api/health every 20 ms while two connections send the worst-case bodies back to back (${hostileSent} sent); then ${loadSeconds} s of mixed traffic at 64 connections (autocannon, latency in whole ms).`,
        columns: ['what', 'figure'],
        rows: [
          [
            'health p50 / p99 / max',
            `${formatMs(quantile(health, 0.5))} / ${formatMs(quantile(health, 0.99))} / ${formatMs(healthMax)}`,
          ],
          ['mixed load req/s', formatCount(load?.requests.average ?? Number.NaN)],
          ['mixed load p50 / p99', `${load?.latency.p50 ?? 'n/a'} ms / ${load?.latency.p99 ?? 'n/a'} ms`],
          [
            'requests, 2xx / 4xx / 5xx, socket errors',
            load
              ? `${formatCount(load.requests.total)}, ${load['2xx']} / ${load['4xx']} / ${load['5xx']}, ${load.errors}`
              : 'n/a',
          ],
          [
            'RSS after warm-up → after the run',
            `${(warmRss / 2 ** 20).toFixed(0)} MB → ${(afterRss / 2 ** 20).toFixed(0)} MB`,
          ],
        ],
      },
    ],
    notes: [
      'The shapes are `worstCaseBodies` (packages/service/test/hostileBodies.ts), the same corpus the tests answer within budget: one or more per array and object level of both request forms.',
    ],
    targets,
    data: {
      referenceMs: reference.ms,
      referenceTypedMs: referenceTyped.ms,
      shapes,
      health,
      hostileSent,
      load,
      warmRss,
      afterRss,
    },
  };
}
