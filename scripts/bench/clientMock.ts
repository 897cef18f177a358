// Child process of the client benchmark (MSW patches this process's fetch, so it gets its own): one
// predict() through the client and a raw fetch of the same request, in interleaved rounds, answered
// by the mock (TARGET=mock, default) or by the local host over HTTP (TARGET=local). The client has its
// defaults (a 30 s timeout per attempt, 2 retries). Uses the published builds (packages/*/dist) when
// both exist, else the sources. Prints one JSON line.
import { existsSync } from 'node:fs';
import { setupServer } from 'msw/node';
import type * as Client from '../../packages/client/src/index.js';
import type * as Mock from '../../packages/mock/src/index.js';
import { exampleRows, toInstance } from '../../packages/service/test/samples.js';
import { startLocalServer } from '../../server/src/local.js';
import { quantile } from './stats.js';

const samples = Number(process.env.SAMPLES ?? 3000);
const warmup = 300;
/** Calls per round. */
const ROUND = 10;
const dist = (name: string) => new URL(`../../packages/${name}/dist/index.js`, import.meta.url);
const built = existsSync(dist('client')) && existsSync(dist('mock'));
const entry = (name: string) => (built ? dist(name).href : `../../packages/${name}/src/index.js`);
const { createClient } = (await import(entry('client'))) as typeof Client;
const { createHandlers } = (await import(entry('mock'))) as typeof Mock;

let baseUrl = 'http://forestfn-bench.test';
let close: () => Promise<void> | void;
if (process.env.TARGET === 'local') {
  const local = await startLocalServer({ port: 0 });
  baseUrl = local.url;
  close = local.close;
} else {
  const server = setupServer(...createHandlers({ baseUrl }).handlers);
  server.listen({ onUnhandledRequest: 'error' });
  close = () => server.close();
}
const client = createClient({ baseUrl });
// The spec's last example (a row of the second class, whatever the table was adopted).
const instances = [toInstance(exampleRows.at(-1) ?? []) as Client.Instance];

async function viaClient(): Promise<unknown> {
  return (await client.predict(instances)).predictions;
}
// What a caller without the client writes: the body serialized per call, as the client must.
async function viaFetch(): Promise<unknown> {
  const response = await fetch(`${baseUrl}/api/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ instances }),
  });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return ((await response.json()) as { predictions: unknown }).predictions;
}

async function time(call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await call();
  return performance.now() - started;
}

try {
  if (JSON.stringify(await viaClient()) !== JSON.stringify(await viaFetch())) {
    throw new Error('the client and a raw fetch got different predictions');
  }
  for (let i = 0; i < warmup; i++) {
    await viaClient();
    await viaFetch();
  }
  // Rounds of ROUND calls each, raw fetch and client in turn (who goes first alternates), so noise
  // on the machine hits both alike; each call is timed, and each round gives µs per call.
  const clientMs: number[] = [];
  const fetchMs: number[] = [];
  const roundDiffMs: number[] = [];
  const round = async (call: () => Promise<unknown>, into: number[]): Promise<number> => {
    let total = 0;
    for (let i = 0; i < ROUND; i++) {
      const ms = await time(call);
      into.push(ms);
      total += ms;
    }
    return total / ROUND;
  };
  for (let r = 0; r < samples / ROUND; r++) {
    let clientRound: number;
    let fetchRound: number;
    if (r % 2) {
      clientRound = await round(viaClient, clientMs);
      fetchRound = await round(viaFetch, fetchMs);
    } else {
      fetchRound = await round(viaFetch, fetchMs);
      clientRound = await round(viaClient, clientMs);
    }
    roundDiffMs.push(clientRound - fetchRound);
  }
  const stats = (ms: number[]) => ({
    meanMs: ms.reduce((a, b) => a + b, 0) / ms.length,
    medianMs: quantile(ms, 0.5),
    p90Ms: quantile(ms, 0.9),
    p99Ms: quantile(ms, 0.99),
  });
  process.stdout.write(
    `${JSON.stringify({
      source: built ? 'dist' : 'src',
      samples,
      warmup,
      client: stats(clientMs),
      fetch: stats(fetchMs),
      overhead: {
        medianDiffMs: quantile(clientMs, 0.5) - quantile(fetchMs, 0.5),
        pairedMedianMs: quantile(roundDiffMs, 0.5),
      },
    })}\n`,
  );
} finally {
  await close();
}
