// Child process of the client benchmark (MSW patches this process's fetch, so it gets its own): one
// predict() through the client and a raw fetch of the same request, interleaved, answered by the mock
// (TARGET=mock, default) or by the local host over HTTP (TARGET=local). Uses the published builds
// (packages/*/dist) when both exist, else the sources. Prints one JSON line.
import { existsSync } from 'node:fs';
import { setupServer } from 'msw/node';
import type * as Client from '../../packages/client/src/index.js';
import type * as Mock from '../../packages/mock/src/index.js';
import { startLocalServer } from '../../server/src/local.js';
import { quantile } from './stats.js';

const samples = Number(process.env.SAMPLES ?? 3000);
const warmup = 300;
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
// A versicolor-like flower: its trees disagree more than on the extremes.
const instances = [{ sepal_length: 5.9, sepal_width: 3.0, petal_length: 4.2, petal_width: 1.5 }];
const body = JSON.stringify({ instances });

async function viaClient(): Promise<unknown> {
  return (await client.predict(instances)).predictions;
}
async function viaFetch(): Promise<unknown> {
  const response = await fetch(`${baseUrl}/api/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
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
  const clientMs: number[] = [];
  const fetchMs: number[] = [];
  for (let i = 0; i < samples; i++) {
    // Alternate who goes first, so neither always follows the other.
    if (i % 2) {
      clientMs.push(await time(viaClient));
      fetchMs.push(await time(viaFetch));
    } else {
      fetchMs.push(await time(viaFetch));
      clientMs.push(await time(viaClient));
    }
  }
  const stats = (ms: number[]) => ({
    medianMs: quantile(ms, 0.5),
    p90Ms: quantile(ms, 0.9),
    p99Ms: quantile(ms, 0.99),
  });
  process.stdout.write(
    `${JSON.stringify({ source: built ? 'dist' : 'src', samples, warmup, client: stats(clientMs), fetch: stats(fetchMs) })}\n`,
  );
} finally {
  await close();
}
