// Latency of one predict() through the client and the mock (MSW in-process), not a test:
// `pnpm --filter @forestfn/mock bench` (needs artifacts/model.json: `pnpm train`).
import { setupServer } from 'msw/node';
import { createClient } from '../../client/src/index.js';
import { createHandlers, modelCard } from '../src/index.js';

const baseUrl = 'http://forestfn-bench.test';
const warmup = 300;
const samples = Number(process.env.SAMPLES ?? 3000);

const server = setupServer(...createHandlers({ baseUrl }).handlers);
server.listen({ onUnhandledRequest: 'error' });
const client = createClient({ baseUrl });
// A versicolor-like flower: its trees disagree more than on the extremes, so every vote path is walked.
const instances = [{ sepal_length: 5.9, sepal_width: 3.0, petal_length: 4.2, petal_width: 1.5 }];

async function measure(name: string, call: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < warmup; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await call();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? Number.NaN).toFixed(3);
  console.log(
    `${name.padEnd(34)} median ${at(0.5)} ms   p90 ${at(0.9)} ms   p99 ${at(0.99)} ms   (${samples} calls)`,
  );
}

console.log(`node ${process.version}, model ${modelCard.name}@${modelCard.version}`);
await measure('client.predict() through the mock', () => client.predict(instances));
await measure('fetch() through the mock', async () => {
  const response = await fetch(`${baseUrl}/api/predict`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ instances }),
  });
  await response.json();
});
server.close();
