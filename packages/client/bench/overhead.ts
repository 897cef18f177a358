// What the client costs over a bare fetch: the same predict request against the local host, both
// ways, interleaved in one run so both see the same machine state.
// Run: pnpm exec tsx packages/client/bench/overhead.ts [rounds]
import { performance } from 'node:perf_hooks';
import { startLocalServer } from '../../../server/src/local.js';
import { createClient } from '../src/createClient.js';

const rounds = Number(process.argv[2] ?? 500);
const warmup = 100;
const apiKey = 'bench-key';
const instances = [
  { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 },
  { sepal_length: 6.7, sepal_width: 3.0, petal_length: 5.2, petal_width: 2.3 },
];

const server = await startLocalServer({ port: 0, apiKey });
const client = createClient({ baseUrl: server.url, apiKey });
const body = JSON.stringify({ instances });

async function viaClient(): Promise<unknown> {
  return (await client.predict(instances)).predictions;
}
async function viaFetch(): Promise<unknown> {
  const response = await fetch(`${server.url}/api/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-functions-key': apiKey },
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

try {
  if (JSON.stringify(await viaClient()) !== JSON.stringify(await viaFetch())) {
    throw new Error('the client and fetch disagree');
  }
  for (let i = 0; i < warmup; i++) {
    await viaClient();
    await viaFetch();
  }
  const clientMs: number[] = [];
  const fetchMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    // Alternate who goes first so neither always runs on a freshly used connection.
    if (i % 2) {
      clientMs.push(await time(viaClient));
      fetchMs.push(await time(viaFetch));
    } else {
      fetchMs.push(await time(viaFetch));
      clientMs.push(await time(viaClient));
    }
  }
  const c = median(clientMs);
  const f = median(fetchMs);
  // Paired by round, so a slow spell of the machine hits both sides of the difference.
  const paired = median(clientMs.map((ms, i) => ms - (fetchMs[i] ?? 0)));
  console.log(`predict, ${instances.length} instances, ${rounds} interleaved rounds after ${warmup} warm-up`);
  console.log(`  raw fetch median: ${(f * 1000).toFixed(0)} µs`);
  console.log(`  client    median: ${(c * 1000).toFixed(0)} µs`);
  console.log(`  overhead: ${((c - f) * 1000).toFixed(0)} µs per call, ratio ${(c / f).toFixed(2)}x`);
  console.log(`  median per-round difference: ${(paired * 1000).toFixed(0)} µs`);
} finally {
  await server.close();
}
